package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

/**
 * What an administrator may tune about every Windows node the operator configures, from the operator's settings.
 * These values are applied whenever a node is configured: on its first configuration, on every in-place upgrade (a
 * new operator version), and when the node lost its version annotation; nodes configured before a change keep their
 * old values until then. Immutable.
 *
 * @param logRotation rotation of the kubelet's and kube-proxy's log files
 * @param kubelet reservations, eviction thresholds and pod limit of the kubelet configuration
 */
public record NodeSettings(LogRotation logRotation, KubeletSettings kubelet) {

    /** The reference operator's behaviour: no log rotation, its kubelet values. */
    public static final NodeSettings DEFAULT = new NodeSettings(LogRotation.OFF, KubeletSettings.DEFAULT);

    public NodeSettings {
        requireNonNull(logRotation, "logRotation cannot be null");
        requireNonNull(kubelet, "kubelet cannot be null");
    }

    /** Settings without log rotation. */
    public NodeSettings(KubeletSettings kubelet) {
        this(LogRotation.OFF, kubelet);
    }
}
