package io.wmco.domain.fleet;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.instance.InstanceAddress;
import io.wmco.domain.instance.InstanceEntry;
import io.wmco.domain.instance.InstanceMatcher;
import io.wmco.domain.machine.MachineSnapshot;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.NodeAddress;
import io.wmco.domain.node.NodeSnapshot;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which key owns which node, so that every node is handled under exactly one key ({@link InstanceKey} says why
 * that matters) and every event maps to the keys it concerns. Thread-safe; no state.
 */
public final class InstanceOwnership {
    private InstanceOwnership() {}

    /** Every key of the fleet: the entries', the Machines' and the owners of Windows nodes; sorted. */
    public static SortedSet<InstanceKey> keys(FleetSnapshot fleet) {
        requireNonNull(fleet, "fleet cannot be null");
        SortedSet<InstanceKey> keys = new TreeSet<>();
        fleet.entries().forEach(e -> keys.add(InstanceKey.byoh(e.key())));
        fleet.machines().forEach(m -> keys.add(InstanceKey.machine(m.name())));
        for (NodeSnapshot n : fleet.nodes()) {
            owner(n, fleet).ifPresent(keys::add);
        }
        return keys;
    }

    /**
     * The key a node is handled under: the key it recorded ({@link MetadataKeys#INSTANCE_KEY_ANNOTATION}); else,
     * for nodes configured before that annotation existed, the Machine linked to it (by node reference or
     * address), the first entry whose address or reverse-DNS name matches it (valid entries first, then invalid
     * ones, each in key order), and for a BYOH node that no entry matches, {@code byoh/<InternalIP>} (the key an
     * IPv4 entry had). Empty for nodes the operator does not handle. Reads the fleet's entries, their resolutions
     * and its Machines, never its nodes: callers mapping a node event pass a fleet without nodes.
     */
    public static Optional<InstanceKey> owner(NodeSnapshot node, FleetSnapshot fleet) {
        requireNonNull(node, "node cannot be null");
        requireNonNull(fleet, "fleet cannot be null");
        if (!node.isWindows() && !node.isByoh()) {
            return Optional.empty();
        }
        Optional<InstanceKey> recorded =
                node.annotation(MetadataKeys.INSTANCE_KEY_ANNOTATION).flatMap(InstanceKey::parse);
        if (recorded.isPresent()) {
            return recorded;
        }
        if (!node.isByoh()) {
            Optional<InstanceKey> machine = sorted(fleet.machines()).stream()
                    .filter(m -> m.nodeName().equals(Optional.of(node.name())))
                    .findFirst()
                    .or(() -> sorted(fleet.machines()).stream()
                            .filter(m -> m.internalIps().stream().anyMatch(ip -> hasInternalIp(node, ip)))
                            .findFirst())
                    .map(m -> InstanceKey.machine(m.name()));
            if (machine.isPresent()) {
                return machine;
            }
        }
        Optional<InstanceKey> entry = entriesInKeyOrder(fleet).stream()
                .filter(e -> matches(e, node, fleet))
                .findFirst()
                .map(e -> InstanceKey.byoh(e.key()));
        if (entry.isPresent() || !node.isByoh()) {
            return entry;
        }
        return Optional.of(
                InstanceKey.byoh(node.address(NodeAddress.INTERNAL_IP).orElse(node.name())));
    }

    /** The node {@code key} owns, in name order; Machines' nodes may also be found through the Machine itself. */
    static Optional<NodeSnapshot> ownedNode(FleetSnapshot fleet, InstanceKey key) {
        return windowsNodes(fleet).stream()
                .filter(n -> owner(n, fleet).filter(key::equals).isPresent())
                .findFirst();
    }

    private static boolean matches(InstanceEntry entry, NodeSnapshot node, FleetSnapshot fleet) {
        if (entry instanceof InstanceEntry.Valid v) {
            return InstanceMatcher.matches(
                    v.instance(), fleet.resolved(v.instance().address()), node);
        }
        if (InstanceAddress.problem(entry.key()).isPresent()) {
            return false;
        }
        InstanceAddress a = InstanceAddress.parse(entry.key());
        return InstanceMatcher.matches(a, fleet.resolved(a), node);
    }

    /** Valid entries first, then invalid ones, each in key order. */
    private static List<InstanceEntry> entriesInKeyOrder(FleetSnapshot fleet) {
        return fleet.entries().stream()
                .sorted(Comparator.comparing((InstanceEntry e) -> e instanceof InstanceEntry.Invalid)
                        .thenComparing(InstanceEntry::key))
                .toList();
    }

    private static boolean hasInternalIp(NodeSnapshot node, String ip) {
        return node.addresses().stream()
                .anyMatch(a ->
                        a.type().equals(NodeAddress.INTERNAL_IP) && a.address().equals(ip));
    }

    /** The Windows nodes (and BYOH-labelled ones), in name order. */
    static List<NodeSnapshot> windowsNodes(FleetSnapshot fleet) {
        return fleet.nodes().stream()
                .filter(n -> n.isWindows() || n.isByoh())
                .sorted(Comparator.comparing(NodeSnapshot::name))
                .toList();
    }

    static List<MachineSnapshot> sorted(List<MachineSnapshot> machines) {
        return machines.stream()
                .sorted(Comparator.comparing(MachineSnapshot::name))
                .toList();
    }
}
