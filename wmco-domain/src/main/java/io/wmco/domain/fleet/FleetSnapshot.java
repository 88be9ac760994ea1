package io.wmco.domain.fleet;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.hostsettings.HostSettings;
import io.wmco.domain.instance.InstanceAddress;
import io.wmco.domain.instance.InstanceEntry;
import io.wmco.domain.instance.ResolvedAddress;
import io.wmco.domain.instance.Username;
import io.wmco.domain.machine.MachineSnapshot;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.domain.upgrade.OperatorVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything {@link InstanceRules} decides one key from, gathered by the app from its caches: the whole fleet,
 * because cluster-wide rules (upgrade slots, one Machine per MachineSet, which nodes an entry owns) need it.
 * Immutable and thread-safe.
 *
 * @param running the running operator's version
 * @param expectedKeyHash the hash of the current public key ({@code io.wmco.domain.access.PublicKeyHash})
 * @param entries the parsed {@code windows-instances} entries (empty when the ConfigMap is absent)
 * @param resolutions name-resolution facts per BYOH address; a missing one counts as {@link ResolvedAddress#none()}
 * @param nodes every node in the cache (only Windows nodes are looked at)
 * @param machines every Windows Machine
 * @param machineUser the SSH user of the platform's Windows images; empty where there are no Machines
 * @param claims slots taken in this process and perhaps not yet in the cache
 * @param maxParallelUpgrades how many nodes may hold an upgrade slot at once, at least 1
 * @param userDataProblem why Machines must wait for the {@code windows-user-data} Secret; empty when it is current
 * @param inProgress the keys whose plan is running in this process (a host may have no node yet while its first
 *     configuration runs; {@link DuplicateInstances} lets such a key keep its host)
 * @param hostSettings the host-wide settings every Windows node should have
 */
public record FleetSnapshot(
        OperatorVersion running,
        String expectedKeyHash,
        List<InstanceEntry> entries,
        Map<InstanceAddress, ResolvedAddress> resolutions,
        List<NodeSnapshot> nodes,
        List<MachineSnapshot> machines,
        Optional<Username> machineUser,
        SlotClaims claims,
        int maxParallelUpgrades,
        Optional<String> userDataProblem,
        Set<InstanceKey> inProgress,
        HostSettings hostSettings) {

    public FleetSnapshot {
        requireNonNull(hostSettings, "hostSettings cannot be null");
        requireNonNull(running, "running cannot be null");
        requireNonNull(expectedKeyHash, "expectedKeyHash cannot be null");
        if (expectedKeyHash.isEmpty()) {
            throw new IllegalArgumentException("expectedKeyHash cannot be empty; compute it from the public key");
        }
        entries = List.copyOf(requireNonNull(entries, "entries cannot be null"));
        resolutions = Map.copyOf(requireNonNull(resolutions, "resolutions cannot be null"));
        nodes = List.copyOf(requireNonNull(nodes, "nodes cannot be null"));
        machines = List.copyOf(requireNonNull(machines, "machines cannot be null"));
        requireNonNull(machineUser, "machineUser cannot be null");
        requireNonNull(claims, "claims cannot be null");
        requireNonNull(userDataProblem, "userDataProblem cannot be null");
        inProgress = Set.copyOf(requireNonNull(inProgress, "inProgress cannot be null"));
        if (maxParallelUpgrades < 1) {
            throw new IllegalArgumentException("maxParallelUpgrades must be at least 1, got " + maxParallelUpgrades);
        }
    }

    /** A fleet whose nodes should have no host-wide settings ({@link HostSettings#NONE}). */
    public FleetSnapshot(
            OperatorVersion running,
            String expectedKeyHash,
            List<InstanceEntry> entries,
            Map<InstanceAddress, ResolvedAddress> resolutions,
            List<NodeSnapshot> nodes,
            List<MachineSnapshot> machines,
            Optional<Username> machineUser,
            SlotClaims claims,
            int maxParallelUpgrades,
            Optional<String> userDataProblem,
            Set<InstanceKey> inProgress) {
        this(
                running,
                expectedKeyHash,
                entries,
                resolutions,
                nodes,
                machines,
                machineUser,
                claims,
                maxParallelUpgrades,
                userDataProblem,
                inProgress,
                HostSettings.NONE);
    }

    /** The same fleet with other claims (a decision re-made after the ledger changed). */
    public FleetSnapshot withClaims(SlotClaims other) {
        return new FleetSnapshot(
                running,
                expectedKeyHash,
                entries,
                resolutions,
                nodes,
                machines,
                machineUser,
                other,
                maxParallelUpgrades,
                userDataProblem,
                inProgress,
                hostSettings);
    }

    /** The same fleet with other host-wide settings. */
    public FleetSnapshot withHostSettings(HostSettings other) {
        return new FleetSnapshot(
                running,
                expectedKeyHash,
                entries,
                resolutions,
                nodes,
                machines,
                machineUser,
                claims,
                maxParallelUpgrades,
                userDataProblem,
                inProgress,
                other);
    }

    /** Resolution facts of a BYOH address ({@link ResolvedAddress#none()} when unknown). */
    public ResolvedAddress resolved(InstanceAddress address) {
        return resolutions.getOrDefault(address, ResolvedAddress.none());
    }
}
