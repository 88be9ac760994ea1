package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

/**
 * What an administrator may tune about every Windows node the operator configures, from the operator's settings.
 * These values are applied whenever a node is configured: on its first configuration, on every in-place upgrade (a
 * new operator version), and when the node lost its version annotation; nodes configured before a change keep their
 * old values until then. Immutable.
 *
 * @param kubelet reservations, eviction thresholds and pod limit of the kubelet configuration
 */
public record NodeSettings(KubeletSettings kubelet) {

    /** The reference operator's behaviour. */
    public static final NodeSettings DEFAULT = new NodeSettings(KubeletSettings.DEFAULT);

    public NodeSettings {
        requireNonNull(kubelet, "kubelet cannot be null");
    }
}
