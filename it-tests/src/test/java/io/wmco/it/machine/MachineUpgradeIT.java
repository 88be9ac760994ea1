package io.wmco.it.machine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.openapi.models.V1Node;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #6 scenarios 3 and 4: a version bump upgrades Machine and BYOH nodes in place one at a time; a key rotation
 * replaces Machines one at a time and updates BYOH nodes in place.
 */
class MachineUpgradeIT {
    private static final String V1 = "1.0.0";
    private static final String V2 = "2.0.0";
    private static final String UPGRADING = "windowsmachineconfig.openshift.io/upgrading";
    private static final String KEY_HASH = "windowsmachineconfig.openshift.io/pub-key-hash";
    private MachineEnvironment env;
    private MachineApiEmulator machineApi;
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void setUp() throws Exception {
        env = new MachineEnvironment();
        assumeTrue(env.cluster().signsCertificates(), "the cluster does not sign kubelet certificates");
    }

    @AfterEach
    void tearDown() throws Exception {
        watcher.shutdownNow();
        if (machineApi != null) {
            machineApi.close();
        }
        env.close();
    }

    /** Two Machine nodes and one BYOH node configured by operator V1; returns all three node names. */
    private List<String> fleetAtV1(String setSuffix) throws Exception {
        machineApi = new MachineApiEmulator(env, name -> env.startHost());
        SimulatedWindowsHost byoh = env.startHost();
        env.nodeNames.add(byoh.hostname().toLowerCase());
        env.instances(Map.of(byoh.host(), "username=Administrator"));
        env.startOperator(V1);
        env.createMachineSet(env.machineSetName(setSuffix), 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> machineApi.created.size() == 2);
        List<String> nodes = new ArrayList<>(machineApi.created);
        nodes.add(byoh.hostname().toLowerCase());
        env.awaitConfigured(Duration.ofMinutes(4), V1, nodes);
        return nodes;
    }

    /** Samples how many of the given nodes carry the upgrading label at once. */
    private AtomicInteger watchSlots(List<String> nodes, Set<String> seenUpgrading) {
        AtomicInteger max = new AtomicInteger();
        watcher.scheduleWithFixedDelay(
                () -> {
                    try {
                        int now = 0;
                        for (V1Node n : env.core().listNode().execute().getItems()) {
                            if (nodes.contains(n.getMetadata().getName())
                                    && "true".equals(MachineEnvironment.label(n, UPGRADING))) {
                                now++;
                                seenUpgrading.add(n.getMetadata().getName());
                            }
                        }
                        max.accumulateAndGet(now, Math::max);
                    } catch (Exception e) {
                        // next sample
                    }
                },
                0,
                100,
                TimeUnit.MILLISECONDS);
        return max;
    }

    @Test
    void versionBumpUpgradesTwoMachineNodesAndOneByohNodeInPlaceOneAtATime() throws Exception {
        List<String> nodes = fleetAtV1("u");
        Map<String, String> uids = new HashMap<>();
        nodes.forEach(n -> uids.put(n, env.node(n).orElseThrow().getMetadata().getUid()));
        env.operators().get(0).close();

        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger maxAtOnce = watchSlots(nodes, seen);
        env.startOperator(V2);
        env.awaitConfigured(Duration.ofMinutes(5), V2, nodes);

        assertEquals(1, maxAtOnce.get(), "exactly one Windows node upgrades at a time; seen upgrading: " + seen);
        assertTrue(seen.size() >= 2, "upgrades were observed on several nodes, in turn: " + seen);
        for (String n : nodes) {
            V1Node node = env.node(n).orElseThrow();
            assertEquals(uids.get(n), node.getMetadata().getUid(), n + " was upgraded in place, not recreated");
            assertFalse("true".equals(MachineEnvironment.label(node, UPGRADING)), n + " gave its slot back");
        }
        assertTrue(machineApi.deleted.isEmpty(), "a version bump deletes no Machine: " + machineApi.deleted);
    }

    @Test
    void keyRotationReplacesMachinesOneAtATimeAndUpdatesTheByohNodeInPlace() throws Exception {
        List<String> nodes = fleetAtV1("k");
        List<String> original = List.copyOf(machineApi.created);
        String byohNode = nodes.get(2);
        String byohUid = env.node(byohNode).orElseThrow().getMetadata().getUid();
        String oldHash = env.expectedKeyHash();

        env.rotateKey();
        String newHash = env.expectedKeyHash();
        await().atMost(Duration.ofMinutes(6))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> machineApi.deleted.containsAll(original)
                        && machineApi.created.size() == 4
                        && machineApi.created.subList(2, 4).stream()
                                .allMatch(m -> env.configured(m, V1)
                                        && newHash.equals(MachineEnvironment.annotation(
                                                env.node(m).orElseThrow(), KEY_HASH))));

        assertEquals(1, machineApi.maxDeletingAtOnce.get(), "Machines are deleted one at a time");
        assertEquals(
                0,
                machineApi.maxSiblingsNotRunningAtDeletion.get(),
                "no Machine is deleted while another Machine of its set is still coming up");
        // in either order: each key decides on its own; one at a time is asserted above
        assertEquals(
                new java.util.TreeSet<>(original),
                new java.util.TreeSet<>(machineApi.deleted),
                "only the two original Machines were replaced");
        V1Node byoh = env.node(byohNode).orElseThrow();
        assertEquals(byohUid, byoh.getMetadata().getUid(), "the BYOH node is kept");
        assertEquals(newHash, MachineEnvironment.annotation(byoh, KEY_HASH), "and carries the new key hash");
        assertFalse(oldHash.equals(newHash));
        assertTrue(env.configured(byohNode, V1));
    }
}
