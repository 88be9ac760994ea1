package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.MetadataPatch;
import io.wmco.domain.payload.PayloadFile;
import io.wmco.domain.payload.PayloadFiles;
import io.wmco.domain.platform.PlatformProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Computes the plans that configure and deconfigure a Windows node. Pure functions of their inputs; thread-safe.
 *
 * <p>Configuration follows the reference operator's order (4.x), with containerd as the container runtime and no
 * ignition fetch:
 * <ol>
 *   <li>cordon an existing node; stop windows_exporter, cloud-node-manager, kube-proxy, hybrid-overlay-node,
 *       kubelet, csi-proxy and containerd (so binaries can be replaced);</li>
 *   <li>rename the computer on vSphere and Nutanix, and reboot when it was renamed;</li>
 *   <li>create directories; copy the payload files whose hash differs;</li>
 *   <li>the host-wide settings ({@link HostSettingsPlanner#steps}: proxy variables, trusted CAs), before any service
 *       that reads them starts;</li>
 *   <li>run containerd and windows_exporter; run csi-proxy (before the kubelet, whose CSI drivers need it) when
 *       the payload holds {@code csi-proxy.exe}, else delete the csi-proxy service if an earlier configuration made
 *       one;</li>
 *   <li>write the kubelet's CA, configuration (on AWS also its image credential provider configuration) and
 *       bootstrap kubeconfig; run the kubelet;</li>
 *   <li>wait for the node; cordon it; apply key hash, encrypted user name (and BYOH labels);</li>
 *   <li>Azure: run cloud-node-manager;</li>
 *   <li>wait for the node subnet annotation; run hybrid-overlay-node; wait for its HNS networks and the gateway
 *       MAC annotation;</li>
 *   <li>read the source VIP; write the CNI configuration; run kube-proxy;</li>
 *   <li>uncordon; set the version annotation.</li>
 * </ol>
 * The version annotation comes last, after the uncordon (the reference writes it just before): it is what makes a
 * node count as configured, so everything else must be done when it appears. An operator stopped between the two
 * finds a node without the annotation and configures it again (every step is idempotent); the other order would
 * leave a node that counts as configured but stays cordoned.
 * On failure the executor stops all services so that the node shows NotReady.
 */
public final class ConfigurationPlanner {
    private ConfigurationPlanner() {}

    /** Plan kind of {@link #configure}. */
    public static final String CONFIGURE = "configure";
    /** Plan kind of {@link #deconfigure}. */
    public static final String DECONFIGURE = "deconfigure";
    /** Plan kind of {@link #reboot}. */
    public static final String REBOOT = "reboot";

    /** How long a rebooting host may take to answer over SSH again, and then its kubelet to report Ready. */
    public static final Duration REBOOT_TIMEOUT = Duration.ofMinutes(10);

    /** How long a write to a node may take to show in the operator's cache before a step waiting for it fails. */
    public static final Duration CACHE_CATCH_UP = Duration.ofSeconds(30);

    /**
     * The configuration plan of one node, or every reason it cannot be made (missing payload files, a platform
     * mismatch, a node name the platform cannot carry).
     */
    public static PlanResult configure(PlanInputs in) {
        requireNonNull(in, "in cannot be null");
        PlatformProfile profile = in.profile();
        NodeTarget target = in.target();
        List<String> problems = new ArrayList<>();
        if (profile.platform() != in.cluster().platform()) {
            problems.add("platform profile is for " + profile.platform() + " but the cluster settings are for "
                    + in.cluster().platform() + "; build both from the same platform");
        }
        for (String missing : PayloadFiles.missingFor(in.payload(), profile)) {
            problems.add("payload file " + missing + " is missing; add it to the operator's payload directory");
        }
        profile.nodeNamePolicy().checkNodeName(target.nodeName()).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            return new PlanResult.Rejected(problems);
        }

        List<ConfigStep> steps = new ArrayList<>();
        steps.add(new NodeStep.CordonIfExists(target.ipv4()));
        steps.add(new ServiceStep.Stop(stopOrder(profile)));
        if (profile.nodeNamePolicy().renameToMachineName()) {
            steps.add(new RenameComputer(target.nodeName()));
            steps.add(new RebootComputer(true, REBOOT_TIMEOUT));
        }
        Optional<PayloadFile> csiProxy = in.payload().get(PayloadFiles.CSI_PROXY);
        List<String> directories = new ArrayList<>(NodeLayout.DIRECTORIES);
        csiProxy.ifPresent(f -> directories.add(NodeLayout.CSI_PROXY_LOG_DIR));
        steps.add(new FileStep.EnsureDirectories(directories));
        for (String name : PayloadFiles.requiredFor(profile)) {
            PayloadFile f = in.payload().get(name).orElseThrow();
            steps.add(new FileStep.Transfer(name, PayloadFiles.remotePath(name), f.sha256(), f.size()));
        }
        csiProxy.ifPresent(f -> steps.add(new FileStep.Transfer(
                PayloadFiles.CSI_PROXY, PayloadFiles.remotePath(PayloadFiles.CSI_PROXY), f.sha256(), f.size())));
        steps.addAll(HostSettingsPlanner.steps(in.hostSettings()));
        steps.add(new ServiceStep.Ensure(Services.containerd()));
        steps.add(new ServiceStep.Ensure(Services.windowsExporter()));
        if (csiProxy.isPresent()) {
            steps.add(new ServiceStep.Ensure(Services.csiProxy()));
        } else {
            // off: remove the service an earlier configuration (with csi-proxy.exe in the payload) made
            steps.add(new ServiceStep.Delete(List.of(NodeLayout.CSI_PROXY_SERVICE)));
        }
        steps.add(FileStep.Write.text(
                NodeLayout.KUBELET_CA, in.credentials().kubeletClientCaBundle(), "kubelet client CA bundle"));
        steps.add(FileStep.Write.text(
                NodeLayout.KUBELET_CONFIG,
                KubeletConfig.render(
                        in.cluster().clusterDns(),
                        NodeLayout.KUBELET_CA,
                        in.node().kubelet()),
                "kubelet configuration"));
        if (profile.ecrCredentialProvider()) {
            steps.add(FileStep.Write.text(
                    NodeLayout.CREDENTIAL_PROVIDER_CONFIG,
                    CredentialProviderConfig.ecr(),
                    "image credential provider configuration"));
        }
        steps.add(new FileStep.Write(
                NodeLayout.BOOTSTRAP_KUBECONFIG,
                Kubeconfig.bootstrap(in.credentials()).getBytes(StandardCharsets.UTF_8),
                "bootstrap kubeconfig",
                true));
        steps.add(new ServiceStep.Ensure(
                Services.kubelet(profile, target, in.node().logRotation())));
        steps.add(new NodeStep.WaitForNode(target.ipv4(), in.timeouts().nodeRegistration()));
        steps.add(new NodeStep.Cordon());
        steps.add(new NodeStep.ApplyMetadata(identityPatch(in)));
        if (profile.runsCloudNodeManager()) {
            steps.add(new ServiceStep.Ensure(Services.cloudNodeManager(target.nodeName())));
        }
        steps.add(new NodeStep.WaitForAnnotation(
                MetadataKeys.HYBRID_OVERLAY_SUBNET_ANNOTATION, in.timeouts().nodeAnnotation()));
        steps.add(new ServiceStep.Ensure(Services.hybridOverlay(target.nodeName(), in.cluster())));
        steps.add(new NetworkStep.WaitForNetworks(
                List.of(NodeLayout.BASE_HNS_NETWORK, NodeLayout.HNS_NETWORK),
                in.timeouts().hnsNetworks()));
        steps.add(new NodeStep.WaitForAnnotation(
                MetadataKeys.HYBRID_OVERLAY_MAC_ANNOTATION, in.timeouts().nodeAnnotation()));
        steps.add(new NetworkStep.EnsureSourceVip(NodeLayout.HNS_NETWORK, NodeLayout.VIP_ENDPOINT));
        steps.add(
                new FileStep.RenderCniConfig(NodeLayout.CNI_CONFIG, in.cluster().serviceCidr()));
        steps.add(new ServiceStep.EnsureKubeProxy(target.nodeName(), in.node().logRotation()));
        steps.add(new NodeStep.Uncordon());
        steps.add(new NodeStep.SetVersion(in.operatorVersion()));
        return new PlanResult.Planned(new ConfigurationPlan(
                CONFIGURE, target.nodeName(), steps, List.of(new ServiceStep.Stop(stopOrder(profile)))));
    }

    /**
     * The plan that removes an instance (a BYOH entry gone from the ConfigMap): cordon and drain, stop and delete
     * the services, remove the HNS networks (before {@code C:\k\}, which holds the module that removes them),
     * take back the host-wide settings (proxy variables, added certificates; before {@code C:\k\}, which lists
     * them), remove the directories, remove the version annotation, and delete the Node object (done once the cache no
     * longer shows it, so that the next decision does not remove it again). In-place upgrades run
     * {@link #configure} over the existing node instead.
     *
     * @param profile the platform's rules (which services exist)
     * @param address the instance address
     * @param nodeName the node's name
     * @param timeouts bound of the drain
     */
    public static ConfigurationPlan deconfigure(
            PlatformProfile profile, String address, String nodeName, PlanTimeouts timeouts) {
        requireNonNull(profile, "profile cannot be null");
        requireNonNull(address, "address cannot be null");
        requireNonNull(nodeName, "nodeName cannot be null");
        requireNonNull(timeouts, "timeouts cannot be null");
        List<String> services = stopOrder(profile);
        List<ConfigStep> steps = new ArrayList<>(List.of(
                new NodeStep.CordonIfExists(address),
                new NodeStep.Drain(timeouts.drain()),
                new ServiceStep.Stop(services),
                new ServiceStep.Delete(services),
                new NetworkStep.RemoveNetworks(List.of(NodeLayout.HNS_NETWORK, NodeLayout.BASE_HNS_NETWORK))));
        steps.addAll(HostSettingsPlanner.revertSteps());
        steps.add(new FileStep.RemoveDirectories(NodeLayout.REMOVED_DIRECTORIES));
        steps.add(new NodeStep.ApplyMetadata(
                new MetadataPatch(Map.of(), Map.of(), Set.of(), Set.of(MetadataKeys.VERSION_ANNOTATION))));
        steps.add(new NodeStep.Delete(CACHE_CATCH_UP));
        return new ConfigurationPlan(DECONFIGURE, nodeName, steps, List.of());
    }

    /**
     * The plan that reboots a configured node that asked for it ({@link MetadataKeys#REBOOT_REQUIRED_ANNOTATION}):
     * cordon, drain, reboot and wait for SSH from the new boot, wait for the kubelet's Ready, uncordon, and remove the
     * annotation last (once the cache shows it gone): an operator stopped before the end finds the annotation and
     * reboots again rather than leaving the node cordoned. The services need no step: they start with Windows (every
     * service the operator creates starts automatically).
     *
     * @param nodeName the node's name
     * @param timeouts bound of the drain
     */
    public static ConfigurationPlan reboot(String nodeName, PlanTimeouts timeouts) {
        requireNonNull(nodeName, "nodeName cannot be null");
        requireNonNull(timeouts, "timeouts cannot be null");
        List<ConfigStep> steps = List.of(
                new NodeStep.Cordon(),
                new NodeStep.Drain(timeouts.drain()),
                new RebootComputer(false, REBOOT_TIMEOUT),
                new NodeStep.WaitForReady(REBOOT_TIMEOUT),
                new NodeStep.Uncordon(),
                new NodeStep.RemoveAnnotation(MetadataKeys.REBOOT_REQUIRED_ANNOTATION, CACHE_CATCH_UP));
        return new ConfigurationPlan(REBOOT, nodeName, steps, List.of());
    }

    /** The services of this platform in stop order. */
    static List<String> stopOrder(PlatformProfile profile) {
        List<String> names = new ArrayList<>(NodeLayout.STOP_ORDER);
        if (!profile.runsCloudNodeManager()) {
            names.remove(NodeLayout.CLOUD_NODE_MANAGER_SERVICE);
        }
        return List.copyOf(names);
    }

    private static MetadataPatch identityPatch(PlanInputs in) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (in.target().byoh()) {
            labels.put(MetadataKeys.BYOH_LABEL, "true");
            labels.put(MetadataKeys.WORKER_ROLE_LABEL, "");
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(MetadataKeys.PUB_KEY_HASH_ANNOTATION, in.identity().pubKeyHash());
        annotations.put(MetadataKeys.USERNAME_ANNOTATION, in.identity().encryptedUsername());
        in.identity().instanceKey().ifPresent(k -> annotations.put(MetadataKeys.INSTANCE_KEY_ANNOTATION, k));
        annotations.putAll(HostSettingsPlanner.recorded(in.hostSettings()).setAnnotations());
        return new MetadataPatch(labels, annotations, Set.of(), Set.of());
    }
}
