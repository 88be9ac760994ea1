package io.wmco.it.byoh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.util.PatchUtils;
import io.wmco.domain.remote.CommandKind;
import io.wmco.domain.remote.ServiceState;
import io.wmco.testkit.sim.ServiceSnapshot;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 3: a node annotated {@code reboot-required=true} is cordoned, drained, rebooted over SSH, waited for
 * until its kubelet is Ready, uncordoned and the annotation removed; two annotated nodes reboot one after the other.
 */
class RebootIT {
    private static final String VERSION = "1.0.0";
    private static final String REBOOT_REQUIRED = "windowsmachineconfig.openshift.io/reboot-required";
    private static final String UPGRADING = "windowsmachineconfig.openshift.io/upgrading";
    /** Long enough to look at the cordoned node while its host is away. */
    private static final Duration DOWNTIME = Duration.ofSeconds(3);

    private ByohEnvironment env;

    @BeforeEach
    void setUp() throws Exception {
        env = new ByohEnvironment();
        assumeTrue(env.cluster().signsCertificates(), "the cluster does not sign kubelet certificates");
    }

    @AfterEach
    void tearDown() throws Exception {
        env.close();
    }

    private SimulatedWindowsHost host(int index) {
        return env.adopt(SimulatedWindowsHost.builder()
                .bindAddress(env.address(index))
                .port(env.sshPort())
                .authorizedKey(env.key().getPublic())
                .hostname(env.nodeName(index))
                .heartbeatInterval(Duration.ofSeconds(1))
                .rebootDowntime(DOWNTIME)
                .start());
    }

    private void askForReboot(int index) throws ApiException {
        PatchUtils.patch(
                V1Node.class,
                () -> env.core()
                        .patchNode(
                                env.nodeName(index),
                                new V1Patch("{\"metadata\":{\"annotations\":{\"" + REBOOT_REQUIRED + "\":\"true\"}}}"))
                        .buildCall(null),
                V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
                env.admin());
    }

    private V1Node node(int index) {
        return env.node(env.nodeName(index)).orElseThrow();
    }

    private boolean unschedulable(int index) {
        return Boolean.TRUE.equals(node(index).getSpec().getUnschedulable());
    }

    /** Back: Ready, schedulable, no request, no slot. */
    private boolean back(int index) {
        V1Node n = node(index);
        Map<String, String> annotations = n.getMetadata().getAnnotations();
        Map<String, String> labels = n.getMetadata().getLabels();
        return ByohEnvironment.isReady(n)
                && !Boolean.TRUE.equals(n.getSpec().getUnschedulable())
                && (annotations == null || !annotations.containsKey(REBOOT_REQUIRED))
                && (labels == null || !labels.containsKey(UPGRADING));
    }

    private static Instant readySince(V1Node n) {
        return n.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .map(V1NodeCondition::getLastTransitionTime)
                .findFirst()
                .orElseThrow()
                .toInstant();
    }

    @Test
    void anAnnotatedNodeIsCordonedRebootedAndGivenBackAndTwoNodesNeverRebootTogether() throws Exception {
        SimulatedWindowsHost h0 = host(0);
        SimulatedWindowsHost h1 = host(1);
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(env.address(0), "username=Administrator");
        entries.put(env.address(1), "username=Administrator");
        env.instances(entries);
        env.startOperator(VERSION);
        env.awaitConfigured(Duration.ofMinutes(4), VERSION, env.nodeName(0), env.nodeName(1));
        assertEquals(0, h0.reboots());

        // one node asks: while its host is away the node is cordoned and holds the slot
        askForReboot(0);
        await("host 0 going down").atMost(Duration.ofMinutes(2)).until(h0::isDown);
        assertTrue(unschedulable(0), "cordoned before the reboot");
        assertEquals("true", ByohEnvironment.label(node(0), UPGRADING));
        await("node 0 back").atMost(Duration.ofMinutes(2)).until(() -> back(0));
        assertEquals(1, h0.rebootLog().size());
        SimulatedWindowsHost.Reboot first = h0.rebootLog().get(0);
        assertTrue(
                readySince(node(0)).isAfter(first.down()),
                "Ready again after the reboot: " + readySince(node(0)) + " vs " + first);
        for (String s : List.of("containerd", "windows_exporter", "kubelet", "hybrid-overlay-node", "kube-proxy")) {
            assertEquals(
                    ServiceState.RUNNING,
                    h0.service(s).map(ServiceSnapshot::state).orElse(null),
                    s);
        }
        assertEquals(1, h0.commandsOf(CommandKind.RESTART_COMPUTER).size());
        assertEquals(0, h1.reboots(), "the other node was left alone");
        assertFalse(unschedulable(1));

        // both ask at once: they take turns
        askForReboot(0);
        askForReboot(1);
        await("both nodes back")
                .atMost(Duration.ofMinutes(3))
                .until(() -> h0.rebootLog().size() == 2 && h1.rebootLog().size() == 1 && back(0) && back(1));
        SimulatedWindowsHost.Reboot a = h0.rebootLog().get(1);
        SimulatedWindowsHost.Reboot b = h1.rebootLog().get(0);
        assertFalse(a.overlaps(b), "the two reboots overlapped: " + a + " and " + b);
        assertEquals(VERSION, ByohEnvironment.annotation(node(0), "windowsmachineconfig.openshift.io/version"));
        for (SimulatedWindowsHost h : List.of(h0, h1)) {
            assertEquals(List.of(), h.unknownCommands());
            assertEquals(List.of(), h.emulationErrors());
        }
    }
}
