package io.wmco.domain.payload;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.platform.PlatformProfile;
import io.wmco.domain.platform.PlatformProfiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files a Windows node needs from the operator's payload, and where each goes on the node.
 *
 * <p>Beyond the reference list this includes {@code kube-log-runner.exe}: since Kubernetes 1.26 the kubelet and
 * kube-proxy no longer take {@code --log-file}, so their output reaches the log files through that wrapper (it
 * ships with the Kubernetes Windows node binaries). The containerd configuration is part of the payload; its CNI
 * directories must be {@code C:\k\cni\} (binaries) and {@code C:\k\cni\config\} (configuration).
 */
public final class PayloadFiles {
    private PayloadFiles() {}

    public static final String KUBELET = "kubelet.exe";
    public static final String KUBE_PROXY = "kube-proxy.exe";
    public static final String KUBE_LOG_RUNNER = "kube-log-runner.exe";
    public static final String HYBRID_OVERLAY = "hybrid-overlay-node.exe";
    public static final String WINDOWS_EXPORTER = "windows_exporter.exe";
    public static final String CNI_WIN_OVERLAY = "win-overlay.exe";
    public static final String CNI_WIN_BRIDGE = "win-bridge.exe";
    public static final String CNI_HOST_LOCAL = "host-local.exe";
    public static final String HNS_MODULE = "hns.psm1";
    public static final String CONTAINERD = "containerd.exe";
    public static final String CONTAINERD_SHIM = "containerd-shim-runhcs-v1.exe";
    public static final String CONTAINERD_CONFIG = "containerd_conf.toml";
    public static final String AZURE_CLOUD_NODE_MANAGER = PlatformProfiles.AZURE_CLOUD_NODE_MANAGER;

    /** Node directories, with a trailing backslash. */
    public static final String K_DIR = "C:\\k\\";

    public static final String CNI_DIR = "C:\\k\\cni\\";
    public static final String CONTAINERD_DIR = "C:\\k\\containerd\\";

    /** Files every node needs, in transfer order (largest and most basic first). */
    public static final List<String> REQUIRED = List.of(
            CONTAINERD,
            CONTAINERD_SHIM,
            CONTAINERD_CONFIG,
            KUBELET,
            KUBE_PROXY,
            KUBE_LOG_RUNNER,
            HYBRID_OVERLAY,
            WINDOWS_EXPORTER,
            CNI_WIN_OVERLAY,
            CNI_WIN_BRIDGE,
            CNI_HOST_LOCAL,
            HNS_MODULE);

    /** Files some platforms need; a payload without them serves the other platforms. */
    public static final List<String> OPTIONAL = List.of(AZURE_CLOUD_NODE_MANAGER);

    private static final Map<String, String> DIRECTORY = Map.ofEntries(
            Map.entry(CONTAINERD, CONTAINERD_DIR),
            Map.entry(CONTAINERD_SHIM, CONTAINERD_DIR),
            Map.entry(CONTAINERD_CONFIG, CONTAINERD_DIR),
            Map.entry(CNI_WIN_OVERLAY, CNI_DIR),
            Map.entry(CNI_WIN_BRIDGE, CNI_DIR),
            Map.entry(CNI_HOST_LOCAL, CNI_DIR));

    /** The files a node of this platform needs: {@link #REQUIRED} plus the platform's extra files. */
    public static List<String> requiredFor(PlatformProfile profile) {
        requireNonNull(profile, "profile cannot be null");
        List<String> all = new ArrayList<>(REQUIRED);
        for (String extra : profile.extraPayloadFiles()) {
            if (!all.contains(extra)) {
                all.add(extra);
            }
        }
        return List.copyOf(all);
    }

    /** Every file a node of this platform needs that the manifest lacks, by name; empty when complete. */
    public static List<String> missingFor(PayloadManifest manifest, PlatformProfile profile) {
        requireNonNull(manifest, "manifest cannot be null");
        return manifest.missing(requiredFor(profile));
    }

    /** The Windows path a payload file is placed at, e.g. {@code C:\k\cni\win-overlay.exe}. */
    public static String remotePath(String fileName) {
        requireNonNull(fileName, "fileName cannot be null");
        return DIRECTORY.getOrDefault(fileName, K_DIR) + fileName;
    }
}
