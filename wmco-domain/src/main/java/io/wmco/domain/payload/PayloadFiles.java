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
    public static final String ECR_CREDENTIAL_PROVIDER = PlatformProfiles.ECR_CREDENTIAL_PROVIDER;
    public static final String CSI_PROXY = "csi-proxy.exe";

    /** The manifest beside the files (see {@link PayloadManifestFormat}); never transferred to a node. */
    public static final String MANIFEST = "payload-manifest.tsv";

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

    /**
     * Files some platforms or features need; a payload without them serves the rest (a platform that needs one
     * lists it in its profile's extra files, which makes it required there: Azure's cloud-node-manager, AWS's ECR
     * credential provider). The CSI proxy runs on every node when the payload holds it (the administrator supplies
     * it: it cannot be built here); without it the feature is off, which the operator logs once at startup.
     */
    public static final List<String> OPTIONAL = List.of(AZURE_CLOUD_NODE_MANAGER, ECR_CREDENTIAL_PROVIDER, CSI_PROXY);

    /** What each file is for, as startup messages name it. */
    private static final Map<String, String> FEATURE = Map.ofEntries(
            Map.entry(CONTAINERD, "the container runtime (containerd) of every node"),
            Map.entry(CONTAINERD_SHIM, "running Windows containers (the runhcs shim of containerd) on every node"),
            Map.entry(CONTAINERD_CONFIG, "the container runtime's configuration on every node"),
            Map.entry(KUBELET, "the kubelet of every node"),
            Map.entry(KUBE_PROXY, "service networking (kube-proxy) on every node"),
            Map.entry(KUBE_LOG_RUNNER, "the kubelet and kube-proxy services and their log files"),
            Map.entry(HYBRID_OVERLAY, "the OVN-Kubernetes hybrid overlay network of every node"),
            Map.entry(WINDOWS_EXPORTER, "node metrics (windows_exporter) of every node"),
            Map.entry(CNI_WIN_OVERLAY, "pod networking (CNI win-overlay) on every node"),
            Map.entry(CNI_WIN_BRIDGE, "pod networking (CNI win-bridge) on every node"),
            Map.entry(CNI_HOST_LOCAL, "pod address management (CNI host-local) on every node"),
            Map.entry(HNS_MODULE, "setting up and removing HNS networks on every node"),
            Map.entry(AZURE_CLOUD_NODE_MANAGER, "the Azure cloud node manager of Azure nodes"),
            Map.entry(ECR_CREDENTIAL_PROVIDER, "image pulls from Amazon ECR with the node's credentials (AWS)"),
            Map.entry(CSI_PROXY, "CSI storage drivers on Windows nodes (csi-proxy)"));

    /** How an administrator completes a payload, for messages. */
    public static final String HOW_TO_SUPPLY = "build the payload with scripts/build-payload.sh (--supplied DIR adds"
            + " files it cannot build) and the image with scripts/build-image.sh, or point --payload-dir at a"
            + " directory holding the file";

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

    /** What a payload file is for, e.g. "the kubelet of every node"; "unknown" for files not listed here. */
    public static String feature(String fileName) {
        requireNonNull(fileName, "fileName cannot be null");
        return FEATURE.getOrDefault(fileName, "unknown");
    }

    /**
     * What a payload means for a platform: the required files it lacks (the operator cannot start), the optional
     * ones it lacks (their feature is off), and the files that are only stand-ins.
     *
     * @param missing required files absent, each as "file (needed for feature)"
     * @param disabled optional files absent, each as "file: feature is off"
     * @param standIns files recorded as stand-ins, by name
     */
    public record Check(List<String> missing, List<String> disabled, List<String> standIns) {
        public Check {
            missing = List.copyOf(missing);
            disabled = List.copyOf(disabled);
            standIns = List.copyOf(standIns);
        }
    }

    /** Checks a payload against what nodes of a platform need. */
    public static Check check(PayloadManifest manifest, PlatformProfile profile) {
        requireNonNull(manifest, "manifest cannot be null");
        requireNonNull(profile, "profile cannot be null");
        List<String> required = requiredFor(profile);
        List<String> missing = new ArrayList<>();
        for (String name : manifest.missing(required)) {
            missing.add(name + " (needed for " + feature(name) + ")");
        }
        List<String> disabled = new ArrayList<>();
        for (String name : manifest.missing(OPTIONAL)) {
            if (!required.contains(name)) {
                disabled.add(name + ": " + feature(name) + " is off");
            }
        }
        List<String> standIns = new ArrayList<>();
        manifest.files().forEach((name, f) -> {
            if (f.origin() == PayloadOrigin.STAND_IN) {
                standIns.add(name);
            }
        });
        return new Check(missing, disabled, standIns);
    }

    /** The Windows path a payload file is placed at, e.g. {@code C:\k\cni\win-overlay.exe}. */
    public static String remotePath(String fileName) {
        requireNonNull(fileName, "fileName cannot be null");
        return DIRECTORY.getOrDefault(fileName, K_DIR) + fileName;
    }
}
