package io.wmco.domain.fleet;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.event.EventReason;
import io.wmco.domain.event.Notice;
import io.wmco.domain.instance.InstanceEntry;
import io.wmco.domain.instance.InstanceMatcher;
import io.wmco.domain.instance.InstanceSource;
import io.wmco.domain.instance.WindowsInstance;
import io.wmco.domain.machine.MachineSnapshot;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.domain.upgrade.NodeFreshness;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Decides, for one instance key, what to do next, from a snapshot of the whole fleet. Each key is decided on its
 * own (the app runs one worker per key and several keys at once); the cluster-wide rules hold across keys because
 * they are decided from the fleet: the upgrade labels in the cache plus the claims of this process
 * ({@link SlotClaims}), the health of a Machine's siblings, and which key owns which node ({@link #owner}).
 *
 * <p>Per key, with the instance's node:
 * <ol>
 *   <li>an invalid entry: {@link InstanceDecision.ReportInvalidEntry}; its node (matched by the entry's address) is
 *       kept until the entry is fixed;</li>
 *   <li>no entry any more (or no ConfigMap): the BYOH node the key owns is deconfigured
 *       ({@link InstanceDecision.Deconfigure}, no slot);</li>
 *   <li>another entry names the same host and comes first ({@link DuplicateInstances}): {@link InstanceDecision.Wait}
 *       with a {@link EventReason#DUPLICATE_INSTANCE} notice, nothing done for the host under this key;</li>
 *   <li>the host's node belongs to another key: {@link InstanceDecision.Wait} (a host is never acted on under two
 *       keys; the other key removes or keeps it first);</li>
 *   <li>no node yet: {@link InstanceDecision.Configure} (no slot);</li>
 *   <li>up to date ({@link NodeFreshness#isUpToDate}) and annotated {@code reboot-required=true}:
 *       {@link InstanceDecision.Reboot} (slot), else {@link InstanceDecision.Wait} for a slot; a stale node is
 *       upgraded first and reboots after;</li>
 *   <li>up to date: nothing to do, or {@link InstanceDecision.ReleaseSlot} when
 *       the node still carries the upgrading label, or {@link InstanceDecision.ApplyHostSettings} (no slot) when the
 *       host-wide settings differ from those the node recorded;</li>
 *   <li>never fully configured (no version annotation) and holding no slot: {@link InstanceDecision.Configure};</li>
 *   <li>a Machine whose public-key hash differs: {@link InstanceDecision.ReplaceMachine} (slot), only while no other
 *       Machine of its MachineSet is being replaced (claims) and every other one is healthy; otherwise
 *       {@link InstanceDecision.Wait};</li>
 *   <li>a stale version: {@link InstanceDecision.UpgradeInPlace} (slot);</li>
 *   <li>a BYOH node with only a stale key hash: {@link InstanceDecision.UpdateKeyAnnotations} (no slot).</li>
 * </ol>
 * Machines are skipped while deleting, labelled {@code ignore=true}, not yet Provisioned, without an IPv4
 * InternalIP or without a known SSH user, and wait ({@link InstanceDecision.Wait.Cause#USER_DATA}) while the
 * user-data Secret is stale.
 *
 * <p>Slot rule: at most {@link FleetSnapshot#maxParallelUpgrades()} Windows nodes hold an upgrade slot, counting
 * every node with the {@code upgrading} label in the cache and every node claimed in {@link SlotClaims}. A node
 * that holds a slot (label or own claim) keeps it; another one takes a slot only while one is free.
 *
 * <p>Thread-safe; no state.
 */
public final class InstanceRules {
    private InstanceRules() {}

    /** Decides what to do next for {@code key}. */
    public static InstanceDecision decide(FleetSnapshot fleet, InstanceKey key) {
        requireNonNull(fleet, "fleet cannot be null");
        requireNonNull(key, "key cannot be null");
        return key.isByoh() ? decideByoh(fleet, key) : decideMachine(fleet, key);
    }

    private static InstanceDecision decideByoh(FleetSnapshot fleet, InstanceKey key) {
        Optional<InstanceEntry> entry =
                fleet.entries().stream().filter(e -> e.key().equals(key.name())).findFirst();
        Optional<NodeSnapshot> owned = InstanceOwnership.ownedNode(fleet, key);
        if (entry.isEmpty()) {
            return owned.filter(NodeSnapshot::isByoh)
                    .<InstanceDecision>map(n -> new InstanceDecision.Deconfigure(
                            n, "no windows-instances entry " + key.name() + " any more for BYOH node " + n.name()))
                    .orElseGet(() -> new InstanceDecision.NothingToDo(
                            "no windows-instances entry " + key.name() + " and no node of it"));
        }
        if (entry.get() instanceof InstanceEntry.Invalid invalid) {
            return new InstanceDecision.ReportInvalidEntry(
                    new Notice(EventReason.INVALID_INSTANCE_ENTRY, invalid.message()));
        }
        WindowsInstance instance = ((InstanceEntry.Valid) entry.get()).instance();
        if (owned.isEmpty()) {
            Optional<DuplicateInstances.Duplicate> duplicate = DuplicateInstances.of(fleet, key, instance);
            if (duplicate.isPresent()) {
                return new InstanceDecision.Wait(
                        InstanceDecision.Wait.Cause.DUPLICATE,
                        duplicate.get().notice().message(),
                        Optional.of(duplicate.get().notice()));
            }
            Optional<InstanceDecision> elsewhere = ownedElsewhere(fleet, key, instance);
            if (elsewhere.isPresent()) {
                return elsewhere.get();
            }
        }
        return decideInstance(fleet, key, instance, owned, Optional.empty());
    }

    private static InstanceDecision decideMachine(FleetSnapshot fleet, InstanceKey key) {
        Optional<MachineSnapshot> found = fleet.machines().stream()
                .filter(m -> m.name().equals(key.name()))
                .findFirst();
        if (found.isEmpty()) {
            return new InstanceDecision.NothingToDo(
                    "Machine " + key.name() + " is gone; the Machine API removes its node");
        }
        MachineSnapshot m = found.get();
        Optional<String> skip = MachineRules.whyMachineIsSkipped(fleet, m);
        if (skip.isPresent()) {
            return new InstanceDecision.NothingToDo(skip.get());
        }
        WindowsInstance instance = new WindowsInstance(
                MachineRules.firstIpv4(m).orElseThrow(),
                fleet.machineUser().orElseThrow(),
                new InstanceSource.Machine(m.namespace(), m.name()));
        Optional<NodeSnapshot> node = m.nodeName()
                .flatMap(name -> InstanceOwnership.windowsNodes(fleet).stream()
                        .filter(n -> n.name().equals(name))
                        .findFirst())
                .or(() -> InstanceOwnership.ownedNode(fleet, key));
        InstanceDecision d = decideInstance(fleet, key, instance, node, Optional.of(m));
        if (fleet.userDataProblem().isPresent()
                && (d instanceof InstanceDecision.Configure || d instanceof InstanceDecision.ReplaceMachine)) {
            String why = "Windows Machines wait: " + fleet.userDataProblem().get();
            return new InstanceDecision.Wait(
                    InstanceDecision.Wait.Cause.USER_DATA,
                    why,
                    Optional.of(new Notice(EventReason.USER_DATA_NOT_CURRENT, why)));
        }
        return d;
    }

    private static InstanceDecision decideInstance(
            FleetSnapshot fleet,
            InstanceKey key,
            WindowsInstance instance,
            Optional<NodeSnapshot> found,
            Optional<MachineSnapshot> machine) {
        if (found.isEmpty()) {
            return new InstanceDecision.Configure(instance, Optional.empty(), "no node exists for the instance yet");
        }
        NodeSnapshot node = found.get();
        boolean labelled = NodeFreshness.holdsSlot(node);
        boolean holds = labelled || key.equals(fleet.claims().nodes().get(node.name()));
        if (NodeFreshness.isUpToDate(node, fleet.running(), fleet.expectedKeyHash())) {
            if (NodeFreshness.requestsReboot(node)) {
                String why =
                        "node " + node.name() + " is annotated " + MetadataKeys.REBOOT_REQUIRED_ANNOTATION + "=true";
                Optional<InstanceDecision> wait = holds ? Optional.empty() : slotWait(fleet, node, why);
                return wait.orElseGet(() -> new InstanceDecision.Reboot(instance, node, labelled, why));
            }
            if (labelled) {
                return new InstanceDecision.ReleaseSlot(
                        node, "node " + node.name() + " is up to date but still holds an upgrade slot");
            }
            if (!fleet.hostSettings().appliedAs(node.annotation(MetadataKeys.HOST_SETTINGS_ANNOTATION))) {
                return new InstanceDecision.ApplyHostSettings(
                        instance,
                        node,
                        "the host-wide settings (proxy, trusted CAs, registry mirrors) changed since node "
                                + node.name() + " got them");
            }
            return new InstanceDecision.NothingToDo("node " + node.name() + " is up to date");
        }
        if (!holds && !NodeFreshness.wasConfigured(node)) {
            return new InstanceDecision.Configure(
                    instance, Optional.of(node), "node " + node.name() + " exists but was never fully configured");
        }
        boolean keyStale = !NodeFreshness.hasKeyHash(node, fleet.expectedKeyHash());
        boolean replace = machine.isPresent() && keyStale;
        String why;
        if (replace) {
            why = "node " + node.name() + " was configured for another public key";
        } else if (!NodeFreshness.hasVersion(node, fleet.running())) {
            why = "node " + node.name() + " has version '"
                    + node.annotation(MetadataKeys.VERSION_ANNOTATION).orElse("") + "', the operator is "
                    + fleet.running();
        } else {
            return new InstanceDecision.UpdateKeyAnnotations(
                    instance,
                    node,
                    "the private key changed; node " + node.name() + " needs the new key hash and username annotation");
        }
        if (!holds) {
            Optional<InstanceDecision> wait = replace
                    ? MachineRules.machineSetWait(fleet, key, machine.get(), why)
                            .or(() -> slotWait(fleet, node, why))
                    : slotWait(fleet, node, why);
            if (wait.isPresent()) {
                return wait.get();
            }
        }
        return replace
                ? new InstanceDecision.ReplaceMachine(instance, machine.get(), node, labelled, why)
                : new InstanceDecision.UpgradeInPlace(instance, node, labelled, why);
    }

    /** Wait for a slot when every one is taken by another node (label in the cache or claim of this process). */
    private static Optional<InstanceDecision> slotWait(FleetSnapshot fleet, NodeSnapshot node, String why) {
        SortedSet<String> holders = new TreeSet<>(fleet.claims().nodes().keySet());
        for (NodeSnapshot n : InstanceOwnership.windowsNodes(fleet)) {
            if (NodeFreshness.holdsSlot(n)) {
                holders.add(n.name());
            }
        }
        holders.remove(node.name());
        if (holders.size() < fleet.maxParallelUpgrades()) {
            return Optional.empty();
        }
        return Optional.of(new InstanceDecision.Wait(
                InstanceDecision.Wait.Cause.UPGRADE_SLOT,
                why + ", but " + holders.size() + " of " + fleet.maxParallelUpgrades()
                        + " upgrade slots are taken (by " + String.join(", ", holders)
                        + "); it goes on when one is released",
                Optional.empty()));
    }

    /** A Windows node whose host is the instance's but which another key owns: wait until that key is done. */
    private static Optional<InstanceDecision> ownedElsewhere(
            FleetSnapshot fleet, InstanceKey key, WindowsInstance instance) {
        for (NodeSnapshot n : InstanceOwnership.windowsNodes(fleet)) {
            if (InstanceMatcher.matches(instance, fleet.resolved(instance.address()), n)) {
                Optional<InstanceKey> other = InstanceOwnership.owner(n, fleet).filter(o -> !o.equals(key));
                if (other.isPresent()) {
                    return Optional.of(new InstanceDecision.Wait(
                            InstanceDecision.Wait.Cause.HOST_OWNED_ELSEWHERE,
                            "the host's node " + n.name() + " is handled as "
                                    + other.get().describe() + "; " + key.describe() + " waits until that is settled",
                            Optional.empty()));
                }
            }
        }
        return Optional.empty();
    }
}
