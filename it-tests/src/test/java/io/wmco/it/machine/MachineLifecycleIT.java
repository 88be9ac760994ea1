package io.wmco.it.machine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Node;
import io.wmco.domain.remote.CommandKind;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue #6 scenarios 1 and 2: a Windows MachineSet becomes nodes; a Machine whose host refuses the key is replaced. */
class MachineLifecycleIT {
    private static final String VERSION = "1.0.0";
    private MachineEnvironment env;
    private MachineApiEmulator machineApi;

    @BeforeEach
    void setUp() throws Exception {
        env = new MachineEnvironment();
        assumeTrue(env.cluster().signsCertificates(), "the cluster does not sign kubelet certificates");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (machineApi != null) {
            machineApi.close();
        }
        env.close();
    }

    @Test
    void machineSetScaledToTwoBecomesReadyNodesListedInTheMetricsEndpoints() throws Exception {
        machineApi = new MachineApiEmulator(env, name -> env.startHost());
        // what an operator of an earlier version published, before EndpointSlices (issue 13 item 6)
        env.createLegacyEndpoints("10.9.9.9");
        // the simulated hosts accept only the user Administrator: the platform profile's SSH user
        env.startOperator(VERSION);
        String set = env.createMachineSet(env.machineSetName("a"), 2);

        await().atMost(Duration.ofSeconds(30)).until(() -> machineApi.created.size() == 2);
        List<String> machines = List.copyOf(machineApi.created);
        env.awaitConfigured(Duration.ofMinutes(4), VERSION, machines);

        for (String m : machines) {
            SimulatedWindowsHost host = machineApi.hostOf.get(m);
            assertTrue(
                    host.hostname().equalsIgnoreCase(m),
                    "Nutanix renames the computer to the Machine name: " + host.hostname());
            assertTrue(host.reboots() >= 1, "the rename needs a reboot");
            // the rename's reboot is the operator's one reboot path: Restart-Computer -Force after the rename
            List<CommandKind> sent = host.commandLog().stream()
                    .map(e -> e.kind())
                    .filter(k -> k == CommandKind.RENAME_COMPUTER || k == CommandKind.RESTART_COMPUTER)
                    .toList();
            assertEquals(List.of(CommandKind.RENAME_COMPUTER, CommandKind.RESTART_COMPUTER), sent);
            assertEquals(List.of(), host.unknownCommands());
            V1Node node = env.node(m).orElseThrow();
            assertEquals(
                    env.expectedKeyHash(),
                    MachineEnvironment.annotation(node, "windowsmachineconfig.openshift.io/pub-key-hash"));
            assertNull(
                    MachineEnvironment.label(node, "windowsmachineconfig.openshift.io/byoh"),
                    "Machine nodes are not BYOH nodes");
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> machineApi.machines(set).stream()
                        .allMatch(m -> MachineApiEmulator.nodeRef(m).isPresent()));

        List<String> ips = machines.stream()
                .map(m -> MachineEnvironment.routable(machineApi.hostOf.get(m).host()))
                .sorted()
                .toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> env.exporterIps().equals(ips));
        assertFalse(env.legacyEndpointsExist(), "the Endpoints of the earlier version were removed");

        env.setUnschedulable(machines.get(0), true);
        String remaining = MachineEnvironment.routable(
                machineApi.hostOf.get(machines.get(1)).host());
        await().atMost(Duration.ofSeconds(30)).until(() -> env.exporterIps().equals(List.of(remaining)));
        assertTrue(machineApi.deleted.isEmpty(), "no Machine was deleted: " + machineApi.deleted);
    }

    @Test
    @SuppressWarnings("unchecked")
    void machineLabelledIgnoreIsLeftAloneWhileOthersAreConfigured() throws Exception {
        machineApi = new MachineApiEmulator(env, name -> env.startHost());
        SimulatedWindowsHost ignoredHost = env.startHost();
        String ignored = "w" + env.id() + "i-zzzzz";
        env.custom
                .createNamespacedCustomObject(
                        MachineEnvironment.GROUP,
                        MachineEnvironment.VERSION,
                        MachineEnvironment.MACHINE_NS,
                        "machines",
                        Map.of(
                                "apiVersion",
                                MachineEnvironment.GROUP + "/" + MachineEnvironment.VERSION,
                                "kind",
                                "Machine",
                                "metadata",
                                Map.of(
                                        "name",
                                        ignored,
                                        "labels",
                                        Map.of(
                                                MachineEnvironment.OS_LABEL,
                                                "Windows",
                                                "windowsmachineconfig.openshift.io/ignore",
                                                "true")),
                                "spec",
                                Map.of("providerSpec", Map.of("value", Map.of()))))
                .execute();
        try {
            Map<String, Object> m = (Map<String, Object>) env.custom
                    .getNamespacedCustomObject(
                            MachineEnvironment.GROUP,
                            MachineEnvironment.VERSION,
                            MachineEnvironment.MACHINE_NS,
                            "machines",
                            ignored)
                    .execute();
            m.put(
                    "status",
                    Map.of(
                            "phase",
                            "Provisioned",
                            "addresses",
                            List.of(Map.of("type", "InternalIP", "address", ignoredHost.host()))));
            env.custom
                    .replaceNamespacedCustomObjectStatus(
                            MachineEnvironment.GROUP,
                            MachineEnvironment.VERSION,
                            MachineEnvironment.MACHINE_NS,
                            "machines",
                            ignored,
                            m)
                    .execute();

            env.startOperator(VERSION);
            env.createMachineSet(env.machineSetName("g"), 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> machineApi.created.size() == 1);
            env.awaitConfigured(Duration.ofMinutes(4), VERSION, List.of(machineApi.created.get(0)));

            assertTrue(ignoredHost.commandLog().isEmpty(), "the ignored Machine's host was never touched");
            assertFalse(env.node(ignored).isPresent());
        } finally {
            env.custom
                    .deleteNamespacedCustomObject(
                            MachineEnvironment.GROUP,
                            MachineEnvironment.VERSION,
                            MachineEnvironment.MACHINE_NS,
                            "machines",
                            ignored)
                    .execute();
        }
    }

    @Test
    void machineWhoseHostRejectsTheKeyIsDeletedWithAnEventAndItsReplacementJoins() throws Exception {
        AtomicInteger made = new AtomicInteger();
        machineApi = new MachineApiEmulator(env, name -> {
            SimulatedWindowsHost h = env.startHost();
            if (made.getAndIncrement() == 0) {
                h.faults().rejectAuthentication(true);
            }
            return h;
        });
        env.startOperator(VERSION);
        env.createMachineSet(env.machineSetName("r"), 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> machineApi.created.size() == 1);
        String rejecting = machineApi.created.get(0);

        await().atMost(Duration.ofMinutes(2)).until(() -> machineApi.deleted.contains(rejecting));
        List<CoreV1Event> events = env.events(MachineEnvironment.MACHINE_NS, "MachineDeleted").stream()
                .filter(e -> rejecting.equals(e.getInvolvedObject().getName()))
                .toList();
        assertEquals(1, events.size(), "one MachineDeleted event on the Machine");
        assertEquals("Machine", events.get(0).getInvolvedObject().getKind());
        assertTrue(
                events.get(0).getMessage().contains("rejected the operator's key"),
                events.get(0).getMessage());
        assertFalse(env.node(rejecting).isPresent(), "the rejecting host never became a node");

        await().atMost(Duration.ofSeconds(30)).until(() -> machineApi.created.size() == 2);
        String replacement = machineApi.created.get(1);
        env.awaitConfigured(Duration.ofMinutes(4), VERSION, List.of(replacement));
        assertEquals(List.of(rejecting), machineApi.deleted, "only the rejecting Machine was deleted");
    }
}
