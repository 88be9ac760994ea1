package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.hostsettings.HostSettings;
import io.wmco.domain.hostsettings.RegistryDirectory;
import io.wmco.domain.hostsettings.RegistryMirrors;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.MetadataPatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The steps that give a node its host-wide settings ({@link HostSettings}), and the plan that re-applies them to a
 * configured node when they changed. Pure functions; thread-safe.
 *
 * <p>Registry mirrors: one directory per source registry under containerd's {@code config_path}
 * ({@link RegistryMirrors#REGISTRIES_DIR}), written with the hash skip; directories and files there that the
 * settings no longer name are removed. containerd reads {@code hosts.toml} on every pull, so no restart is needed.
 *
 * <p>Design: a change of the proxy variables restarts the running containerd and kubelet services on the node
 * (they read machine variables only at start) instead of asking for a reboot as the reference operator does; the
 * node is not cordoned or drained, since containers keep running while containerd restarts and the kubelet picks
 * its pods up again. A change of the trusted certificates needs no restart: Windows reads the store per connection.
 */
public final class HostSettingsPlanner {
    private HostSettingsPlanner() {}

    /** Plan kind of {@link #apply}. */
    public static final String APPLY = "host-settings";

    /** Services that read the proxy variables, in stop order (the kubelet depends on containerd). */
    public static final List<String> PROXY_READERS = List.of(NodeLayout.KUBELET_SERVICE, NodeLayout.CONTAINERD_SERVICE);

    /** The steps that make a node's host-wide settings equal to {@code settings} (also part of a configuration). */
    public static List<ConfigStep> steps(HostSettings settings) {
        requireNonNull(settings, "settings cannot be null");
        List<ConfigStep> steps = new ArrayList<>();
        steps.add(new HostStep.SetMachineVariables(settings.proxy().variables(), PROXY_READERS));
        steps.add(new HostStep.SyncRootCertificates(NodeLayout.TRUSTED_CA_DIR, settings.trustedCas()));
        List<String> dirs = new ArrayList<>();
        dirs.add(RegistryMirrors.REGISTRIES_DIR);
        settings.registries().forEach(r -> dirs.add(RegistryMirrors.REGISTRIES_DIR + r.name() + "\\"));
        steps.add(new FileStep.EnsureDirectories(dirs));
        Set<String> names = new TreeSet<>();
        for (RegistryDirectory r : settings.registries()) {
            names.add(r.name());
            // a hosts.toml with a mirror's credentials is written like the bootstrap kubeconfig: content never shown
            r.files()
                    .forEach((file, content) -> steps.add(new FileStep.Write(
                            RegistryMirrors.REGISTRIES_DIR + r.name() + "\\" + file,
                            content.getBytes(StandardCharsets.UTF_8),
                            "containerd registry " + r.name() + " " + file,
                            r.sensitive().contains(file))));
            steps.add(new HostStep.PruneEntries(
                    RegistryMirrors.REGISTRIES_DIR + r.name() + "\\", r.files().keySet()));
        }
        steps.add(new HostStep.PruneEntries(RegistryMirrors.REGISTRIES_DIR, names));
        return List.copyOf(steps);
    }

    /** The steps that take back what {@link #steps} added (a deconfiguration): no restarts, nothing left behind. */
    public static List<ConfigStep> revertSteps() {
        return List.of(
                new HostStep.SetMachineVariables(HostSettings.NONE.proxy().variables(), List.of()),
                new HostStep.SyncRootCertificates(NodeLayout.TRUSTED_CA_DIR, List.of()));
    }

    /** The node annotation recording that {@code settings} were applied. */
    public static MetadataPatch recorded(HostSettings settings) {
        requireNonNull(settings, "settings cannot be null");
        return new MetadataPatch(
                Map.of(), Map.of(MetadataKeys.HOST_SETTINGS_ANNOTATION, settings.hash()), Set.of(), Set.of());
    }

    /**
     * The plan that re-applies changed settings to a configured node: {@link #steps}, then the annotation. No
     * cordon, no failure steps: a failure leaves the old annotation, so the plan runs again.
     */
    public static ConfigurationPlan apply(String nodeName, HostSettings settings) {
        requireNonNull(nodeName, "nodeName cannot be null");
        List<ConfigStep> steps = new ArrayList<>(steps(settings));
        steps.add(new NodeStep.ApplyMetadata(recorded(settings)));
        return new ConfigurationPlan(APPLY, nodeName, steps, List.of());
    }
}
