package io.wmco.app.fleet;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.fleet.FleetSnapshot;
import io.wmco.domain.fleet.InstanceKey;
import io.wmco.domain.fleet.InstanceOwnership;
import io.wmco.domain.instance.InstanceEntry;
import io.wmco.domain.machine.MachineSnapshot;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.domain.upgrade.NodeFreshness;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which instance keys an event concerns, so that the work queue runs exactly those:
 * <ul>
 *   <li>the instances ConfigMap changed (or went): the keys of every entry now, plus the keys of every BYOH node
 *       (an entry that is gone leaves its node to be removed under the key it had);</li>
 *   <li>the private key Secret changed: every key;</li>
 *   <li>the user-data Secret changed: every Machine key (they may wait for it);</li>
 *   <li>an input of the host-wide settings changed (trusted CA bundle, registry mirrors): every key;</li>
 *   <li>a node changed in what the decisions see (its {@link NodeSnapshot}: not a heartbeat): the key owning it,
 *       before and after; every key waiting for an upgrade slot when the node gave one back (its {@code upgrading}
 *       label went, or the node did); and the other Machines of its MachineSet when the node's health for its
 *       siblings changed;</li>
 *   <li>a Machine changed: its key and the keys of the other Machines of its MachineSet.</li>
 * </ul>
 * Runs on informer threads and reads caches only. Thread-safe.
 */
public final class KeyMapper {
    private final FleetReader reader;
    private final SlotLedger ledger;
    private final KeyStates states;

    KeyMapper(FleetReader reader, SlotLedger ledger, KeyStates states) {
        this.reader = requireNonNull(reader, "reader cannot be null");
        this.ledger = requireNonNull(ledger, "ledger cannot be null");
        this.states = requireNonNull(states, "states cannot be null");
    }

    /** Every key of the fleet (the first run after becoming leader). */
    public Set<InstanceKey> all() {
        return InstanceOwnership.keys(reader.view());
    }

    /** The instances ConfigMap changed: its entries and every BYOH node, each with a fresh backoff. */
    public Set<InstanceKey> instancesChanged() {
        FleetSnapshot f = reader.view();
        Set<InstanceKey> keys = new TreeSet<>();
        for (InstanceEntry e : f.entries()) {
            keys.add(InstanceKey.byoh(e.key()));
        }
        for (NodeSnapshot n : f.nodes()) {
            if (n.isByoh()) {
                InstanceOwnership.owner(n, f).ifPresent(keys::add);
            }
        }
        states.inputsChanged(keys);
        return keys;
    }

    /** The private key changed: every key, with a fresh backoff. */
    public Set<InstanceKey> keyChanged() {
        Set<InstanceKey> keys = all();
        states.inputsChanged(keys);
        return keys;
    }

    /** An input of the host-wide settings changed: every key (each node compares its recorded hash), fresh backoff. */
    public Set<InstanceKey> hostSettingsChanged() {
        Set<InstanceKey> keys = all();
        states.inputsChanged(keys);
        return keys;
    }

    /** The user-data Secret changed: every Machine key. */
    public Set<InstanceKey> userDataChanged() {
        Set<InstanceKey> keys = new TreeSet<>();
        reader.ownershipView().machines().forEach(m -> keys.add(InstanceKey.machine(m.name())));
        return keys;
    }

    /** A node was added ({@code before} empty), changed, or deleted ({@code after} empty). */
    public Set<InstanceKey> nodeChanged(Optional<NodeSnapshot> before, Optional<NodeSnapshot> after) {
        if (before.isPresent() && before.equals(after)) {
            // a status update the decisions cannot see (kubelet heartbeats): nothing to look at again
            return Set.of();
        }
        FleetSnapshot f = reader.ownershipView();
        Set<InstanceKey> keys = new TreeSet<>();
        before.flatMap(n -> InstanceOwnership.owner(n, f)).ifPresent(keys::add);
        after.flatMap(n -> InstanceOwnership.owner(n, f)).ifPresent(keys::add);
        boolean slotFreed = before.filter(NodeFreshness::holdsSlot).isPresent()
                && after.filter(NodeFreshness::holdsSlot).isEmpty();
        if (slotFreed) {
            keys.addAll(ledger.takeWaiting());
        }
        if (!healthy(before).equals(healthy(after))) {
            for (InstanceKey k : Set.copyOf(keys)) {
                keys.addAll(siblings(f, k));
            }
        }
        return keys;
    }

    /** A Machine was added, changed or deleted. */
    public Set<InstanceKey> machineChanged(Optional<MachineSnapshot> before, Optional<MachineSnapshot> after) {
        FleetSnapshot f = reader.ownershipView();
        Set<InstanceKey> keys = new TreeSet<>();
        for (Optional<MachineSnapshot> m : List.of(before, after)) {
            m.ifPresent(machine -> {
                InstanceKey k = InstanceKey.machine(machine.name());
                keys.add(k);
                machine.machineSet()
                        .ifPresent(set -> f.machines().stream()
                                .filter(o -> o.machineSet().equals(Optional.of(set)))
                                .forEach(o -> keys.add(InstanceKey.machine(o.name()))));
            });
        }
        return keys;
    }

    /** The keys of the other Machines of a Machine key's MachineSet. */
    private static Set<InstanceKey> siblings(FleetSnapshot f, InstanceKey key) {
        Set<InstanceKey> out = new TreeSet<>();
        if (key.isByoh()) {
            return out;
        }
        Optional<String> set = f.machines().stream()
                .filter(m -> m.name().equals(key.name()))
                .findFirst()
                .flatMap(MachineSnapshot::machineSet);
        set.ifPresent(s -> f.machines().stream()
                .filter(m -> m.machineSet().equals(Optional.of(s)))
                .forEach(m -> out.add(InstanceKey.machine(m.name()))));
        return out;
    }

    /** What a sibling Machine waits for in a node: Ready, configured, holding no slot (empty: no node). */
    private static Optional<Boolean> healthy(Optional<NodeSnapshot> node) {
        return node.map(n -> n.ready() && NodeFreshness.wasConfigured(n) && !NodeFreshness.holdsSlot(n));
    }
}
