package io.wmco.adapter.k8s;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.wmco.ports.cluster.ConfigMapSource;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ConfigMapSource} served from the operator namespace's ConfigMap informer; ConfigMaps of other namespaces are
 * read from the API server directly (not cached).
 */
final class KubeConfigMapSource implements ConfigMapSource {
    private final CoreV1Api core;
    private final String cachedNamespace;
    private final Lister<V1ConfigMap> lister;

    KubeConfigMapSource(ApiClient client, String cachedNamespace, Lister<V1ConfigMap> lister) {
        this.core = new CoreV1Api(requireNonNull(client, "client cannot be null"));
        this.cachedNamespace = requireNonNull(cachedNamespace, "cachedNamespace cannot be null");
        this.lister = requireNonNull(lister, "lister cannot be null");
    }

    @Override
    public Optional<Map<String, String>> data(String namespace, String name) {
        requireNonNull(namespace, "namespace cannot be null");
        requireNonNull(name, "name cannot be null");
        Optional<V1ConfigMap> cm = cachedNamespace.equals(namespace)
                ? Optional.ofNullable(lister.namespace(namespace).get(name))
                : ApiErrors.read(
                        "read ConfigMap " + namespace + "/" + name,
                        false,
                        () -> core.readNamespacedConfigMap(name, namespace).execute());
        return cm.map(c -> Map.copyOf(NodeMapping.orEmpty(c.getData())));
    }
}
