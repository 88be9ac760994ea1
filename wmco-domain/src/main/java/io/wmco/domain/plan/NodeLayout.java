package io.wmco.domain.plan;

import java.util.List;

/**
 * Where things live on a configured Windows node and what its services are called. Directory paths end with a
 * backslash. Values follow the reference operator so that nodes configured by either look the same.
 */
public final class NodeLayout {
    private NodeLayout() {}

    public static final String K_DIR = "C:\\k\\";
    public static final String CNI_DIR = "C:\\k\\cni\\";
    public static final String CNI_CONFIG_DIR = "C:\\k\\cni\\config\\";
    public static final String CONTAINERD_DIR = "C:\\k\\containerd\\";
    public static final String TEMP_DIR = "C:\\Temp\\";
    public static final String KUBELET_DIR = "C:\\var\\lib\\kubelet\\";
    public static final String KUBELET_CERT_DIR = "C:\\var\\lib\\kubelet\\pki\\";
    public static final String CONTAINERD_LOG_DIR = "C:\\var\\log\\containerd\\";
    public static final String KUBELET_LOG_DIR = "C:\\var\\log\\kubelet\\";
    public static final String KUBE_PROXY_LOG_DIR = "C:\\var\\log\\kube-proxy\\";
    public static final String HYBRID_OVERLAY_LOG_DIR = "C:\\var\\log\\hybrid-overlay\\";
    /** Created only when the payload holds csi-proxy.exe. */
    public static final String CSI_PROXY_LOG_DIR = "C:\\var\\log\\csi-proxy\\";

    public static final String KUBELET_CONFIG = K_DIR + "kubelet.conf";
    public static final String BOOTSTRAP_KUBECONFIG = K_DIR + "bootstrap-kubeconfig";
    /** Written by the kubelet once its client certificate is issued; hybrid-overlay and kube-proxy use it too. */
    public static final String KUBECONFIG = K_DIR + "kubeconfig";

    public static final String KUBELET_CA = K_DIR + "kubelet-ca.crt";
    /** The kubelet's image credential provider configuration (AWS). */
    public static final String CREDENTIAL_PROVIDER_CONFIG = K_DIR + "credential-provider-config.yaml";
    /** Where the kubelet finds credential provider executables, without a trailing backslash (AWS). */
    public static final String CREDENTIAL_PROVIDER_BIN_DIR = "C:\\k";
    /** The CA certificates the operator added to the trusted root store, one {@code <thumbprint>.crt} each. */
    public static final String TRUSTED_CA_DIR = K_DIR + "trusted-ca\\";

    public static final String CNI_CONFIG = CNI_CONFIG_DIR + "cni.conf";

    public static final String CONTAINERD_SERVICE = "containerd";
    public static final String KUBELET_SERVICE = "kubelet";
    public static final String KUBE_PROXY_SERVICE = "kube-proxy";
    public static final String HYBRID_OVERLAY_SERVICE = "hybrid-overlay-node";
    public static final String WINDOWS_EXPORTER_SERVICE = "windows_exporter";
    public static final String CLOUD_NODE_MANAGER_SERVICE = "cloud-node-manager";
    public static final String CSI_PROXY_SERVICE = "csi-proxy";

    /** Port windows_exporter serves metrics on. */
    public static final int WINDOWS_EXPORTER_PORT = 9182;

    /** The HNS network hybrid-overlay creates first, and the one pods and kube-proxy use. */
    public static final String BASE_HNS_NETWORK = "BaseOVNKubernetesHybridOverlayNetwork";

    public static final String HNS_NETWORK = "OVNKubernetesHybridOverlayNetwork";
    /** The HNS endpoint whose address kube-proxy uses as {@code --source-vip}. */
    public static final String VIP_ENDPOINT = "VIPEndpoint";

    /** The named pipe containerd serves CRI on, as the kubelet expects it. */
    public static final String CONTAINERD_ENDPOINT = "npipe:////./pipe/containerd-containerd";

    /** Directories created before anything is copied, parents first. */
    public static final List<String> DIRECTORIES = List.of(
            K_DIR,
            CNI_DIR,
            CNI_CONFIG_DIR,
            CONTAINERD_DIR,
            TEMP_DIR,
            KUBELET_CERT_DIR,
            CONTAINERD_LOG_DIR,
            KUBELET_LOG_DIR,
            KUBE_PROXY_LOG_DIR,
            HYBRID_OVERLAY_LOG_DIR);

    /**
     * Directories removed on deconfiguration, children before parents. {@code C:\Temp\} stays: it may hold the
     * administrator's files.
     */
    public static final List<String> REMOVED_DIRECTORIES = List.of(
            CSI_PROXY_LOG_DIR,
            HYBRID_OVERLAY_LOG_DIR,
            KUBE_PROXY_LOG_DIR,
            KUBELET_LOG_DIR,
            CONTAINERD_LOG_DIR,
            KUBELET_DIR,
            K_DIR);

    /**
     * Services in the order they are stopped: dependents before what they depend on (kube-proxy needs
     * hybrid-overlay-node, which needs the kubelet, which needs containerd). csi-proxy, which the kubelet's CSI
     * drivers talk to, stops after the kubelet. containerd stops last: a running executable cannot be replaced on
     * Windows, and the kubelet depends on it. A service that does not exist counts as stopped.
     */
    public static final List<String> STOP_ORDER = List.of(
            WINDOWS_EXPORTER_SERVICE,
            CLOUD_NODE_MANAGER_SERVICE,
            KUBE_PROXY_SERVICE,
            HYBRID_OVERLAY_SERVICE,
            KUBELET_SERVICE,
            CSI_PROXY_SERVICE,
            CONTAINERD_SERVICE);
}
