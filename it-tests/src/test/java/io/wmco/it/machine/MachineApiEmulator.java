package io.wmco.it.machine;

import static io.wmco.it.machine.MachineEnvironment.FINALIZER;
import static io.wmco.it.machine.MachineEnvironment.GROUP;
import static io.wmco.it.machine.MachineEnvironment.MACHINE_NS;
import static io.wmco.it.machine.MachineEnvironment.OS_LABEL;
import static io.wmco.it.machine.MachineEnvironment.SET_LABEL;
import static io.wmco.it.machine.MachineEnvironment.VERSION;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the Machine API for the MachineSets of one {@link MachineEnvironment}, polling every 300 ms:
 * <ul>
 *   <li>keeps {@code spec.replicas} Machines per MachineSet that are not being deleted, creating new ones (with a
 *       finalizer, owner reference and the Windows label) and a simulated host for each from the host factory;</li>
 *   <li>sets a new Machine's status to phase {@code Provisioned} with its host's InternalIP, then, once a node with
 *       that address exists, {@code status.nodeRef} and phase {@code Running};</li>
 *   <li>finishes a Machine deletion the operator asked for: deletes its node, stops its host, removes the
 *       finalizer. A replacement is created before the old Machine disappears, as the MachineSet controller
 *       does.</li>
 * </ul>
 * Records every deletion and the largest number of Machines of one set being deleted at once.
 *
 * <p>Over 300 lines: one reconcile over untyped Machine maps, whose literals and custom-object calls the formatter lays
 * out one argument a line; its steps share the host map and the records the tests read.
 */
final class MachineApiEmulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MachineApiEmulator.class);

    private final MachineEnvironment env;
    private final Function<String, SimulatedWindowsHost> hostFactory;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "machine-api-emulator");
        t.setDaemon(true);
        return t;
    });
    final Map<String, SimulatedWindowsHost> hostOf = new ConcurrentHashMap<>();
    final List<String> deleted = new CopyOnWriteArrayList<>();
    final List<String> created = new CopyOnWriteArrayList<>();
    final AtomicInteger maxDeletingAtOnce = new AtomicInteger();
    /**
     * The most other Machines of the same set that were not {@code Running} when a deletion was first seen: 0 means
     * no Machine was deleted while a sibling (e.g. an earlier replacement) was still coming up.
     */
    final AtomicInteger maxSiblingsNotRunningAtDeletion = new AtomicInteger();

    volatile Exception lastError;

    MachineApiEmulator(MachineEnvironment env, Function<String, SimulatedWindowsHost> hostFactory) {
        this.env = env;
        this.hostFactory = hostFactory;
        timer.scheduleWithFixedDelay(this::tick, 0, 300, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            for (String set : List.copyOf(env.machineSets)) {
                reconcileSet(set);
            }
        } catch (Exception e) {
            lastError = e;
            LOG.debug("Machine API emulator: {}", e.toString());
        }
    }

    @SuppressWarnings("unchecked")
    private void reconcileSet(String set) throws ApiException {
        Map<String, Object> ms = (Map<String, Object>) env.custom
                .getNamespacedCustomObject(GROUP, VERSION, MACHINE_NS, "machinesets", set)
                .execute();
        int replicas = ((Number) ((Map<String, Object>) ms.get("spec")).get("replicas")).intValue();
        String uid = (String) ((Map<String, Object>) ms.get("metadata")).get("uid");
        List<Map<String, Object>> machines = (List<Map<String, Object>>) ((Map<String, Object>) env.custom
                        .listNamespacedCustomObject(GROUP, VERSION, MACHINE_NS, "machines")
                        .labelSelector(SET_LABEL + "=" + set)
                        .execute())
                .get("items");
        int deleting = 0;
        int alive = 0;
        for (Map<String, Object> m : machines) {
            if (meta(m).get("deletionTimestamp") != null) {
                deleting++;
            } else {
                alive++;
            }
        }
        maxDeletingAtOnce.accumulateAndGet(deleting, Math::max);
        for (int i = alive; i < replicas; i++) {
            createMachine(set, uid);
        }
        for (Map<String, Object> m : machines) {
            String name = (String) meta(m).get("name");
            if (meta(m).get("deletionTimestamp") != null) {
                if (!deleted.contains(name)) {
                    long notRunning = machines.stream()
                            .filter(o -> o != m)
                            .filter(o -> !"Running".equals(phase(o)) || meta(o).get("deletionTimestamp") != null)
                            .count();
                    maxSiblingsNotRunningAtDeletion.accumulateAndGet((int) notRunning, Math::max);
                }
                finishDeletion(name, m);
                continue;
            }
            SimulatedWindowsHost host = hostOf.get(name);
            if (host == null) {
                continue;
            }
            Map<String, Object> status = (Map<String, Object>) m.get("status");
            String phase = status == null ? null : (String) status.get("phase");
            if (phase == null) {
                setStatus(
                        m,
                        Map.of(
                                "phase",
                                "Provisioned",
                                "addresses",
                                List.of(Map.of("type", "InternalIP", "address", host.host()))));
            } else if ("Provisioned".equals(phase) && status.get("nodeRef") == null) {
                Optional<String> node = nodeWithIp(host.host());
                if (node.isPresent()) {
                    env.nodeNames.add(node.get());
                    Map<String, Object> s = new HashMap<>(status);
                    s.put("phase", "Running");
                    s.put("nodeRef", Map.of("kind", "Node", "name", node.get()));
                    setStatus(m, s);
                }
            }
        }
    }

    private void createMachine(String set, String uid) throws ApiException {
        String name = set + "-" + randomSuffix();
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("name", name);
        metadata.put("labels", Map.of(SET_LABEL, set, OS_LABEL, "Windows"));
        metadata.put("finalizers", List.of(FINALIZER));
        metadata.put(
                "ownerReferences",
                List.of(Map.of(
                        "apiVersion",
                        GROUP + "/" + VERSION,
                        "kind",
                        "MachineSet",
                        "name",
                        set,
                        "uid",
                        uid,
                        "controller",
                        true)));
        hostOf.put(name, hostFactory.apply(name));
        env.custom
                .createNamespacedCustomObject(
                        GROUP,
                        VERSION,
                        MACHINE_NS,
                        "machines",
                        Map.of(
                                "apiVersion",
                                GROUP + "/" + VERSION,
                                "kind",
                                "Machine",
                                "metadata",
                                metadata,
                                "spec",
                                Map.of("providerSpec", Map.of("value", Map.of()))))
                .execute();
        created.add(name);
        env.nodeNames.add(name);
        LOG.info(
                "Machine API emulator: created Machine {} at {}",
                name,
                hostOf.get(name).host());
    }

    private void finishDeletion(String name, Map<String, Object> machine) throws ApiException {
        SimulatedWindowsHost host = hostOf.remove(name);
        if (host != null) {
            Optional<String> node = nodeWithIp(host.host());
            if (node.isPresent()) {
                try {
                    env.core().deleteNode(node.get()).execute();
                } catch (ApiException e) {
                    if (e.getCode() != 404) {
                        throw e;
                    }
                }
            }
            host.close();
        }
        Map<String, Object> copy = new HashMap<>(machine);
        Map<String, Object> meta = new HashMap<>(meta(machine));
        meta.put("finalizers", List.of());
        copy.put("metadata", meta);
        try {
            env.custom
                    .replaceNamespacedCustomObject(GROUP, VERSION, MACHINE_NS, "machines", name, copy)
                    .execute();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
        if (!deleted.contains(name)) {
            deleted.add(name);
            LOG.info("Machine API emulator: deleted Machine {}", name);
        }
    }

    private void setStatus(Map<String, Object> machine, Map<String, Object> status) throws ApiException {
        Map<String, Object> copy = new HashMap<>(machine);
        copy.put("status", status);
        env.custom
                .replaceNamespacedCustomObjectStatus(
                        GROUP,
                        VERSION,
                        MACHINE_NS,
                        "machines",
                        (String) meta(machine).get("name"),
                        copy)
                .execute();
    }

    private Optional<String> nodeWithIp(String ip) throws ApiException {
        for (V1Node n : env.core().listNode().execute().getItems()) {
            List<V1NodeAddress> addresses =
                    n.getStatus() == null || n.getStatus().getAddresses() == null
                            ? List.of()
                            : n.getStatus().getAddresses();
            if (addresses.stream().anyMatch(a -> "InternalIP".equals(a.getType()) && ip.equals(a.getAddress()))) {
                return Optional.of(n.getMetadata().getName());
            }
        }
        return Optional.empty();
    }

    /** The Machines of a set as maps, those being deleted included. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> machines(String set) throws ApiException {
        List<Map<String, Object>> items = (List<Map<String, Object>>) ((Map<String, Object>) env.custom
                        .listNamespacedCustomObject(GROUP, VERSION, MACHINE_NS, "machines")
                        .labelSelector(SET_LABEL + "=" + set)
                        .execute())
                .get("items");
        return new ArrayList<>(items);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> meta(Map<String, Object> machine) {
        return (Map<String, Object>) machine.get("metadata");
    }

    @SuppressWarnings("unchecked")
    static String phase(Map<String, Object> machine) {
        Map<String, Object> status = (Map<String, Object>) machine.get("status");
        return status == null ? null : (String) status.get("phase");
    }

    @SuppressWarnings("unchecked")
    static Optional<String> nodeRef(Map<String, Object> machine) {
        Map<String, Object> status = (Map<String, Object>) machine.get("status");
        if (status == null || status.get("nodeRef") == null) {
            return Optional.empty();
        }
        return Optional.ofNullable((String) ((Map<String, Object>) status.get("nodeRef")).get("name"));
    }

    private static String randomSuffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            b.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return b.toString();
    }

    @Override
    public void close() throws Exception {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        for (String set : List.copyOf(env.machineSets)) {
            for (Map<String, Object> m : machines(set)) {
                String name = (String) meta(m).get("name");
                Map<String, Object> copy = new HashMap<>(m);
                Map<String, Object> meta = new HashMap<>(meta(m));
                meta.put("finalizers", List.of());
                copy.put("metadata", meta);
                try {
                    env.custom
                            .replaceNamespacedCustomObject(GROUP, VERSION, MACHINE_NS, "machines", name, copy)
                            .execute();
                    env.custom
                            .deleteNamespacedCustomObject(GROUP, VERSION, MACHINE_NS, "machines", name)
                            .execute();
                } catch (ApiException ignored) {
                    // gone already
                }
            }
        }
    }
}
