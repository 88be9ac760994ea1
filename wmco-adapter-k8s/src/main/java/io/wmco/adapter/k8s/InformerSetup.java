package io.wmco.adapter.k8s;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ListerWatcher;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretList;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Watchable;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesListObject;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.ListOptions;
import java.util.List;

/**
 * How {@link KubernetesCluster} sets its informers up: what it drops from cached objects, and the selectors that keep
 * objects no loop reads out of the caches (Linux nodes, other Secrets of the Machine API namespace).
 */
final class InformerSetup {
    private InformerSetup() {}

    /**
     * Drops what no reader here needs before objects enter the caches: managed fields everywhere; of a Node all but
     * what {@link NodeMapping} reads (labels, annotations, taints, unschedulable, addresses, condition types and
     * statuses; the images, capacities, system info and condition messages and heartbeat times make up most of a
     * Node); of a decided CSR (Approved or Denied) the request and the certificate, since only pending CSRs are judged.
     */
    static KubernetesObject trim(KubernetesObject object) {
        if (object.getMetadata() != null) {
            object.getMetadata().setManagedFields(null);
        }
        if (object instanceof V1Node node) {
            trimNode(node);
        } else if (object instanceof V1CertificateSigningRequest csr && !CsrMapping.isPending(csr)) {
            if (csr.getSpec() != null) {
                csr.getSpec().setRequest(null);
            }
            csr.getStatus().setCertificate(null);
        }
        return object;
    }

    private static void trimNode(V1Node node) {
        V1NodeStatus status = node.getStatus();
        if (status == null) {
            return;
        }
        V1NodeStatus kept = new V1NodeStatus().addresses(status.getAddresses());
        if (status.getConditions() != null) {
            kept.conditions(status.getConditions().stream()
                    .map(c -> new V1NodeCondition().type(c.getType()).status(c.getStatus()))
                    .toList());
        }
        node.setStatus(kept);
    }

    /** Lists and watches one Secret by name, so the cache holds nothing else of that namespace. */
    static ListerWatcher<V1Secret, V1SecretList> singleSecret(
            GenericKubernetesApi<V1Secret, V1SecretList> api, String namespace, String name) {
        return selected(api, namespace, null, "metadata.name=" + name);
    }

    /**
     * Lists and watches only the Windows nodes ({@value #WINDOWS_NODES}, the label every Windows kubelet sets on its
     * node): the loops act on Windows nodes alone, and in a large cluster nine nodes in ten are Linux.
     */
    static ListerWatcher<V1Node, V1NodeList> windowsNodes(GenericKubernetesApi<V1Node, V1NodeList> api) {
        return selected(api, null, WINDOWS_NODES, null);
    }

    /** Objects per page of the lists of {@link #selected}. */
    static final int PAGE = 250;

    /** The label selector of {@link #windowsNodes}. */
    static final String WINDOWS_NODES = "kubernetes.io/os=windows";

    /**
     * Lists (in pages, trimmed) and watches the objects matching the selectors (either may be null), in
     * {@code namespace} or, when it is null, cluster-wide.
     */
    static <T extends KubernetesObject, L extends KubernetesListObject> ListerWatcher<T, L> selected(
            GenericKubernetesApi<T, L> api, String namespace, String labelSelector, String fieldSelector) {
        return new ListerWatcher<>() {
            /**
             * Lists in pages of {@value #PAGE} and trims each page before the next arrives: the client parses a
             * response into a JSON tree before it makes objects of it, so one response for the whole list would
             * hold every object's tree and untrimmed copy at once.
             */
            @Override
            public L list(CallGeneratorParams params) throws ApiException {
                L all = null;
                String next = null;
                do {
                    // a consistent read: pages are served at the first page's resource version
                    ListOptions o =
                            options(params).resourceVersion(null).limit(PAGE)._continue(next);
                    L page = (namespace == null ? api.list(o) : api.list(namespace, o))
                            .throwsApiException()
                            .getObject();
                    page.getItems().forEach(InformerSetup::trim);
                    if (all == null) {
                        all = page;
                    } else {
                        @SuppressWarnings("unchecked")
                        List<KubernetesObject> items = (List<KubernetesObject>) all.getItems();
                        items.addAll(page.getItems());
                    }
                    next = page.getMetadata() == null
                            ? null
                            : page.getMetadata().getContinue();
                } while (next != null && !next.isEmpty());
                if (all.getMetadata() != null) {
                    all.getMetadata().setContinue(null);
                }
                return all;
            }

            @Override
            public Watchable<T> watch(CallGeneratorParams params) throws ApiException {
                return namespace == null ? api.watch(options(params)) : api.watch(namespace, options(params));
            }

            private ListOptions options(CallGeneratorParams params) {
                return new ListOptions()
                        .labelSelector(labelSelector)
                        .fieldSelector(fieldSelector)
                        .resourceVersion(params.resourceVersion)
                        .timeoutSeconds(params.timeoutSeconds);
            }
        };
    }

    /** Lists and watches every object of a cluster-scoped custom resource. */
    static ListerWatcher<DynamicKubernetesObject, DynamicKubernetesListObject> clusterScoped(DynamicKubernetesApi api) {
        return new ListerWatcher<>() {
            @Override
            public DynamicKubernetesListObject list(CallGeneratorParams params) throws ApiException {
                return api.list(options(params)).throwsApiException().getObject();
            }

            @Override
            public Watchable<DynamicKubernetesObject> watch(CallGeneratorParams params) throws ApiException {
                return api.watch(options(params));
            }

            private ListOptions options(CallGeneratorParams params) {
                return new ListOptions().resourceVersion(params.resourceVersion).timeoutSeconds(params.timeoutSeconds);
            }
        };
    }
}
