package io.wmco.app.fleet;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.fleet.InstanceKey;
import io.wmco.domain.fleet.SlotClaims;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The upgrade slots and MachineSet turns claimed in this process, so that two workers deciding at once never both
 * take the last slot: the cache shows a claimed slot (the node's {@code upgrading} label) only after the write
 * returns through the watch. A worker decides from a {@link #snapshot()}, which the domain counts together with the
 * labels in the cache, and then {@link #claim}s with that snapshot: the claim succeeds only when no claim or
 * release happened in between (compare-and-set on the version), otherwise the worker decides again.
 *
 * <p>A key keeps its claims until it {@link #release}s them: when its upgrade is done (the label is removed, and
 * the cache counts the label until the removal shows) or when its decision no longer takes a slot. The ledger
 * also remembers which keys wait for a slot, so that the loop can wake them when one is given back.
 *
 * <p>Thread-safe: every method holds the ledger's lock.
 */
public final class SlotLedger {
    private long version;
    private final Map<String, InstanceKey> nodes = new HashMap<>();
    private final Map<String, InstanceKey> machineSets = new HashMap<>();
    private final Set<InstanceKey> waiting = new LinkedHashSet<>();

    /** The claims as they are now, with their version. */
    public synchronized SlotClaims snapshot() {
        return new SlotClaims(version, nodes, machineSets);
    }

    /**
     * Records {@code key}'s claim, unless the ledger changed since {@code seen} was taken.
     *
     * @return false when another claim or release came first: decide again from a fresh snapshot
     */
    public synchronized boolean claim(SlotClaims seen, InstanceKey key, SlotClaims.Claim claim) {
        requireNonNull(seen, "seen cannot be null");
        requireNonNull(key, "key cannot be null");
        requireNonNull(claim, "claim cannot be null");
        if (seen.version() != version) {
            return false;
        }
        boolean changed = !key.equals(nodes.put(claim.node(), key));
        if (claim.machineSet().isPresent()) {
            changed |= !key.equals(machineSets.put(claim.machineSet().get(), key));
        }
        waiting.remove(key);
        if (changed) {
            version++;
        }
        return true;
    }

    /** Gives back everything {@code key} claimed. */
    public synchronized void release(InstanceKey key) {
        requireNonNull(key, "key cannot be null");
        boolean changed = nodes.values().removeIf(key::equals);
        changed |= machineSets.values().removeIf(key::equals);
        waiting.remove(key);
        if (changed) {
            version++;
        }
    }

    /** Notes that {@code key} waits for a slot. */
    public synchronized void awaitSlot(InstanceKey key) {
        waiting.add(requireNonNull(key, "key cannot be null"));
    }

    /** The keys waiting for a slot, forgotten here (each notes itself again if it still has to wait). */
    public synchronized Set<InstanceKey> takeWaiting() {
        Set<InstanceKey> out = Set.copyOf(waiting);
        waiting.clear();
        return out;
    }

    /** Forgets everything: leadership ended. */
    public synchronized void clear() {
        nodes.clear();
        machineSets.clear();
        waiting.clear();
        version++;
    }
}
