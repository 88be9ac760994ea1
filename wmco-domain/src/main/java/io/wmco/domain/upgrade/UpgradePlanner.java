package io.wmco.domain.upgrade;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.instance.InstanceAddress;
import io.wmco.domain.instance.InstanceEntry;
import io.wmco.domain.instance.InstanceMatcher;
import io.wmco.domain.instance.InstanceSource;
import io.wmco.domain.instance.ResolvedAddress;
import io.wmco.domain.instance.WindowsInstance;
import io.wmco.domain.machine.MachineSnapshot;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.NodeSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides, for every Windows instance and node, what to do next.
 *
 * <p>Per instance with its node (matched by {@link InstanceMatcher}; for Machines by {@code status.nodeRef}
 * first):
 * <ol>
 *   <li>a workflow already running on the instance or its node: {@link InstanceDecision.WaitForSlot};</li>
 *   <li>no node yet: {@link InstanceDecision.Configure} (no slot);</li>
 *   <li>up to date ({@link NodeFreshness#isUpToDate}): nothing to do, or {@link InstanceDecision.ReleaseSlot}
 *       when the node still carries the upgrading label;</li>
 *   <li>the node never finished a configuration (no version annotation) and holds no slot:
 *       {@link InstanceDecision.Configure} (no slot; a node without the annotation serves no workloads);</li>
 *   <li>Machine whose public-key hash differs (or is empty): {@link InstanceDecision.ReplaceMachine} (slot), but
 *       only while every other Machine of its MachineSet is healthy and no other Machine of the set is being
 *       replaced in the same pass; otherwise {@link InstanceDecision.WaitForSlot} (a MachineSet never loses two
 *       Machines at once to key rotation);</li>
 *   <li>Machine with a stale version: {@link InstanceDecision.UpgradeInPlace} (slot);</li>
 *   <li>BYOH with a stale version: {@link InstanceDecision.UpgradeInPlace} (slot);</li>
 *   <li>BYOH with only a stale key hash: {@link InstanceDecision.UpdateKeyAnnotations} (no slot).</li>
 * </ol>
 * BYOH nodes that no entry matches are deconfigured ({@link InstanceDecision.Deconfigure}, no slot), except
 * nodes matching the address of an invalid entry, which are left alone until the entry is fixed.
 *
 * <p>Slot rule: at most {@link FleetState#maxParallelUpgrades()} Windows nodes carry the upgrading label. Nodes
 * that already carry it keep their slot (their workflow resumes); new slots are handed out in subject order
 * while any are free, and every other slot-taking decision becomes {@link InstanceDecision.WaitForSlot}.
 *
 * <p>The result holds one decision per Machine, per valid BYOH entry and per unmatched BYOH node, sorted by
 * subject. Thread-safe; no state.
 */
public final class UpgradePlanner {
    private UpgradePlanner() {}

    /** Machine phases in which the operator may configure the Machine's instance. */
    private static final Set<String> CONFIGURABLE_PHASES = Set.of("Provisioned", "Running");

    /** Decides for every instance and node of the fleet. */
    public static List<InstanceDecision> decide(FleetState state) {
        requireNonNull(state, "state cannot be null");
        List<Candidate> candidates = new ArrayList<>();
        List<InstanceDecision> decisions = new ArrayList<>();
        Map<String, String> claimed = new HashMap<>();

        for (MachineSnapshot m : sortedMachines(state.machines())) {
            machineCandidate(state, m, claimed)
                    .ifPresentOrElse(candidates::add, () -> decisions.add(skipMachine(state, m)));
        }
        List<InstanceAddress> protectedAddresses = new ArrayList<>();
        for (InstanceEntry entry : state.byohEntries()) {
            if (entry instanceof InstanceEntry.Valid valid) {
                WindowsInstance instance = valid.instance();
                ResolvedAddress resolved = state.resolutions().getOrDefault(instance.address(), ResolvedAddress.none());
                Optional<NodeSnapshot> node = InstanceMatcher.findNode(instance, resolved, state.nodes());
                candidates.add(claim(new Candidate(instance, node, Optional.empty()), claimed));
            } else {
                try {
                    protectedAddresses.add(InstanceAddress.parse(entry.key()));
                } catch (IllegalArgumentException e) {
                    // the key itself is invalid: no node can match it
                }
            }
        }

        Set<String> slotHolders = new TreeSet<>();
        for (NodeSnapshot n : state.nodes()) {
            if (n.isWindows() && NodeFreshness.holdsSlot(n)) {
                slotHolders.add(n.name());
            }
        }

        candidates.sort(Comparator.comparing(c -> c.instance().address().value()));
        Set<String> replacingSets = new TreeSet<>();
        for (Candidate c : candidates) {
            decisions.add(decideInstance(state, c, slotHolders, replacingSets));
        }
        for (NodeSnapshot n : state.nodes()) {
            if (n.isByoh() && !claimed.containsKey(n.name())) {
                decisions.add(orphan(state, n, protectedAddresses));
            }
        }
        decisions.sort(Comparator.comparing(InstanceDecision::subject));
        return List.copyOf(decisions);
    }

    /** An instance, its node if any, and the Machine it came from if any. */
    private record Candidate(
            WindowsInstance instance, Optional<NodeSnapshot> node, Optional<MachineSnapshot> machine) {}

    private static Candidate claim(Candidate c, Map<String, String> claimed) {
        if (c.node().isEmpty()) {
            return c;
        }
        String previous = claimed.putIfAbsent(
                c.node().get().name(), c.instance().address().value());
        if (previous != null) {
            // the node already belongs to another instance; this one has none of its own
            return new Candidate(c.instance(), Optional.empty(), c.machine());
        }
        return c;
    }

    private static List<MachineSnapshot> sortedMachines(List<MachineSnapshot> machines) {
        return machines.stream()
                .sorted(Comparator.comparing(MachineSnapshot::name))
                .toList();
    }

    private static Optional<Candidate> machineCandidate(
            FleetState state, MachineSnapshot m, Map<String, String> claimed) {
        if (m.deleting()
                || "true".equals(m.labels().get(MetadataKeys.IGNORE_LABEL))
                || !CONFIGURABLE_PHASES.contains(m.phase())
                || state.machineUser().isEmpty()) {
            return Optional.empty();
        }
        Optional<InstanceAddress> ip = firstIpv4(m);
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        WindowsInstance instance = new WindowsInstance(
                ip.get(), state.machineUser().get(), new InstanceSource.Machine(m.namespace(), m.name()));
        Optional<NodeSnapshot> node = m.nodeName()
                .flatMap(name -> state.nodes().stream()
                        .filter(n -> n.name().equals(name))
                        .findFirst())
                .or(() -> InstanceMatcher.findNode(instance, ResolvedAddress.none(), state.nodes()));
        return Optional.of(claim(new Candidate(instance, node, Optional.of(m)), claimed));
    }

    private static Optional<InstanceAddress> firstIpv4(MachineSnapshot m) {
        for (String ip : m.internalIps()) {
            if (InstanceAddress.problem(ip).isEmpty()) {
                InstanceAddress a = InstanceAddress.parse(ip);
                if (a.isIpv4()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    private static InstanceDecision skipMachine(FleetState state, MachineSnapshot m) {
        String subject = "Machine " + m.name();
        if (m.deleting()) {
            return new InstanceDecision.NothingToDo(subject, "the Machine is being deleted");
        }
        if ("true".equals(m.labels().get(MetadataKeys.IGNORE_LABEL))) {
            return new InstanceDecision.NothingToDo(
                    subject, "the Machine is labelled " + MetadataKeys.IGNORE_LABEL + "=true");
        }
        if (!CONFIGURABLE_PHASES.contains(m.phase())) {
            return new InstanceDecision.NothingToDo(
                    subject, "the Machine is in phase '" + m.phase() + "'; it is configured once Provisioned");
        }
        if (state.machineUser().isEmpty()) {
            return new InstanceDecision.NothingToDo(subject, "no SSH user is known for Machines on this platform");
        }
        return new InstanceDecision.NothingToDo(subject, "the Machine has no IPv4 InternalIP yet");
    }

    private static InstanceDecision decideInstance(
            FleetState state, Candidate c, Set<String> slotHolders, Set<String> replacingSets) {
        WindowsInstance instance = c.instance();
        String subject = instance.address().value();
        Optional<String> busy = Optional.of(subject)
                .filter(state.inFlight()::contains)
                .or(() -> c.node().map(NodeSnapshot::name).filter(state.inFlight()::contains));
        if (busy.isPresent()) {
            return new InstanceDecision.WaitForSlot(subject, "a workflow is already running on " + busy.get());
        }
        if (c.node().isEmpty()) {
            return new InstanceDecision.Configure(instance, Optional.empty(), "no node exists for the instance yet");
        }
        NodeSnapshot node = c.node().get();
        boolean holds = NodeFreshness.holdsSlot(node);
        if (NodeFreshness.isUpToDate(node, state.running(), state.expectedKeyHash())) {
            return holds
                    ? new InstanceDecision.ReleaseSlot(
                            node, "node " + node.name() + " is up to date but still holds an upgrade slot")
                    : new InstanceDecision.NothingToDo(subject, "node " + node.name() + " is up to date");
        }
        if (!holds && !NodeFreshness.wasConfigured(node)) {
            return new InstanceDecision.Configure(
                    instance, Optional.of(node), "node " + node.name() + " exists but was never fully configured");
        }
        boolean keyStale = !NodeFreshness.hasKeyHash(node, state.expectedKeyHash());
        boolean versionStale = !NodeFreshness.hasVersion(node, state.running());
        String why;
        if (c.machine().isPresent() && keyStale) {
            why = "node " + node.name() + " was configured for another public key";
        } else if (versionStale) {
            why = "node " + node.name() + " has version '"
                    + node.annotation(MetadataKeys.VERSION_ANNOTATION).orElse("") + "', the operator is "
                    + state.running();
        } else {
            return new InstanceDecision.UpdateKeyAnnotations(
                    instance,
                    node,
                    "the private key changed; node " + node.name() + " needs the new key hash and username annotation");
        }
        boolean replace = c.machine().isPresent() && keyStale;
        if (replace && !holds) {
            MachineSnapshot m = c.machine().get();
            Optional<String> set = m.machineSet();
            if (set.isPresent() && replacingSets.contains(set.get())) {
                return new InstanceDecision.WaitForSlot(
                        subject,
                        why + ", but another Machine of MachineSet " + set.get()
                                + " is being replaced; one at a time per MachineSet");
            }
            Optional<String> sick = unhealthySibling(state, m);
            if (sick.isPresent()) {
                return new InstanceDecision.WaitForSlot(
                        subject,
                        why + ", but " + sick.get()
                                + "; Machines are replaced only while the rest of their MachineSet is healthy");
            }
        }
        if (!holds) {
            if (slotHolders.size() >= state.maxParallelUpgrades()) {
                return new InstanceDecision.WaitForSlot(
                        subject,
                        why + ", but " + slotHolders.size() + " of "
                                + state.maxParallelUpgrades() + " upgrade slots are taken (by "
                                + String.join(", ", slotHolders)
                                + "); retry when one is released");
            }
            slotHolders.add(node.name());
        }
        if (replace) {
            c.machine().get().machineSet().ifPresent(replacingSets::add);
            return new InstanceDecision.ReplaceMachine(instance, c.machine().get(), node, holds, why);
        }
        return new InstanceDecision.UpgradeInPlace(instance, node, holds, why);
    }

    /**
     * Why another Machine of {@code m}'s MachineSet is not healthy, if one is not. Healthy: not being deleted, in
     * phase {@code Running} (the Machine API has linked its node), that node Ready, done with a configuration and
     * holding no upgrade slot. A replacement that is still {@code Provisioned} counts as coming up even when its node
     * is already configured. Machines outside any MachineSet have no siblings.
     */
    private static Optional<String> unhealthySibling(FleetState state, MachineSnapshot m) {
        if (m.machineSet().isEmpty()) {
            return Optional.empty();
        }
        for (MachineSnapshot other : sortedMachines(state.machines())) {
            if (other.name().equals(m.name())
                    || !other.machineSet().equals(m.machineSet())
                    || "true".equals(other.labels().get(MetadataKeys.IGNORE_LABEL))) {
                continue;
            }
            String who = "Machine " + other.name() + " of MachineSet "
                    + m.machineSet().get();
            if (other.deleting()) {
                return Optional.of(who + " is being deleted");
            }
            if (!"Running".equals(other.phase())) {
                return Optional.of(who + " is in phase '" + other.phase() + "', not Running yet");
            }
            Optional<NodeSnapshot> node = other.nodeName()
                    .flatMap(name -> state.nodes().stream()
                            .filter(n -> n.name().equals(name))
                            .findFirst())
                    .or(() -> other.internalIps().stream()
                            .flatMap(ip -> state.nodes().stream().filter(n -> n.hasAddress(ip)))
                            .findFirst());
            if (node.isEmpty()) {
                return Optional.of(who + " has no node yet");
            }
            NodeSnapshot n = node.get();
            if (!n.ready() || !NodeFreshness.wasConfigured(n) || NodeFreshness.holdsSlot(n)) {
                return Optional.of(who + " (node " + n.name() + ") is not Ready and configured yet");
            }
        }
        return Optional.empty();
    }

    private static InstanceDecision orphan(
            FleetState state, NodeSnapshot node, List<InstanceAddress> protectedAddresses) {
        for (InstanceAddress a : protectedAddresses) {
            if (InstanceMatcher.matches(a, state.resolutions().getOrDefault(a, ResolvedAddress.none()), node)) {
                return new InstanceDecision.NothingToDo(
                        node.name(),
                        "the windows-instances entry for " + a
                                + " is invalid; the node is kept until the entry is fixed");
            }
        }
        if (state.inFlight().contains(node.name())) {
            return new InstanceDecision.WaitForSlot(node.name(), "a workflow is already running on " + node.name());
        }
        return new InstanceDecision.Deconfigure(node, "no windows-instances entry matches BYOH node " + node.name());
    }
}
