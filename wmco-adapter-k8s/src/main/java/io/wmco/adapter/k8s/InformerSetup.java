package io.wmco.adapter.k8s;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ListerWatcher;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretList;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Watchable;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.options.ListOptions;

/** How {@link KubernetesCluster} sets its informers up: what it drops from cached objects, and a one-Secret watch. */
final class InformerSetup {
    private InformerSetup() {}

    /**
     * Drops what no reader here needs before objects enter the caches: managed fields everywhere and the container
     * image list of Nodes (often the largest part of a Node).
     */
    static KubernetesObject trim(KubernetesObject object) {
        if (object.getMetadata() != null) {
            object.getMetadata().setManagedFields(null);
        }
        if (object instanceof V1Node node && node.getStatus() != null) {
            node.getStatus().setImages(null);
        }
        return object;
    }

    /** Lists and watches one Secret by name, so the cache holds nothing else of that namespace. */
    static ListerWatcher<V1Secret, V1SecretList> singleSecret(
            GenericKubernetesApi<V1Secret, V1SecretList> api, String namespace, String name) {
        String selector = "metadata.name=" + name;
        return new ListerWatcher<>() {
            @Override
            public V1SecretList list(CallGeneratorParams params) throws ApiException {
                return api.list(namespace, options(params)).throwsApiException().getObject();
            }

            @Override
            public Watchable<V1Secret> watch(CallGeneratorParams params) throws ApiException {
                return api.watch(namespace, options(params));
            }

            private ListOptions options(CallGeneratorParams params) {
                return new ListOptions()
                        .fieldSelector(selector)
                        .resourceVersion(params.resourceVersion)
                        .timeoutSeconds(params.timeoutSeconds);
            }
        };
    }
}
