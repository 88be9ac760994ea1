package io.wmco.domain.upgrade;

import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.MetadataPatch;
import java.util.Map;
import java.util.Set;

/**
 * The node metadata that marks a node as holding an upgrade slot. Thread-safe; no state.
 */
public final class UpgradeSlots {
    private UpgradeSlots() {}

    /** How many Windows nodes may be upgraded or replaced at once unless configured otherwise. */
    public static final int DEFAULT_MAX_PARALLEL = 1;

    /** The patch that takes a slot for a node. */
    public static MetadataPatch acquire() {
        return new MetadataPatch(Map.of(MetadataKeys.UPGRADING_LABEL, "true"), Map.of(), Set.of(), Set.of());
    }

    /** The patch that gives a node's slot back. */
    public static MetadataPatch release() {
        return new MetadataPatch(Map.of(), Map.of(), Set.of(MetadataKeys.UPGRADING_LABEL), Set.of());
    }
}
