package io.wmco.it.byoh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Taint;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 5: the node registers with {@code os=Windows:NoSchedule} through the kubelet configuration file, and
 * the reservations, eviction thresholds and pod limit of the operator's settings reach the file on the host and the
 * Node's capacity and allocatable resources (computed by the emulated kubelet as a real one does); an upgrade with
 * the settings removed brings the reference values back.
 */
class ByohKubeletSettingsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long GI = 1L << 30;
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

    @Test
    void kubeletSettingsReachTheHostAndTheNodeAndAnUpgradeWithoutThemRestoresTheDefaults() throws Exception {
        SimulatedWindowsHost host = env.startHost(0);
        String name = env.nodeName(0);
        env.instances(Map.of(env.address(0), "username=Administrator"));
        var first = env.startOperator(
                "1.0.0",
                "--kubelet-max-pods=110",
                "--kubelet-system-reserved=memory=3Gi",
                "--kubelet-eviction-hard=memory.available=1Gi");
        env.awaitConfigured(Duration.ofMinutes(3), "1.0.0", name);

        JsonNode config = JSON.readTree(Files.readString(host.resolve("C:\\k\\kubelet.conf")));
        assertEquals(110, config.at("/maxPods").asInt());
        assertEquals("3Gi", config.at("/systemReserved/memory").asText());
        assertEquals("500m", config.at("/systemReserved/cpu").asText());
        assertEquals("1Gi", config.at("/evictionHard/memory.available").asText());
        assertEquals("os", config.at("/registerWithTaints/0/key").asText());
        List<String> argv = host.service("kubelet").orElseThrow().argv();
        assertTrue(argv.stream().noneMatch(a -> a.startsWith("--register-with-taints")), argv::toString);

        V1Node node = env.node(name).orElseThrow();
        assertWindowsTaint(node);
        assertEquals(110, quantity(node.getStatus().getCapacity(), "pods").intValue());
        // 8Gi of the simulated machine - 3Gi reserved - 1Gi eviction threshold
        assertEquals(BigDecimal.valueOf(4 * GI), quantity(node.getStatus().getAllocatable(), "memory"));
        assertEquals(
                new BigDecimal("1.5"),
                quantity(node.getStatus().getAllocatable(), "cpu").stripTrailingZeros());
        assertEquals(List.of(), host.emulationErrors());
        assertEquals(List.of(), host.unknownCommands());

        // settings removed, a new version: the upgrade rewrites the file, the restarted kubelet reports the defaults
        first.close();
        env.startOperator("2.0.0");
        env.awaitConfigured(Duration.ofMinutes(3), "2.0.0", name);
        config = JSON.readTree(Files.readString(host.resolve("C:\\k\\kubelet.conf")));
        assertEquals(250, config.at("/maxPods").asInt());
        assertEquals("2Gi", config.at("/systemReserved/memory").asText());
        assertTrue(config.at("/evictionHard/memory.available").isMissingNode(), config.toString());
        org.awaitility.Awaitility.await("the restarted kubelet reports the default resources")
                .atMost(Duration.ofSeconds(30))
                .until(() -> env.node(name)
                        .map(n -> quantity(n.getStatus().getCapacity(), "pods").intValue() == 250
                                && quantity(n.getStatus().getAllocatable(), "memory")
                                                .compareTo(BigDecimal.valueOf(6 * GI))
                                        == 0)
                        .orElse(false));
        assertWindowsTaint(env.node(name).orElseThrow());
        assertEquals(List.of(), host.emulationErrors());
        assertEquals(List.of(), host.unknownCommands());
    }

    private static void assertWindowsTaint(V1Node node) {
        List<V1Taint> taints = node.getSpec().getTaints();
        assertEquals(
                1,
                taints == null
                        ? 0
                        : taints.stream()
                                .filter(t -> "os".equals(t.getKey())
                                        && "Windows".equals(t.getValue())
                                        && "NoSchedule".equals(t.getEffect()))
                                .count(),
                String.valueOf(taints));
    }

    private static BigDecimal quantity(Map<String, Quantity> resources, String name) {
        return resources.get(name).getNumber();
    }
}
