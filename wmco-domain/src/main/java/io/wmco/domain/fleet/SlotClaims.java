package io.wmco.domain.fleet;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * Upgrade slots and MachineSet turns taken in this process and not yet visible in the cache, as the app's claim
 * ledger holds them. The cache shows a taken slot as the node's {@code upgrading} label only after the write comes
 * back through the watch; until then two keys deciding at once would both see the slot free. {@link InstanceRules}
 * therefore counts the labels in the cache and these claims together, and the ledger accepts a claim only when it
 * still has the {@link #version} the decision was made from (compare-and-set). Immutable.
 *
 * @param version changes with every claim and release
 * @param nodes claimed node name to the key that claimed it
 * @param machineSets MachineSet name to the key replacing one of its Machines
 */
public record SlotClaims(long version, Map<String, InstanceKey> nodes, Map<String, InstanceKey> machineSets) {
    public SlotClaims {
        nodes = Map.copyOf(requireNonNull(nodes, "nodes cannot be null"));
        machineSets = Map.copyOf(requireNonNull(machineSets, "machineSets cannot be null"));
    }

    /** No claims (version 0). */
    public static SlotClaims none() {
        return new SlotClaims(0, Map.of(), Map.of());
    }

    /**
     * A slot a decision takes: the node that gets the {@code upgrading} label and, when a Machine is replaced, its
     * MachineSet, which no other Machine may be replaced from meanwhile.
     */
    public record Claim(String node, Optional<String> machineSet) {
        public Claim {
            requireNonNull(node, "node cannot be null");
            requireNonNull(machineSet, "machineSet cannot be null");
        }
    }
}
