package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long waits in a plan may take before the executor gives up (and the whole plan is retried later).
 *
 * @param nodeRegistration the node appearing after the kubelet starts (reference: 10 minutes)
 * @param nodeAnnotation an annotation written by the cluster network
 * @param hnsNetworks the HNS networks hybrid-overlay creates
 * @param drain draining the node on deconfiguration
 */
public record PlanTimeouts(Duration nodeRegistration, Duration nodeAnnotation, Duration hnsNetworks, Duration drain) {
    /** 10 minutes for registration, 5 for annotations and HNS networks, 10 for a drain. */
    public static final PlanTimeouts DEFAULT = new PlanTimeouts(
            Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(10));

    public PlanTimeouts {
        positive(nodeRegistration, "nodeRegistration");
        positive(nodeAnnotation, "nodeAnnotation");
        positive(hnsNetworks, "hnsNetworks");
        positive(drain, "drain");
    }

    private static void positive(Duration d, String name) {
        requireNonNull(d, name + " cannot be null");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
