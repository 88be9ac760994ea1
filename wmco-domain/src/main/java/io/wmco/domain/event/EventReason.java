package io.wmco.domain.event;

/**
 * Every reason the operator records events with, in one place: the CamelCase text administrators filter on
 * ({@code kubectl get events --field-selector reason=...}) and whether the event is a warning. A reason names a
 * kind of problem or outcome, never one occurrence: the message says which entry, node or Machine, and stays the
 * same while the same problem repeats (no attempt number, no next delay; those go to the log and the metrics), so
 * that the event recorder counts repeats on one event instead of writing new ones.
 */
public enum EventReason {
    /** A {@code windows-instances} entry cannot be parsed; the message names the entry and the fix. */
    INVALID_INSTANCE_ENTRY("InvalidInstanceEntry", Severity.WARNING),
    /** The cluster's network settings do not let Windows nodes join (e.g. no hybrid overlay). */
    CLUSTER_NOT_SUPPORTED("ClusterNotSupported", Severity.WARNING),
    /** The private key Secret or its entry is missing. */
    PRIVATE_KEY_MISSING("PrivateKeyMissing", Severity.WARNING),
    /** The private key Secret holds something that is not a usable key. */
    INVALID_PRIVATE_KEY("InvalidPrivateKey", Severity.WARNING),
    /** Windows Machines wait: the user-data Secret does not match the current key yet. */
    USER_DATA_NOT_CURRENT("UserDataNotCurrent", Severity.WARNING),
    /**
     * Two {@code windows-instances} entries name one host (the same resolved IPv4 address, or one entry's node is
     * the other's host): only the first is handled; the later one is reported and left alone.
     */
    DUPLICATE_INSTANCE("DuplicateInstance", Severity.WARNING),
    /** A configuration, upgrade or removal failed and is retried with backoff. */
    CONFIGURATION_RETRYING("ConfigurationRetrying", Severity.WARNING),
    /** A configuration, upgrade or removal failed in a way only an administrator can fix. */
    CONFIGURATION_FAILED("ConfigurationFailed", Severity.WARNING),
    /** A BYOH host refused the operator's user and key. */
    AUTHENTICATION_REJECTED("AuthenticationRejected", Severity.WARNING),
    /** A removed instance's host stayed unreachable: its NotReady node was deleted without cleaning the host. */
    HOST_UNREACHABLE("HostUnreachable", Severity.WARNING),
    /** A Machine whose host refuses the operator's key was deleted so that its MachineSet replaces it. */
    MACHINE_DELETED("MachineDeleted", Severity.WARNING),
    /** A Machine with a stale key was deleted so that its MachineSet replaces it (key rotation). */
    MACHINE_REPLACED("MachineReplaced", Severity.NORMAL),
    /** An instance became a configured node. */
    NODE_CONFIGURED("NodeConfigured", Severity.NORMAL),
    /** A node was upgraded in place to the running operator version. */
    NODE_UPGRADED("NodeUpgraded", Severity.NORMAL),
    /** The operator namespace lacks the cluster-monitoring label, so Windows nodes are not scraped. */
    MONITORING_NOT_ENABLED("MonitoringNotEnabled", Severity.WARNING),
    /**
     * An input of the host-wide settings (trusted CA bundle, registry mirrors) has an unusable part; the message
     * names it and the fix, the rest still applies.
     */
    INVALID_HOST_SETTINGS("InvalidHostSettings", Severity.WARNING),
    /** A configured node got changed host-wide settings (proxy, trusted CAs, registry mirrors) in place. */
    HOST_SETTINGS_APPLIED("HostSettingsApplied", Severity.NORMAL),
    /** A node that asked for a reboot was rebooted and is schedulable again. */
    NODE_REBOOTED("NodeRebooted", Severity.NORMAL);

    /** How an event shows in {@code kubectl get events}. */
    public enum Severity {
        NORMAL,
        WARNING
    }

    private final String text;
    private final Severity severity;

    EventReason(String text, Severity severity) {
        this.text = text;
        this.severity = severity;
    }

    /** The reason as recorded, e.g. {@code InvalidInstanceEntry}. */
    public String text() {
        return text;
    }

    public Severity severity() {
        return severity;
    }

    @Override
    public String toString() {
        return text;
    }
}
