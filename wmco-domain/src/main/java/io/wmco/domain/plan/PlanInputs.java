package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.cluster.ClusterSettings;
import io.wmco.domain.hostsettings.HostSettings;
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
 * @param hostSettings the host-wide settings (proxy, trusted CAs) the node gets before its services start
 * @param node what the administrator tuned about every node ({@link NodeSettings#DEFAULT} when nothing)
 */
public record PlanInputs(
        PlatformProfile profile,
        ClusterSettings cluster,
        NodeTarget target,
        PayloadManifest payload,
        String operatorVersion,
        BootstrapCredentials credentials,
        NodeIdentity identity,
        PlanTimeouts timeouts,
        HostSettings hostSettings,
        NodeSettings node) {
    public PlanInputs {
        requireNonNull(hostSettings, "hostSettings cannot be null");
        requireNonNull(node, "node cannot be null");
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

    /** Inputs without host-wide settings ({@link HostSettings#NONE}) and with {@link NodeSettings#DEFAULT}. */
    public PlanInputs(
            PlatformProfile profile,
            ClusterSettings cluster,
            NodeTarget target,
            PayloadManifest payload,
            String operatorVersion,
            BootstrapCredentials credentials,
            NodeIdentity identity,
            PlanTimeouts timeouts) {
        this(profile, cluster, target, payload, operatorVersion, credentials, identity, timeouts, HostSettings.NONE);
    }

    /** Inputs with {@link NodeSettings#DEFAULT}. */
    public PlanInputs(
            PlatformProfile profile,
            ClusterSettings cluster,
            NodeTarget target,
            PayloadManifest payload,
            String operatorVersion,
            BootstrapCredentials credentials,
            NodeIdentity identity,
            PlanTimeouts timeouts,
            HostSettings hostSettings) {
        this(
                profile,
                cluster,
                target,
                payload,
                operatorVersion,
                credentials,
                identity,
                timeouts,
                hostSettings,
                NodeSettings.DEFAULT);
    }

    /** The same inputs with other host-wide settings. */
    public PlanInputs withHostSettings(HostSettings settings) {
        return new PlanInputs(
                profile, cluster, target, payload, operatorVersion, credentials, identity, timeouts, settings, node);
    }

    /** These inputs with other node settings. */
    public PlanInputs withNode(NodeSettings node) {
        return new PlanInputs(
                profile,
                cluster,
                target,
                payload,
                operatorVersion,
                credentials,
                identity,
                timeouts,
                hostSettings,
                node);
    }
}
