package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.cluster.ClusterSettings;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.payload.PayloadFiles;
import io.wmco.domain.platform.PlatformProfile;
import io.wmco.domain.platform.PlatformProfiles;
import java.util.ArrayList;
import java.util.List;

/**
 * The service specifications of a Windows node. The kubelet and kube-proxy run under {@code kube-log-runner.exe},
 * which writes their output to a log file (they lost {@code --log-file} in Kubernetes 1.26) and, when
 * {@link LogRotation} says so, rotates it; the runner's own flags come before the program it runs.
 */
final class Services {
    private Services() {}

    /** The collectors windows_exporter enables. */
    static final String EXPORTER_COLLECTORS =
            "cpu,cs,logical_disk,net,os,service,system,textfile,container,memory,cpu_info";

    private static String k(String file) {
        return PayloadFiles.remotePath(file);
    }

    static ServiceSpec containerd() {
        return new ServiceSpec(
                NodeLayout.CONTAINERD_SERVICE,
                k(PayloadFiles.CONTAINERD),
                List.of(
                        "--config",
                        k(PayloadFiles.CONTAINERD_CONFIG),
                        "--log-file",
                        NodeLayout.CONTAINERD_LOG_DIR + "containerd.log",
                        "--run-service",
                        "--log-level",
                        "info"),
                List.of(),
                true,
                true);
    }

    static ServiceSpec windowsExporter() {
        return new ServiceSpec(
                NodeLayout.WINDOWS_EXPORTER_SERVICE,
                k(PayloadFiles.WINDOWS_EXPORTER),
                List.of(
                        "--collectors.enabled",
                        EXPORTER_COLLECTORS,
                        "--web.listen-address=:" + NodeLayout.WINDOWS_EXPORTER_PORT),
                List.of(),
                true,
                true);
    }

    static ServiceSpec kubelet(PlatformProfile profile, NodeTarget target) {
        return kubelet(profile, target, LogRotation.OFF);
    }

    /** The kubelet under kube-log-runner, which rotates its log file as {@code rotation} says. */
    static ServiceSpec kubelet(PlatformProfile profile, NodeTarget target, LogRotation rotation) {
        requireNonNull(profile, "profile cannot be null");
        requireNonNull(target, "target cannot be null");
        requireNonNull(rotation, "rotation cannot be null");
        List<String> args = new ArrayList<>();
        args.add("-log-file=" + NodeLayout.KUBELET_LOG_DIR + "kubelet.log");
        args.addAll(rotation.runnerArgs());
        args.addAll(List.of(
                k(PayloadFiles.KUBELET),
                "--config=" + NodeLayout.KUBELET_CONFIG,
                "--bootstrap-kubeconfig=" + NodeLayout.BOOTSTRAP_KUBECONFIG,
                "--kubeconfig=" + NodeLayout.KUBECONFIG,
                "--cert-dir=" + NodeLayout.KUBELET_CERT_DIR,
                "--windows-service",
                "--container-runtime-endpoint=" + NodeLayout.CONTAINERD_ENDPOINT,
                "--node-labels=" + MetadataKeys.OS_ID_LABEL + "=" + MetadataKeys.WINDOWS,
                "--v=2"));
        args.addAll(profile.kubeletCloudArgs());
        if (profile.ecrCredentialProvider()) {
            args.add("--image-credential-provider-config=" + NodeLayout.CREDENTIAL_PROVIDER_CONFIG);
            args.add("--image-credential-provider-bin-dir=" + NodeLayout.CREDENTIAL_PROVIDER_BIN_DIR);
        }
        if (profile.setsNodeIp()) {
            args.add("--node-ip=" + target.ipv4());
        }
        if (profile.overridesHostname()) {
            args.add("--hostname-override=" + target.nodeName());
        }
        return new ServiceSpec(
                NodeLayout.KUBELET_SERVICE,
                k(PayloadFiles.KUBE_LOG_RUNNER),
                args,
                List.of(NodeLayout.CONTAINERD_SERVICE),
                true,
                true);
    }

    static ServiceSpec hybridOverlay(String nodeName, ClusterSettings cluster) {
        List<String> args = new ArrayList<>(List.of(
                "--node",
                nodeName,
                "--k8s-kubeconfig",
                NodeLayout.KUBECONFIG,
                "--windows-service",
                "--logfile",
                NodeLayout.HYBRID_OVERLAY_LOG_DIR + "hybrid-overlay.log"));
        cluster.vxlanPort().ifPresent(port -> {
            args.add("--hybrid-overlay-vxlan-port");
            args.add(String.valueOf(port));
        });
        return new ServiceSpec(
                NodeLayout.HYBRID_OVERLAY_SERVICE,
                k(PayloadFiles.HYBRID_OVERLAY),
                args,
                List.of(NodeLayout.KUBELET_SERVICE),
                true,
                true);
    }

    /** kube-proxy under kube-log-runner, which rotates its log file as {@code rotation} says. */
    static ServiceSpec kubeProxy(String nodeName, String clusterCidr, String sourceVip, LogRotation rotation) {
        requireNonNull(rotation, "rotation cannot be null");
        List<String> args = new ArrayList<>();
        args.add("-log-file=" + NodeLayout.KUBE_PROXY_LOG_DIR + "kube-proxy.log");
        args.addAll(rotation.runnerArgs());
        args.addAll(List.of(
                k(PayloadFiles.KUBE_PROXY),
                "--windows-service",
                "--proxy-mode=kernelspace",
                "--feature-gates=WinOverlay=true",
                "--hostname-override=" + nodeName,
                "--kubeconfig=" + NodeLayout.KUBECONFIG,
                "--cluster-cidr=" + clusterCidr,
                "--network-name=" + NodeLayout.HNS_NETWORK,
                "--source-vip=" + sourceVip,
                "--enable-dsr=false",
                "--v=2"));
        return new ServiceSpec(
                NodeLayout.KUBE_PROXY_SERVICE,
                k(PayloadFiles.KUBE_LOG_RUNNER),
                args,
                List.of(NodeLayout.HYBRID_OVERLAY_SERVICE),
                true,
                true);
    }

    /**
     * csi-proxy, which CSI node plugins in pods use for storage operations on the host; it logs to its own file
     * (klog flags, single dash).
     */
    static ServiceSpec csiProxy() {
        return new ServiceSpec(
                NodeLayout.CSI_PROXY_SERVICE,
                k(PayloadFiles.CSI_PROXY),
                List.of(
                        "-windows-service",
                        "-log_file=" + NodeLayout.CSI_PROXY_LOG_DIR + "csi-proxy.log",
                        "-logtostderr=false"),
                List.of(),
                true,
                true);
    }

    static ServiceSpec cloudNodeManager(String nodeName) {
        return new ServiceSpec(
                NodeLayout.CLOUD_NODE_MANAGER_SERVICE,
                k(PlatformProfiles.AZURE_CLOUD_NODE_MANAGER),
                List.of(
                        "--windows-service",
                        "--node-name=" + nodeName,
                        "--wait-routes=false",
                        "--kubeconfig=" + NodeLayout.KUBECONFIG),
                List.of(NodeLayout.KUBELET_SERVICE),
                true,
                true);
    }
}
