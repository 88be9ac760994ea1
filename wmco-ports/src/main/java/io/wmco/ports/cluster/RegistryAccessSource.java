package io.wmco.ports.cluster;

import io.wmco.domain.hostsettings.PullSecretAuths;
import java.util.Map;
import java.util.Optional;

/**
 * What Windows nodes need to reach registry mirrors besides the mirror sets: the mirror CAs OpenShift's image
 * config names ({@code image.config.openshift.io/cluster} {@code spec.additionalTrustedCA}, a ConfigMap of
 * {@code openshift-config} whose keys are {@code host} or {@code host..port}) and the registry credentials of the
 * cluster's pull secret. Thread-safe; served from informer caches, so a read never calls the API server.
 * Implementations never log credentials.
 */
public interface RegistryAccessSource {

    /** Where the image config's CAs come from, e.g. {@code ConfigMap openshift-config/registry-cas}. */
    record ImageConfigCas(String origin, Map<String, String> cas) {
        public ImageConfigCas {
            java.util.Objects.requireNonNull(origin, "origin cannot be null");
            cas = Map.copyOf(java.util.Objects.requireNonNull(cas, "cas cannot be null"));
        }
    }

    /**
     * The image config's mirror CAs; empty when the image config API is not served, the {@code cluster} object or
     * its {@code additionalTrustedCA} is absent, or the ConfigMap it names does not exist.
     */
    Optional<ImageConfigCas> imageConfigCas();

    /**
     * The pull secret's credentials by registry ({@code .dockerconfigjson} {@code auths}), with a problem for what
     * could not be read; {@link PullSecretAuths#NONE} when no pull secret is configured or it does not exist.
     */
    PullSecretAuths pullSecretAuths();

    /** The configured pull secret, for events about it; empty when none is configured. */
    Optional<ObjectRef> pullSecretRef();
}
