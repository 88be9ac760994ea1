package io.wmco.domain.upgrade;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.instance.InstanceAddress;
import io.wmco.domain.instance.InstanceEntry;
import io.wmco.domain.instance.ResolvedAddress;
import io.wmco.domain.instance.Username;
import io.wmco.domain.machine.MachineSnapshot;
import io.wmco.domain.node.NodeSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything {@link UpgradePlanner} decides from, gathered by the app from caches. Immutable and thread-safe.
 *
 * @param running the running operator's version
 * @param expectedKeyHash the hash of the current public key ({@code io.wmco.domain.access.PublicKeyHash})
 * @param byohEntries the parsed {@code windows-instances} entries (empty when the ConfigMap is absent); invalid
 *     entries keep their nodes untouched until fixed
 * @param resolutions name-resolution facts per BYOH address; a missing entry counts as
 *     {@link ResolvedAddress#none()}
 * @param nodes every Windows node
 * @param machines every Windows Machine
 * @param machineUser the SSH user of the platform's Windows images; empty where there are no Machines
 * @param inFlight keys of workflows running right now in this process: instance address values and node names
 * @param maxParallelUpgrades how many nodes may hold an upgrade slot at once, at least 1
 */
public record FleetState(
        OperatorVersion running,
        String expectedKeyHash,
        List<InstanceEntry> byohEntries,
        Map<InstanceAddress, ResolvedAddress> resolutions,
        List<NodeSnapshot> nodes,
        List<MachineSnapshot> machines,
        Optional<Username> machineUser,
        Set<String> inFlight,
        int maxParallelUpgrades) {

    public FleetState {
        requireNonNull(running, "running cannot be null");
        requireNonNull(expectedKeyHash, "expectedKeyHash cannot be null");
        if (expectedKeyHash.isEmpty()) {
            throw new IllegalArgumentException("expectedKeyHash cannot be empty; compute it from the public key");
        }
        byohEntries = List.copyOf(requireNonNull(byohEntries, "byohEntries cannot be null"));
        resolutions = Map.copyOf(requireNonNull(resolutions, "resolutions cannot be null"));
        nodes = List.copyOf(requireNonNull(nodes, "nodes cannot be null"));
        machines = List.copyOf(requireNonNull(machines, "machines cannot be null"));
        requireNonNull(machineUser, "machineUser cannot be null");
        inFlight = Set.copyOf(requireNonNull(inFlight, "inFlight cannot be null"));
        if (maxParallelUpgrades < 1) {
            throw new IllegalArgumentException("maxParallelUpgrades must be at least 1, got " + maxParallelUpgrades);
        }
    }
}
