package io.wmco.adapter.k8s;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Taint;
import io.wmco.domain.node.NodeAddress;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.domain.node.Taint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Maps API Nodes to the domain's {@link NodeSnapshot}. Pure functions; null-tolerant on every optional field. */
final class NodeMapping {
    private NodeMapping() {}

    static NodeSnapshot toSnapshot(V1Node node) {
        requireNonNull(node, "node cannot be null");
        V1ObjectMeta meta = requireNonNull(node.getMetadata(), "node metadata cannot be null");
        V1NodeSpec spec = node.getSpec();
        V1NodeStatus status = node.getStatus();

        List<Taint> taints = new ArrayList<>();
        if (spec != null && spec.getTaints() != null) {
            for (V1Taint t : spec.getTaints()) {
                if (t.getKey() != null && !t.getKey().isBlank() && t.getEffect() != null) {
                    taints.add(new Taint(t.getKey(), t.getValue(), t.getEffect()));
                }
            }
        }
        List<NodeAddress> addresses = new ArrayList<>();
        boolean ready = false;
        if (status != null) {
            if (status.getAddresses() != null) {
                for (V1NodeAddress a : status.getAddresses()) {
                    if (a.getType() != null && a.getAddress() != null) {
                        addresses.add(new NodeAddress(a.getType(), a.getAddress()));
                    }
                }
            }
            if (status.getConditions() != null) {
                for (V1NodeCondition c : status.getConditions()) {
                    if ("Ready".equals(c.getType())) {
                        ready = "True".equals(c.getStatus());
                    }
                }
            }
        }
        boolean unschedulable = spec != null && Boolean.TRUE.equals(spec.getUnschedulable());
        return new NodeSnapshot(
                meta.getName(),
                orEmpty(meta.getLabels()),
                orEmpty(meta.getAnnotations()),
                taints,
                addresses,
                ready,
                unschedulable);
    }

    static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }
}
