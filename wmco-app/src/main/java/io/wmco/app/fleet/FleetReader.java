package io.wmco.app.fleet;

import static java.util.Objects.requireNonNull;

import io.wmco.app.access.KeyMaterial;
import io.wmco.app.cluster.ClusterEnvironment;
import io.wmco.domain.fleet.FleetSnapshot;
import io.wmco.domain.fleet.InstanceKey;
import io.wmco.domain.fleet.SlotClaims;
import io.wmco.domain.hostsettings.HostSettings;
import io.wmco.domain.instance.InstanceAddress;
import io.wmco.domain.instance.InstanceEntry;
import io.wmco.domain.instance.InstancesConfigMap;
import io.wmco.domain.instance.ResolvedAddress;
import io.wmco.domain.instance.Username;
import io.wmco.domain.instance.WindowsInstance;
import io.wmco.domain.machine.MachineSnapshot;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.domain.upgrade.OperatorVersion;
import io.wmco.ports.PortException;
import io.wmco.ports.cluster.ConfigMapSource;
import io.wmco.ports.cluster.MachineRepository;
import io.wmco.ports.cluster.NodeRepository;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads the caches into a {@link FleetSnapshot}: the instances ConfigMap, name resolutions of its entries, the
 * nodes, the Windows Machines, the user-data check and this process's slot claims. Reads only caches (and the
 * resolver's cache), so it is cheap enough for every reconcile and every event mapping. Thread-safe.
 */
public final class FleetReader {
    /** Stands in for the key hash where only ownership is asked, which never reads it. */
    private static final String NO_KEY = "-";

    /** A snapshot with the keys it was made for. */
    public record Fleet(FleetSnapshot snapshot, KeyMaterial.Keys keys) {
        public Fleet {
            requireNonNull(snapshot, "snapshot cannot be null");
            requireNonNull(keys, "keys cannot be null");
        }
    }

    private final String namespace;
    private final OperatorVersion version;
    private final int maxParallelUpgrades;
    private final ClusterEnvironment env;
    private final ConfigMapSource configMaps;
    private final NodeRepository nodes;
    private final MachineRepository machines;
    private final KeyMaterial keys;
    private final AddressResolver resolver;
    private final SlotLedger ledger;
    private final Function<KeyMaterial.Keys, Optional<String>> userDataProblem;
    private final Supplier<Set<InstanceKey>> inProgress;
    private final Supplier<HostSettings> hostSettings;

    /**
     * @param userDataProblem why Machines must wait for the {@code windows-user-data} Secret (empty when current)
     * @param inProgress the keys whose plan is running in this process
     * @param hostSettings the host-wide settings every Windows node should have, read from caches
     */
    public FleetReader(
            String namespace,
            String operatorVersion,
            int maxParallelUpgrades,
            ClusterEnvironment env,
            ConfigMapSource configMaps,
            NodeRepository nodes,
            MachineRepository machines,
            KeyMaterial keys,
            AddressResolver resolver,
            SlotLedger ledger,
            Function<KeyMaterial.Keys, Optional<String>> userDataProblem,
            Supplier<Set<InstanceKey>> inProgress,
            Supplier<HostSettings> hostSettings) {
        this.namespace = requireNonNull(namespace, "namespace cannot be null");
        this.version = new OperatorVersion(operatorVersion);
        this.maxParallelUpgrades = maxParallelUpgrades;
        this.env = requireNonNull(env, "env cannot be null");
        this.configMaps = requireNonNull(configMaps, "configMaps cannot be null");
        this.nodes = requireNonNull(nodes, "nodes cannot be null");
        this.machines = requireNonNull(machines, "machines cannot be null");
        this.keys = requireNonNull(keys, "keys cannot be null");
        this.resolver = requireNonNull(resolver, "resolver cannot be null");
        this.ledger = requireNonNull(ledger, "ledger cannot be null");
        this.userDataProblem = requireNonNull(userDataProblem, "userDataProblem cannot be null");
        this.inProgress = requireNonNull(inProgress, "inProgress cannot be null");
        this.hostSettings = requireNonNull(hostSettings, "hostSettings cannot be null");
    }

    public OperatorVersion version() {
        return version;
    }

    /**
     * The fleet to decide from, or empty while nothing may be decided: the cluster's network settings are unusable
     * (reported at start) or the private key is missing or unreadable (the key Secret's loop reports that).
     */
    public Optional<Fleet> read() {
        if (env.cluster().isEmpty()) {
            return Optional.empty();
        }
        Optional<KeyMaterial.Keys> k;
        try {
            k = keys.current();
        } catch (PortException e) {
            return Optional.empty();
        }
        if (k.isEmpty()) {
            return Optional.empty();
        }
        List<MachineSnapshot> machineList = machineList();
        Optional<String> staleUserData = machineList.isEmpty() ? Optional.empty() : userDataProblem.apply(k.get());
        return Optional.of(new Fleet(
                snapshot(
                        k.get().hash().value(),
                        machineList,
                        ledger.snapshot(),
                        staleUserData,
                        hostSettings.get(),
                        nodes.list()),
                k.get()));
    }

    /** The fleet as far as ownership goes (which key owns which node); needs no key. */
    public FleetSnapshot view() {
        return snapshot(NO_KEY, machineList(), SlotClaims.none(), Optional.empty(), HostSettings.NONE, nodes.list());
    }

    /**
     * As {@link #view()} but without the nodes: enough to tell which key owns a given node ({@code
     * InstanceOwnership.owner} reads the entries, their resolutions and the Machines) and a Machine's siblings. A node
     * event asks this, so the initial list of N Windows nodes costs N small snapshots, not N copies of the node list.
     */
    public FleetSnapshot ownershipView() {
        return snapshot(NO_KEY, machineList(), SlotClaims.none(), Optional.empty(), HostSettings.NONE, List.of());
    }

    private FleetSnapshot snapshot(
            String keyHash,
            List<MachineSnapshot> machineList,
            SlotClaims claims,
            Optional<String> staleUserData,
            HostSettings settings,
            List<NodeSnapshot> nodeList) {
        List<InstanceEntry> entries = configMaps
                .data(namespace, MetadataKeys.INSTANCES_CONFIGMAP)
                .map(InstancesConfigMap::parse)
                .orElse(List.of());
        Map<InstanceAddress, ResolvedAddress> resolutions = new HashMap<>();
        for (WindowsInstance i : InstancesConfigMap.validInstances(entries)) {
            resolutions.put(i.address(), resolver.resolve(i.address()));
        }
        return new FleetSnapshot(
                version,
                keyHash,
                entries,
                resolutions,
                nodeList,
                machineList,
                env.profile().defaultSshUser().map(Username::new),
                claims,
                maxParallelUpgrades,
                staleUserData,
                inProgress.get(),
                settings);
    }

    private List<MachineSnapshot> machineList() {
        return machines.available() ? machines.windowsMachines() : List.of();
    }
}
