package io.wmco.ports.cluster;

import io.wmco.domain.cluster.NetworkFacts;
import io.wmco.domain.tls.TlsSecurityProfile;
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

    /**
     * {@code apiservers.config.openshift.io/cluster .spec.tlsSecurityProfile}, when that API, the object and the
     * field exist. Read live on every call (the operator checks it again now and then to follow changes).
     *
     * @throws io.wmco.ports.cluster.ClusterException when the API server refuses or does not answer
     */
    Optional<TlsSecurityProfile> openshiftTlsProfile();
}
