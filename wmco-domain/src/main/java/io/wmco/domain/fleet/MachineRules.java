package io.wmco.domain.fleet;

import io.wmco.domain.instance.InstanceAddress;
import io.wmco.domain.machine.MachineSnapshot;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.domain.upgrade.NodeFreshness;
import java.util.Optional;
import java.util.Set;

/**
 * The rules that only Machines have: when one is skipped, and the MachineSet rule of key rotation (one Machine of
 * a set replaced at a time, only while the rest of the set is healthy). Thread-safe; no state.
 */
final class MachineRules {
    private MachineRules() {}

    /** Machine phases in which the operator may configure the Machine's instance. */
    private static final Set<String> CONFIGURABLE_PHASES = Set.of("Provisioned", "Running");

    static Optional<String> whyMachineIsSkipped(FleetSnapshot fleet, MachineSnapshot m) {
        String subject = "Machine " + m.name();
        if (m.deleting()) {
            return Optional.of(subject + " is being deleted");
        }
        if ("true".equals(m.labels().get(MetadataKeys.IGNORE_LABEL))) {
            return Optional.of(subject + " is labelled " + MetadataKeys.IGNORE_LABEL + "=true");
        }
        if (!CONFIGURABLE_PHASES.contains(m.phase())) {
            return Optional.of(subject + " is in phase '" + m.phase() + "'; it is configured once Provisioned");
        }
        if (fleet.machineUser().isEmpty()) {
            return Optional.of("no SSH user is known for Machines on this platform");
        }
        if (firstIpv4(m).isEmpty()) {
            return Optional.of(subject + " has no IPv4 InternalIP yet");
        }
        return Optional.empty();
    }

    /** Wait while another Machine of the set is being replaced (claimed) or is not healthy. */
    static Optional<InstanceDecision> machineSetWait(
            FleetSnapshot fleet, InstanceKey key, MachineSnapshot m, String why) {
        if (m.machineSet().isEmpty()) {
            return Optional.empty();
        }
        String set = m.machineSet().get();
        InstanceKey replacing = fleet.claims().machineSets().get(set);
        Optional<String> held = replacing != null && !replacing.equals(key)
                ? Optional.of(replacing.describe() + " of MachineSet " + set + " is being replaced")
                : unhealthySibling(fleet, m);
        return held.map(h -> new InstanceDecision.Wait(
                InstanceDecision.Wait.Cause.MACHINE_SET,
                why + ", but " + h + "; a MachineSet replaces one Machine at a time, only while the rest is healthy",
                Optional.empty()));
    }

    /**
     * Why another Machine of {@code m}'s MachineSet is not healthy, if one is not. Healthy: not being deleted, in
     * phase {@code Running} (the Machine API has linked its node), that node Ready, done with a configuration and
     * holding no upgrade slot. A replacement still {@code Provisioned} counts as coming up even when its node is
     * already configured. Ignored Machines do not count.
     */
    static Optional<String> unhealthySibling(FleetSnapshot fleet, MachineSnapshot m) {
        for (MachineSnapshot other : InstanceOwnership.sorted(fleet.machines())) {
            if (other.name().equals(m.name())
                    || !other.machineSet().equals(m.machineSet())
                    || "true".equals(other.labels().get(MetadataKeys.IGNORE_LABEL))) {
                continue;
            }
            String who = "Machine " + other.name() + " of MachineSet "
                    + m.machineSet().orElseThrow();
            if (other.deleting()) {
                return Optional.of(who + " is being deleted");
            }
            if (!"Running".equals(other.phase())) {
                return Optional.of(who + " is in phase '" + other.phase() + "', not Running yet");
            }
            Optional<NodeSnapshot> node = other.nodeName()
                    .flatMap(name -> fleet.nodes().stream()
                            .filter(n -> n.name().equals(name))
                            .findFirst())
                    .or(() -> other.internalIps().stream()
                            .flatMap(ip -> fleet.nodes().stream().filter(n -> n.hasAddress(ip)))
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

    static Optional<InstanceAddress> firstIpv4(MachineSnapshot m) {
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
}
