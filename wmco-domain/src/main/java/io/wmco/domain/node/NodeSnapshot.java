package io.wmco.domain.node;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable view of a Kubernetes Node as the operator's decisions need it. Adapters build it from API
 * objects; the domain never sees those.
 *
 * @param name node name
 * @param labels labels (copied, unmodifiable)
 * @param annotations annotations (copied, unmodifiable)
 * @param taints taints
 * @param addresses status addresses
 * @param ready whether the Ready condition is True
 * @param unschedulable whether {@code spec.unschedulable} is set (cordoned)
 */
public record NodeSnapshot(
        String name,
        Map<String, String> labels,
        Map<String, String> annotations,
        List<Taint> taints,
        List<NodeAddress> addresses,
        boolean ready,
        boolean unschedulable) {

    public NodeSnapshot {
        requireNonNull(name, "name cannot be null");
        labels = Map.copyOf(requireNonNull(labels, "labels cannot be null"));
        annotations = Map.copyOf(requireNonNull(annotations, "annotations cannot be null"));
        taints = List.copyOf(requireNonNull(taints, "taints cannot be null"));
        addresses = List.copyOf(requireNonNull(addresses, "addresses cannot be null"));
    }

    /** The annotation's value, if present. */
    public Optional<String> annotation(String key) {
        return Optional.ofNullable(annotations.get(key));
    }

    /** The label's value, if present. */
    public Optional<String> label(String key) {
        return Optional.ofNullable(labels.get(key));
    }

    /** The first address of the given type. */
    public Optional<String> address(String type) {
        return addresses.stream()
                .filter(a -> a.type().equals(type))
                .map(NodeAddress::address)
                .findFirst();
    }

    /** Whether any of the node's addresses equals the given one. */
    public boolean hasAddress(String address) {
        return addresses.stream().anyMatch(a -> a.address().equalsIgnoreCase(address));
    }

    /** Whether the node carries the Windows OS label set through kubelet {@code --node-labels}. */
    public boolean isWindows() {
        return "Windows".equals(labels.get(MetadataKeys.OS_ID_LABEL));
    }

    /** Whether the node came from the {@code windows-instances} ConfigMap. */
    public boolean isByoh() {
        return "true".equals(labels.get(MetadataKeys.BYOH_LABEL));
    }
}
