package io.wmco.app.cli;

import io.wmco.domain.instance.InstanceMatcher;
import io.wmco.domain.instance.Username;
import io.wmco.domain.instance.WindowsBuilds;
import io.wmco.domain.remote.CommandResult;
import io.wmco.domain.remote.HostCommands;
import io.wmco.domain.remote.HostCommands.ListeningPort;
import io.wmco.domain.remote.RemoteCommand;
import io.wmco.domain.remote.ServiceCommands;
import io.wmco.domain.remote.ServiceState;
import io.wmco.domain.remote.ServiceStatus;
import io.wmco.domain.remote.Shell;
import io.wmco.ports.remote.RemoteAccessException;
import io.wmco.ports.remote.RemoteHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The preflight checks that need a logged-in connection: shell, hostname, Windows build, firewall, ports,
 * container runtime and disk space, each sent as a command of the operator's vocabulary and judged from its output.
 */
final class PreflightHostChecks {
    static final List<String> NAMES =
            List.of("shell", "hostname", "windows build", "firewall", "ports", "container runtime", "disk space");

    private final RemoteHost remote;
    private final String user;
    private final int minFreeGib;

    PreflightHostChecks(RemoteHost remote, Username user, int minFreeGib) {
        this.remote = remote;
        this.user = PreflightCommand.shown(user);
        this.minFreeGib = minFreeGib;
    }

    void runAll(List<PreflightCheck> checks) {
        CommandResult hostname = run(HostCommands.hostname());
        if (!hostname.succeeded()) {
            checks.add(PreflightCheck.fail(
                    "shell",
                    "default shell " + shellName(remote.defaultShell())
                            + ", but PowerShell commands fail (exit status " + hostname.exitStatus() + ": "
                            + tail(hostname.stderr()) + ")",
                    "make sure powershell.exe runs for " + user + " over SSH "
                            + "(try: ssh " + user
                            + "@<host> powershell.exe -NonInteractive -Command Get-Date); the "
                            + "operator runs every command in PowerShell"));
            NAMES.stream().skip(1).forEach(n -> checks.add(PreflightCheck.skip(n, "needs working PowerShell")));
            return;
        }
        checks.add(PreflightCheck.pass(
                "shell",
                shellName(remote.defaultShell())
                        + (remote.defaultShell() == Shell.POWERSHELL
                                ? ""
                                : "; the operator wraps its commands in powershell.exe")));
        String name = hostname.stdout().strip();
        checks.add(InstanceMatcher.hostnameProblem(name)
                .map(p -> PreflightCheck.fail(
                        "hostname",
                        p,
                        "Rename-Computer -NewName <label> -Restart, with "
                                + "a name of letters, digits and '-' that starts and ends with a letter or digit"))
                .orElseGet(() -> PreflightCheck.pass(
                        "hostname", name + " (node name " + name.toLowerCase(java.util.Locale.ROOT) + ")")));
        checks.add(parsed(
                "windows build",
                HostCommands.windowsBuild(),
                HostCommands::parseWindowsBuild,
                build -> WindowsBuilds.problem(build)
                        .map(p -> PreflightCheck.fail(
                                "windows build",
                                p,
                                "reinstall the host with one of " + "the supported Windows Server LTSC releases"))
                        .orElseGet(() -> PreflightCheck.pass(
                                "windows build",
                                WindowsBuilds.find(build).orElseThrow().toString()))));
        checks.add(firewall());
        checks.add(
                parsed("ports", HostCommands.listeningTcpPorts(), HostCommands::parseListeningTcpPorts, this::ports));
        checks.add(containerRuntime());
        checks.add(parsed(
                "disk space", HostCommands.driveFreeBytes("C:\\"), HostCommands::parseDriveFreeBytes, this::disk));
    }

    private PreflightCheck firewall() {
        List<String> closed = new ArrayList<>();
        for (Map.Entry<Integer, String> e : PreflightCommand.SERVICE_PORTS.entrySet()) {
            CommandResult r = run(HostCommands.firewallInboundRules(e.getKey()));
            try {
                if (HostCommands.parseFirewallRuleCount(r) == 0) {
                    closed.add(e.getKey() + " (" + e.getValue() + ")");
                }
            } catch (IllegalArgumentException ex) {
                return unreadable("firewall", ex);
            }
        }
        if (closed.isEmpty()) {
            return PreflightCheck.pass(
                    "firewall",
                    "inbound TCP "
                            + PreflightCommand.SERVICE_PORTS.keySet().stream()
                                    .map(String::valueOf)
                                    .reduce((x, y) -> x + ", " + y)
                                    .orElse("")
                            + " allowed");
        }
        StringBuilder fix = new StringBuilder();
        for (String c : closed) {
            String p = c.substring(0, c.indexOf(' '));
            fix.append(fix.isEmpty() ? "" : "; ")
                    .append("New-NetFirewallRule -DisplayName 'wmco ")
                    .append(p)
                    .append("' -Direction Inbound -Protocol TCP -LocalPort ")
                    .append(p)
                    .append(" -Action Allow");
        }
        return PreflightCheck.fail(
                "firewall", "no inbound allow rule for TCP " + String.join(", ", closed), fix.toString());
    }

    private PreflightCheck ports(List<ListeningPort> listening) {
        List<String> taken = new ArrayList<>();
        for (ListeningPort lp : listening) {
            String owner = PreflightCommand.SERVICE_PORTS.get(lp.port());
            if (owner != null && !owner.equalsIgnoreCase(lp.process())) {
                taken.add(lp.port() + " by " + (lp.process().isEmpty() ? "an unknown process" : lp.process()));
            }
        }
        if (taken.isEmpty()) {
            return PreflightCheck.pass(
                    "ports", "TCP 10250 (kubelet) and 9182 (windows_exporter) are free or " + "held by those services");
        }
        return PreflightCheck.fail(
                "ports",
                "TCP " + String.join(", ", taken) + " already listening",
                "stop and disable the program holding the port (Get-NetTCPConnection -State Listen -LocalPort "
                        + "<port> shows its process id); kubelet needs 10250 and windows_exporter 9182");
    }

    private PreflightCheck containerRuntime() {
        ServiceStatus containerd;
        ServiceStatus docker;
        try {
            containerd = ServiceCommands.parseQuery(run(ServiceCommands.query("containerd")));
            docker = ServiceCommands.parseQuery(run(ServiceCommands.query("docker")));
        } catch (IllegalArgumentException e) {
            return unreadable("container runtime", e);
        }
        if (docker.state() == ServiceState.RUNNING) {
            return PreflightCheck.fail(
                    "container runtime",
                    "the Docker service runs; it conflicts with the " + "containerd the operator installs",
                    "Stop-Service docker; Set-Service docker "
                            + "-StartupType Disabled (and move workloads to containerd)");
        }
        if (containerd.exists() && "Disabled".equalsIgnoreCase(containerd.startType())) {
            return PreflightCheck.fail(
                    "container runtime",
                    "the containerd service exists but is disabled, so " + "the kubelet could not run containers",
                    "Set-Service containerd -StartupType Automatic, or "
                            + "remove it with sc.exe delete containerd and let the operator install its own");
        }
        return PreflightCheck.pass(
                "container runtime",
                containerd.exists()
                        ? "containerd is installed (" + containerd.state().printed() + "); the operator manages it"
                        : "no containerd yet; the operator installs it");
    }

    private PreflightCheck disk(long freeBytes) {
        long gib = 1L << 30;
        String free = String.format(java.util.Locale.ROOT, "%.1f GiB free on C:\\", freeBytes / (double) gib);
        if (freeBytes >= minFreeGib * gib) {
            return PreflightCheck.pass("disk space", free);
        }
        return PreflightCheck.fail(
                "disk space",
                free + ", less than " + minFreeGib + " GiB (the node's binaries "
                        + "take about 0.5 GiB; Windows container images several GiB each)",
                "free space on C:\\ or "
                        + "extend the volume; lower the bar with --min-free-gib only for hosts without workloads");
    }

    private <T> PreflightCheck parsed(
            String name, RemoteCommand command, Function<CommandResult, T> parser, Function<T, PreflightCheck> judge) {
        T value;
        try {
            value = parser.apply(run(command));
        } catch (IllegalArgumentException e) {
            return unreadable(name, e);
        }
        return judge.apply(value);
    }

    private PreflightCheck unreadable(String name, IllegalArgumentException e) {
        return PreflightCheck.fail(
                name,
                "could not be read: " + tail(e.getMessage()),
                "make sure " + user + " is a local administrator (the operator needs one) and run the check again");
    }

    private CommandResult run(RemoteCommand command) {
        try {
            return remote.run(command);
        } catch (RemoteAccessException e) {
            return new CommandResult(255, "", PreflightCommand.reason(e));
        }
    }

    private static String shellName(Shell shell) {
        return shell == Shell.POWERSHELL ? "PowerShell" : "cmd";
    }

    private static String tail(String text) {
        String t = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return t.length() <= 160 ? t : "..." + t.substring(t.length() - 160);
    }
}
