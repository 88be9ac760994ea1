package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.cluster.ClusterSettings;
import io.wmco.domain.payload.PayloadManifest;
import io.wmco.domain.platform.PlatformProfile;

/**
 * Everything {@link ConfigurationPlanner} needs to compute a node's configuration plan.
 *
 * @param profile the platform's rules
 * @param cluster the validated cluster settings (same platform as {@code profile})
 * @param target the instance being configured
 * @param payload the operator's payload files
 * @param operatorVersion the running operator's version, written to the node last
 * @param credentials what the kubelet bootstraps with (holds a secret)
 * @param identity values for the node's key-hash and user-name annotations
 * @param timeouts bounds of the waits
 */
public record PlanInputs(
        PlatformProfile profile,
        ClusterSettings cluster,
        NodeTarget target,
        PayloadManifest payload,
        String operatorVersion,
        BootstrapCredentials credentials,
        NodeIdentity identity,
        PlanTimeouts timeouts) {
    public PlanInputs {
        requireNonNull(profile, "profile cannot be null");
        requireNonNull(cluster, "cluster cannot be null");
        requireNonNull(target, "target cannot be null");
        requireNonNull(payload, "payload cannot be null");
        requireNonNull(operatorVersion, "operatorVersion cannot be null");
        requireNonNull(credentials, "credentials cannot be null");
        requireNonNull(identity, "identity cannot be null");
        requireNonNull(timeouts, "timeouts cannot be null");
        if (operatorVersion.isBlank()) {
            throw new IllegalArgumentException("operatorVersion cannot be blank");
        }
    }
}
