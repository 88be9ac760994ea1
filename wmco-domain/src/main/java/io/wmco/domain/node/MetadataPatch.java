package io.wmco.domain.node;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;

/**
 * Labels and annotations to set or remove on an object, applied as one patch. A key may not be both set
 * and removed.
 *
 * @param setLabels labels to add or overwrite
 * @param setAnnotations annotations to add or overwrite
 * @param removeLabels label keys to delete
 * @param removeAnnotations annotation keys to delete
 */
public record MetadataPatch(
        Map<String, String> setLabels,
        Map<String, String> setAnnotations,
        Set<String> removeLabels,
        Set<String> removeAnnotations) {

    public MetadataPatch {
        setLabels = Map.copyOf(requireNonNull(setLabels, "setLabels cannot be null"));
        setAnnotations = Map.copyOf(requireNonNull(setAnnotations, "setAnnotations cannot be null"));
        removeLabels = Set.copyOf(requireNonNull(removeLabels, "removeLabels cannot be null"));
        removeAnnotations = Set.copyOf(requireNonNull(removeAnnotations, "removeAnnotations cannot be null"));
        for (String k : removeLabels) {
            if (setLabels.containsKey(k)) {
                throw new IllegalArgumentException("label " + k + " is both set and removed");
            }
        }
        for (String k : removeAnnotations) {
            if (setAnnotations.containsKey(k)) {
                throw new IllegalArgumentException("annotation " + k + " is both set and removed");
            }
        }
    }

    /** A patch that sets the given annotations only. */
    public static MetadataPatch annotations(Map<String, String> annotations) {
        return new MetadataPatch(Map.of(), annotations, Set.of(), Set.of());
    }

    /** Whether applying the patch would change nothing. */
    public boolean isEmpty() {
        return setLabels.isEmpty() && setAnnotations.isEmpty() && removeLabels.isEmpty() && removeAnnotations.isEmpty();
    }

    /** Whether the node already satisfies this patch. */
    public boolean isSatisfiedBy(NodeSnapshot node) {
        for (var e : setLabels.entrySet()) {
            if (!e.getValue().equals(node.labels().get(e.getKey()))) {
                return false;
            }
        }
        for (var e : setAnnotations.entrySet()) {
            if (!e.getValue().equals(node.annotations().get(e.getKey()))) {
                return false;
            }
        }
        return removeLabels.stream().noneMatch(node.labels()::containsKey)
                && removeAnnotations.stream().noneMatch(node.annotations()::containsKey);
    }
}
