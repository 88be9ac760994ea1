package io.wmco.domain.node;

/**
 * Every label, annotation and well-known name the operator reads or writes, in one place. Values follow the
 * reference operator so that nodes configured by either are recognised by both.
 */
public final class MetadataKeys {
    private MetadataKeys() {}

    private static final String PREFIX = "windowsmachineconfig.openshift.io/";

    /** Node annotation: operator version that fully configured the node; written last. */
    public static final String VERSION_ANNOTATION = PREFIX + "version";
    /** Node annotation: SHA-256 of the authorized public key; an empty value forces replacement. */
    public static final String PUB_KEY_HASH_ANNOTATION = PREFIX + "pub-key-hash";
    /** Node annotation: the SSH user name, encrypted with a key derived from the private key. */
    public static final String USERNAME_ANNOTATION = PREFIX + "username";
    /**
     * Node annotation (this operator's own; the reference operator does not write it): the work-queue key the node
     * is handled under, e.g. {@code byoh/10.0.0.5} or {@code machine/win-abcde}, recorded when the node is first
     * configured so that the node keeps its key after its entry is gone.
     */
    public static final String INSTANCE_KEY_ANNOTATION = PREFIX + "instance-key";
    /**
     * Node annotation (this operator's own): the hash of the host-wide settings (proxy variables, trusted CAs,
     * registry mirrors) last applied to the node ({@code io.wmco.domain.hostsettings.HostSettings#hash}); a node
     * whose value differs from the desired one gets them again without a reconfiguration. Absent means none.
     */
    public static final String HOST_SETTINGS_ANNOTATION = PREFIX + "host-settings-hash";
    /** Node label: the node came from the {@code windows-instances} ConfigMap. */
    public static final String BYOH_LABEL = PREFIX + "byoh";
    /** Node label: in-place upgrade lock; at most the allowed number of nodes carry it at once. */
    public static final String UPGRADING_LABEL = PREFIX + "upgrading";
    /**
     * Node annotation set by an administrator (or a tool) with value {@code true}: the node needs a reboot. The
     * operator cordons, drains, reboots, waits for SSH and Ready, uncordons and removes it, one node at a time.
     */
    public static final String REBOOT_REQUIRED_ANNOTATION = PREFIX + "reboot-required";
    /** Machine label: the operator skips this Machine. */
    public static final String IGNORE_LABEL = PREFIX + "ignore";
    /** Node label set through kubelet {@code --node-labels}. */
    public static final String OS_ID_LABEL = "node.openshift.io/os_id";
    /** Node label set on BYOH nodes. */
    public static final String WORKER_ROLE_LABEL = "node-role.kubernetes.io/worker";
    /** Machine label selecting Windows Machines. */
    public static final String MACHINE_OS_ID_LABEL = "machine.openshift.io/os-id";
    /** Node annotation written by the cluster network with the node's pod subnet. */
    public static final String HYBRID_OVERLAY_SUBNET_ANNOTATION = "k8s.ovn.org/hybrid-overlay-node-subnet";
    /** Node annotation written once hybrid-overlay has set up the node's distributed router gateway. */
    public static final String HYBRID_OVERLAY_MAC_ANNOTATION =
            "k8s.ovn.org/hybrid-overlay-distributed-router-gateway-mac";

    /** The value of {@link #OS_ID_LABEL} and {@link #MACHINE_OS_ID_LABEL} on Windows. */
    public static final String WINDOWS = "Windows";

    /** Name of the ConfigMap listing bring-your-own-host instances. */
    public static final String INSTANCES_CONFIGMAP = "windows-instances";
    /** Name of the Secret holding the private key, and its data key. */
    public static final String PRIVATE_KEY_SECRET = "cloud-private-key";

    public static final String PRIVATE_KEY_SECRET_KEY = "private-key.pem";
    /** Name of the user-data Secret (in the Machine API namespace), and its data key. */
    public static final String USER_DATA_SECRET = "windows-user-data";

    public static final String USER_DATA_SECRET_KEY = "userData";
    /**
     * Name of the ConfigMap in the operator namespace holding the trusted CA bundle (key {@link #TRUSTED_CA_KEY}):
     * on OpenShift it carries the label {@link #INJECT_TRUSTED_CA_LABEL} and the cluster network operator fills it
     * with the cluster's trusted bundle (proxy CA included); on plain Kubernetes the administrator fills it.
     */
    public static final String TRUSTED_CA_CONFIGMAP = "wmco-trusted-ca";

    public static final String TRUSTED_CA_KEY = "ca-bundle.crt";
    /**
     * Name of the ConfigMap in the operator namespace holding the CA certificates of registry mirrors, one PEM per
     * key named after the mirror host ({@code host}, or {@code host..port} since a key holds no colon), as OpenShift's
     * {@code image.config.openshift.io/cluster} additional trusted CA ConfigMap has them.
     */
    public static final String REGISTRY_CAS_CONFIGMAP = "wmco-registry-cas";
    /** Label that makes OpenShift's cluster network operator inject the trusted CA bundle into a ConfigMap. */
    public static final String INJECT_TRUSTED_CA_LABEL = "config.openshift.io/inject-trusted-cabundle";
    /** Namespace of the Machine API. */
    public static final String MACHINE_API_NAMESPACE = "openshift-machine-api";
    /** Default operator namespace. */
    public static final String DEFAULT_OPERATOR_NAMESPACE = "openshift-windows-machine-config-operator";
}
