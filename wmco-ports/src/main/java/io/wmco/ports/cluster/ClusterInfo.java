package io.wmco.ports.cluster;

import io.wmco.domain.cluster.NetworkFacts;
import java.util.Optional;

/**
 * Facts about the cluster read once at startup. Empty results mean the OpenShift API in question is absent
 * (plain Kubernetes), in which case the operator takes the settings from its flags.
 */
public interface ClusterInfo {

    /** The API server's {@code gitVersion}, e.g. {@code v1.34.4}. */
    String serverVersion();

    /** {@code networks.operator.openshift.io/cluster}, when that API exists. */
    Optional<NetworkFacts> openshiftNetwork();

    /** {@code infrastructures.config.openshift.io/cluster .status.platformStatus.type}, when that API exists. */
    Optional<String> openshiftPlatform();
}
