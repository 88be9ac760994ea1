package io.wmco.adapter.k8s;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Eviction;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.PatchUtils;
import io.wmco.domain.node.MetadataPatch;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.ports.cluster.NodeRepository;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NodeRepository} on a Node informer's cache (reads) and the API server (writes). All writes are JSON merge
 * patches without a resource version, so they cannot conflict; no retry loop is needed. Metadata patches and cordons
 * that the cached node already satisfies are not sent.
 */
final class KubeNodeRepository implements NodeRepository {
    private static final Logger LOG = LoggerFactory.getLogger(KubeNodeRepository.class);
    /** Annotation the kubelet sets on mirror pods of static pods; those cannot be evicted. */
    static final String MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";

    private final ApiClient client;
    private final CoreV1Api core;
    private final Lister<V1Node> lister;
    private final Map<String, Mapped> snapshots = new ConcurrentHashMap<>();

    KubeNodeRepository(ApiClient client, Lister<V1Node> lister) {
        this.client = requireNonNull(client, "client cannot be null");
        this.core = new CoreV1Api(client);
        this.lister = requireNonNull(lister, "lister cannot be null");
    }

    @Override
    public List<NodeSnapshot> list() {
        List<V1Node> cached = lister.list();
        List<NodeSnapshot> out = new ArrayList<>(cached.size());
        for (V1Node node : cached) {
            out.add(snapshot(node));
        }
        if (snapshots.size() > cached.size()) {
            // nodes were deleted: forget their snapshots
            Set<String> names = new HashSet<>();
            cached.forEach(n -> names.add(n.getMetadata().getName()));
            snapshots.keySet().retainAll(names);
        }
        return out;
    }

    @Override
    public Optional<NodeSnapshot> get(String name) {
        requireNonNull(name, "name cannot be null");
        return Optional.ofNullable(lister.get(name)).map(this::snapshot);
    }

    @Override
    public boolean existsInCluster(String name) {
        requireNonNull(name, "name cannot be null");
        return ApiErrors.read(
                        "read node " + name, false, () -> core.readNode(name).execute())
                .isPresent();
    }

    /**
     * The snapshot of a cached node, mapped once per object the informer stores: every node event makes the loops
     * read the whole list, so mapping it afresh each time would cost (nodes x events) at start.
     */
    private NodeSnapshot snapshot(V1Node node) {
        Mapped m = snapshots.get(node.getMetadata().getName());
        if (m != null && m.source() == node) {
            return m.snapshot();
        }
        NodeSnapshot s = NodeMapping.toSnapshot(node);
        snapshots.put(node.getMetadata().getName(), new Mapped(node, s));
        return s;
    }

    /** A cached node object and its snapshot (the informer replaces the object on every change). */
    private record Mapped(V1Node source, NodeSnapshot snapshot) {}

    @Override
    public Optional<NodeSnapshot> patchMetadata(String name, MetadataPatch patch) {
        requireNonNull(name, "name cannot be null");
        requireNonNull(patch, "patch cannot be null");
        if (patch.isEmpty()) {
            return ApiErrors.read(
                            "read node " + name,
                            false,
                            () -> core.readNode(name).execute())
                    .map(NodeMapping::toSnapshot);
        }
        Optional<NodeSnapshot> cached = get(name);
        if (cached.isPresent() && patch.isSatisfiedBy(cached.get())) {
            // Steady state: no write. Should the cache lag a newer change, its event triggers another reconcile.
            return cached;
        }
        return mergePatch("patch labels and annotations of node " + name, name, metadataMergePatch(patch))
                .map(NodeMapping::toSnapshot);
    }

    @Override
    public boolean setUnschedulable(String name, boolean unschedulable) {
        requireNonNull(name, "name cannot be null");
        if (get(name).map(n -> n.unschedulable() == unschedulable).orElse(false)) {
            return true;
        }
        JsonObject spec = new JsonObject();
        // null removes the field, which is how an uncordoned node looks.
        spec.add("unschedulable", unschedulable ? new JsonPrimitive(true) : JsonNull.INSTANCE);
        JsonObject body = new JsonObject();
        body.add("spec", spec);
        return mergePatch((unschedulable ? "cordon" : "uncordon") + " node " + name, name, body.toString())
                .isPresent();
    }

    @Override
    public boolean drain(String name) {
        requireNonNull(name, "name cannot be null");
        if (ApiErrors.read("read node " + name, false, () -> core.readNode(name).execute())
                .isEmpty()) {
            return false;
        }
        List<V1Pod> pods = ApiErrors.call(
                        "list pods on node " + name,
                        false,
                        () -> core.listPodForAllNamespaces()
                                .fieldSelector("spec.nodeName=" + name)
                                .execute())
                .getItems();
        int evicted = 0;
        for (V1Pod pod : pods) {
            if (!mustEvict(pod)) {
                continue;
            }
            String ns = pod.getMetadata().getNamespace();
            String podName = pod.getMetadata().getName();
            V1Eviction eviction =
                    new V1Eviction().metadata(new V1ObjectMeta().name(podName).namespace(ns));
            // 404: the pod is already gone. 429: a disruption budget forbids it now; retryable (UNAVAILABLE).
            if (ApiErrors.delete(
                    "evict pod " + ns + "/" + podName + " from node " + name,
                    () -> client.execute(core.createNamespacedPodEviction(podName, ns, eviction)
                            .buildCall(null)))) {
                evicted++;
            }
        }
        LOG.info("node {}: drain requested eviction of {} pod(s)", name, evicted);
        return true;
    }

    @Override
    public void delete(String name) {
        requireNonNull(name, "name cannot be null");
        // The response body is not read: delete answers vary between Status and the object.
        ApiErrors.delete(
                "delete node " + name,
                () -> client.execute(core.deleteNode(name).buildCall(null)));
    }

    /** Pods a drain evicts: not DaemonSet-managed, not mirror pods, not already terminating. */
    static boolean mustEvict(V1Pod pod) {
        V1ObjectMeta meta = pod.getMetadata();
        if (meta == null || meta.getDeletionTimestamp() != null) {
            return false;
        }
        Map<String, String> annotations = NodeMapping.orEmpty(meta.getAnnotations());
        if (annotations.containsKey(MIRROR_POD_ANNOTATION)) {
            return false;
        }
        List<V1OwnerReference> owners = meta.getOwnerReferences() == null ? List.of() : meta.getOwnerReferences();
        return owners.stream()
                .noneMatch(o -> "DaemonSet".equals(o.getKind()) && Boolean.TRUE.equals(o.getController()));
    }

    /** A JSON merge patch setting and removing labels and annotations. */
    static String metadataMergePatch(MetadataPatch patch) {
        JsonObject labels = new JsonObject();
        patch.setLabels().forEach(labels::addProperty);
        patch.removeLabels().forEach(k -> labels.add(k, JsonNull.INSTANCE));
        JsonObject annotations = new JsonObject();
        patch.setAnnotations().forEach(annotations::addProperty);
        patch.removeAnnotations().forEach(k -> annotations.add(k, JsonNull.INSTANCE));
        JsonObject metadata = new JsonObject();
        if (labels.size() > 0) {
            metadata.add("labels", labels);
        }
        if (annotations.size() > 0) {
            metadata.add("annotations", annotations);
        }
        JsonObject body = new JsonObject();
        body.add("metadata", metadata);
        // JsonElement.toString keeps nulls, which a merge patch needs to delete keys.
        return body.toString();
    }

    private Optional<V1Node> mergePatch(String action, String name, String body) {
        return ApiErrors.read(action, false, () -> patch(name, body));
    }

    private V1Node patch(String name, String body) throws ApiException {
        return PatchUtils.patch(
                V1Node.class,
                () -> core.patchNode(name, new V1Patch(body)).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                client);
    }
}
