package io.wmco.app.workflow;

import io.wmco.domain.hostsettings.TrustedCertificate;
import io.wmco.domain.plan.HostStep;
import io.wmco.domain.remote.FileCommands;
import io.wmco.domain.remote.HostConfigCommands;
import io.wmco.domain.remote.ServiceCommands;
import io.wmco.domain.remote.ServiceState;
import io.wmco.ports.remote.RemoteHost;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Carries out {@link HostStep}s: one command per variable (each says whether it changed), restarts of the services
 * that read them only when one did; certificate files written with the hash skip, imported, and the ones the
 * operator added before and no longer wants removed from the store with their files.
 */
final class HostSettingSteps {
    private HostSettingSteps() {}

    static StepResult run(HostStep step, StepContext ctx) {
        RemoteHost host = ctx.remote();
        if (step instanceof HostStep.SetMachineVariables s) {
            setVariables(host, s);
        } else if (step instanceof HostStep.SyncRootCertificates s) {
            syncCertificates(host, s);
        } else if (step instanceof HostStep.PruneEntries s) {
            prune(host, s);
        }
        return StepResult.DONE;
    }

    private static void setVariables(RemoteHost host, HostStep.SetMachineVariables s) {
        boolean changed = false;
        for (Map.Entry<String, Optional<String>> v : s.variables().entrySet()) {
            String name = v.getKey();
            // the description names the variable only: a proxy value may carry a password
            boolean c = HostConfigCommands.parseChanged(
                    v.getValue().isPresent()
                            ? host.runChecked(
                                    "set machine variable " + name,
                                    HostConfigCommands.setMachineVariable(
                                            name, v.getValue().get()))
                            : host.runChecked(
                                    "remove machine variable " + name, HostConfigCommands.removeMachineVariable(name)));
            changed |= c;
        }
        if (changed) {
            restartRunning(host, s.restartWhenChanged());
        }
    }

    /** Stops the running ones in order, then starts them in reverse order; stopped services stay stopped. */
    private static void restartRunning(RemoteHost host, List<String> services) {
        List<String> running = new ArrayList<>();
        for (String name : services) {
            if (ServiceSteps.status(host, name).state() == ServiceState.RUNNING) {
                running.add(name);
            }
        }
        for (String name : running) {
            host.runChecked("stop service " + name + " to restart it", ServiceCommands.stop(name));
        }
        for (int i = running.size() - 1; i >= 0; i--) {
            host.runChecked("start service " + running.get(i), ServiceCommands.start(running.get(i)));
        }
    }

    /** Lists the directory and removes each entry not kept, as a directory tree or as a file (one of them is a no-op). */
    private static void prune(RemoteHost host, HostStep.PruneEntries s) {
        Set<String> keep = new HashSet<>();
        s.keep().forEach(k -> keep.add(k.toLowerCase(Locale.ROOT)));
        List<String> present = HostConfigCommands.parseNames(
                host.runChecked("list " + s.directory(), HostConfigCommands.childNames(s.directory())));
        for (String name : present) {
            if (keep.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            String path = s.directory() + name;
            host.runChecked("remove stale directory " + path, FileCommands.removeDirectory(path));
            host.runChecked("remove stale file " + path, FileCommands.remove(path));
        }
    }

    private static void syncCertificates(RemoteHost host, HostStep.SyncRootCertificates s) {
        Set<String> wanted = new HashSet<>();
        if (!s.certificates().isEmpty()) {
            host.runChecked("create directory " + s.directory(), FileCommands.ensureDirectory(s.directory()));
        }
        for (TrustedCertificate c : s.certificates()) {
            String path = s.directory() + c.fileName();
            wanted.add(c.fileName().toUpperCase(Locale.ROOT));
            host.writeIfChanged(c.bytes(), path);
            host.runChecked("import certificate " + c.thumbprint(), HostConfigCommands.importRootCertificate(path));
        }
        List<String> present = HostConfigCommands.parseNames(
                host.runChecked("list " + s.directory(), HostConfigCommands.childNames(s.directory())));
        for (String name : present) {
            String upper = name.toUpperCase(Locale.ROOT);
            if (wanted.contains(upper) || !upper.matches("[0-9A-F]{40}\\.CRT")) {
                continue;
            }
            String thumbprint = upper.substring(0, 40);
            host.runChecked("remove certificate " + thumbprint, HostConfigCommands.removeRootCertificate(thumbprint));
            host.runChecked("remove file " + name, FileCommands.remove(s.directory() + name));
        }
    }
}
