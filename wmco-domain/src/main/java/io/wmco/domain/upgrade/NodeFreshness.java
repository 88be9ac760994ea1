package io.wmco.domain.upgrade;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.NodeSnapshot;

/**
 * How a node's configuration compares with what the running operator would produce. Thread-safe; no state.
 */
public final class NodeFreshness {
    private NodeFreshness() {}

    /**
     * Whether the node is up to date: its version annotation equals the running version and its public-key
     * hash annotation equals the expected hash.
     */
    public static boolean isUpToDate(NodeSnapshot node, OperatorVersion running, String expectedKeyHash) {
        return hasVersion(node, running) && hasKeyHash(node, expectedKeyHash);
    }

    /** Whether the node carries exactly the running version. */
    public static boolean hasVersion(NodeSnapshot node, OperatorVersion running) {
        requireNonNull(node, "node cannot be null");
        requireNonNull(running, "running cannot be null");
        return node.annotation(MetadataKeys.VERSION_ANNOTATION)
                .map(running.value()::equals)
                .orElse(false);
    }

    /** Whether the node carries exactly the expected public-key hash (an empty annotation never matches). */
    public static boolean hasKeyHash(NodeSnapshot node, String expectedKeyHash) {
        requireNonNull(node, "node cannot be null");
        requireNonNull(expectedKeyHash, "expectedKeyHash cannot be null");
        if (expectedKeyHash.isEmpty()) {
            throw new IllegalArgumentException("expectedKeyHash cannot be empty; compute it from the public key");
        }
        return node.annotation(MetadataKeys.PUB_KEY_HASH_ANNOTATION)
                .map(expectedKeyHash::equals)
                .orElse(false);
    }

    /** Whether the operator ever finished configuring the node (it carries a version annotation). */
    public static boolean wasConfigured(NodeSnapshot node) {
        requireNonNull(node, "node cannot be null");
        return node.annotation(MetadataKeys.VERSION_ANNOTATION)
                .filter(v -> !v.isEmpty())
                .isPresent();
    }

    /** Whether the node holds an upgrade slot (carries {@code upgrading=true}). */
    public static boolean holdsSlot(NodeSnapshot node) {
        requireNonNull(node, "node cannot be null");
        return "true".equals(node.labels().get(MetadataKeys.UPGRADING_LABEL));
    }

    /** Whether the node asks for a reboot: {@code reboot-required} is {@code true} (any other value is ignored). */
    public static boolean requestsReboot(NodeSnapshot node) {
        requireNonNull(node, "node cannot be null");
        return "true".equals(node.annotations().get(MetadataKeys.REBOOT_REQUIRED_ANNOTATION));
    }
}
