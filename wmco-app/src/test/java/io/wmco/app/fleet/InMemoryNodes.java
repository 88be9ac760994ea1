package io.wmco.app.fleet;

import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.MetadataPatch;
import io.wmco.domain.node.NodeAddress;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.ports.cluster.NodeRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Nodes in memory: the API server's copy and the cache's copy. Writes go to the API copy; the cache follows at once,
 * or only on {@link #sync()} while {@link #lagging} is set (a watch that has not delivered yet). Thread-safe.
 */
final class InMemoryNodes implements NodeRepository {
    private final Map<String, NodeSnapshot> api = new TreeMap<>();
    private final Map<String, NodeSnapshot> cache = new TreeMap<>();
    private final List<String> writes = new ArrayList<>();
    private int lists;
    volatile boolean lagging;

    /** A Windows node as a kubelet registers it. */
    static NodeSnapshot windowsNode(String name, String ip) {
        return new NodeSnapshot(
                name,
                Map.of(MetadataKeys.OS_ID_LABEL, MetadataKeys.WINDOWS),
                Map.of(),
                List.of(),
                List.of(new NodeAddress(NodeAddress.INTERNAL_IP, ip)),
                true,
                false);
    }

    synchronized void put(NodeSnapshot n) {
        api.put(n.name(), n);
        cache.put(n.name(), n);
    }

    /** Sets an annotation as another component would (the cluster network), cache included. */
    synchronized void annotate(String node, String key, String value) {
        NodeSnapshot n = api.get(node);
        Map<String, String> a = new HashMap<>(n.annotations());
        a.put(key, value);
        put(new NodeSnapshot(n.name(), n.labels(), a, n.taints(), n.addresses(), n.ready(), n.unschedulable()));
    }

    synchronized void setReady(String node, boolean ready) {
        NodeSnapshot n = api.get(node);
        put(new NodeSnapshot(
                n.name(), n.labels(), n.annotations(), n.taints(), n.addresses(), ready, n.unschedulable()));
    }

    /** The cache catches up with the API server. */
    synchronized void sync() {
        cache.clear();
        cache.putAll(api);
    }

    /** What the API server holds. */
    synchronized Optional<NodeSnapshot> inApi(String name) {
        return Optional.ofNullable(api.get(name));
    }

    /** How many times the node list was read. */
    synchronized int lists() {
        return lists;
    }

    synchronized List<String> writes() {
        return List.copyOf(writes);
    }

    @Override
    public synchronized List<NodeSnapshot> list() {
        lists++;
        return List.copyOf(cache.values());
    }

    @Override
    public synchronized Optional<NodeSnapshot> get(String name) {
        return Optional.ofNullable(cache.get(name));
    }

    @Override
    public synchronized boolean existsInCluster(String name) {
        return api.containsKey(name);
    }

    @Override
    public synchronized Optional<NodeSnapshot> patchMetadata(String name, MetadataPatch patch) {
        NodeSnapshot n = api.get(name);
        if (n == null) {
            return Optional.empty();
        }
        Map<String, String> labels = new HashMap<>(n.labels());
        labels.putAll(patch.setLabels());
        patch.removeLabels().forEach(labels::remove);
        Map<String, String> annotations = new HashMap<>(n.annotations());
        annotations.putAll(patch.setAnnotations());
        patch.removeAnnotations().forEach(annotations::remove);
        NodeSnapshot updated = new NodeSnapshot(
                n.name(), labels, annotations, n.taints(), n.addresses(), n.ready(), n.unschedulable());
        write("patch " + name, updated);
        return Optional.of(updated);
    }

    @Override
    public synchronized boolean setUnschedulable(String name, boolean unschedulable) {
        NodeSnapshot n = api.get(name);
        if (n == null) {
            return false;
        }
        write(
                (unschedulable ? "cordon " : "uncordon ") + name,
                new NodeSnapshot(
                        n.name(), n.labels(), n.annotations(), n.taints(), n.addresses(), n.ready(), unschedulable));
        return true;
    }

    @Override
    public synchronized boolean drain(String name) {
        writes.add("drain " + name);
        return api.containsKey(name);
    }

    @Override
    public synchronized void delete(String name) {
        writes.add("delete " + name);
        api.remove(name);
        if (!lagging) {
            cache.remove(name);
        }
    }

    private void write(String what, NodeSnapshot updated) {
        writes.add(what);
        api.put(updated.name(), updated);
        if (!lagging) {
            cache.put(updated.name(), updated);
        }
    }
}
