package io.wmco.it.byoh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Taint;
import io.wmco.app.WindowsMachineConfigOperator;
import io.wmco.app.payload.PayloadDirectory;
import io.wmco.domain.access.UsernameCipher;
import io.wmco.domain.payload.PayloadFiles;
import io.wmco.domain.remote.ServiceState;
import io.wmco.testkit.sim.ServiceSnapshot;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scenarios 1 to 3 of issue #5: onboarding, removal, and bad entries beside good ones. */
class ByohLifecycleIT {
    private static final String VERSION = "1.0.0";
    private static final List<String> SERVICES =
            List.of("containerd", "windows_exporter", "kubelet", "hybrid-overlay-node", "kube-proxy");
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
    void threeEntriesBecomeReadyNodesAndRemovalCleansHostsAndDeletesNodes() throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            env.startHost(i);
            entries.put(env.address(i), "username=Administrator");
        }
        env.instances(entries);
        WindowsMachineConfigOperator operator = env.startOperator(VERSION);
        env.awaitConfigured(Duration.ofMinutes(4), VERSION, env.nodeName(0), env.nodeName(1), env.nodeName(2));

        String kubeletHash = PayloadDirectory.scan(env.payloadDir())
                .get(PayloadFiles.KUBELET)
                .sha256();
        for (int i = 0; i < 3; i++) {
            V1Node node = env.node(env.nodeName(i)).orElseThrow();
            Map<String, String> labels = node.getMetadata().getLabels();
            assertEquals("Windows", labels.get("node.openshift.io/os_id"));
            assertEquals("true", labels.get("windowsmachineconfig.openshift.io/byoh"));
            assertTrue(labels.containsKey("node-role.kubernetes.io/worker"), labels.toString());
            assertFalse(labels.containsKey("windowsmachineconfig.openshift.io/upgrading"));
            List<V1Taint> taints = node.getSpec().getTaints();
            assertTrue(
                    taints.stream()
                            .anyMatch(t -> "os".equals(t.getKey())
                                    && "Windows".equals(t.getValue())
                                    && "NoSchedule".equals(t.getEffect())),
                    String.valueOf(taints));
            assertEquals(
                    env.expectedKeyHash(),
                    ByohEnvironment.annotation(node, "windowsmachineconfig.openshift.io/pub-key-hash"));
            String encrypted = ByohEnvironment.annotation(node, "windowsmachineconfig.openshift.io/username");
            assertNotEquals("Administrator", encrypted);
            assertEquals(
                    "Administrator",
                    new UsernameCipher(
                                    env.privateKeyPem().getBytes(StandardCharsets.US_ASCII),
                                    new java.security.SecureRandom())
                            .decrypt(encrypted)
                            .value());

            SimulatedWindowsHost host = env.hosts().get(i);
            for (String s : SERVICES) {
                assertEquals(
                        ServiceState.RUNNING,
                        host.service(s).map(ServiceSnapshot::state).orElse(null),
                        s);
            }
            assertEquals(kubeletHash, PayloadDirectory.sha256(host.resolve("C:\\k\\kubelet.exe")));
            // kubelet.exe went packed and was unpacked by the host's tar; nothing of it is left beside it
            assertTrue(
                    host.commandLog().stream().anyMatch(c -> c.kind() == io.wmco.domain.remote.CommandKind.UNPACK_FILE),
                    "no packed transfer");
            try (var names = Files.list(host.resolve("C:\\k"))) {
                assertEquals(
                        List.of(),
                        names.map(p -> p.getFileName().toString())
                                .filter(n -> n.contains(".wmco-"))
                                .toList());
            }
            assertTrue(Files.isRegularFile(host.resolve("C:\\k\\cni\\config\\cni.conf")));
            assertEquals(List.of(), host.unknownCommands());
            assertEquals(List.of(), host.emulationErrors());
        }
        // the version annotation is the plan's last step; the run's metrics are recorded just after it
        HttpRequest metricsRequest = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + operator.metricsPort() + "/metrics"))
                .build();
        HttpClient http = HttpClient.newHttpClient();
        String metrics = await("configuration metrics of three nodes")
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> http.send(metricsRequest, HttpResponse.BodyHandlers.ofString())
                                .body(),
                        m -> m.contains("wmco_configured_nodes{source=\"byoh\"} 3.0") && totalRuns(m) >= 3);
        for (String phase :
                List.of("transfer-file", "wait-for-node", "wait-for-node-annotation", "ensure-kube-proxy", "total")) {
            assertTrue(metrics.contains("wmco_configuration_phase_seconds_count{phase=\"" + phase + "\"}"), phase);
        }

        // one entry removed: its node goes, its host is cleaned; the others stay
        entries.remove(env.address(1));
        env.instances(entries);
        await().atMost(Duration.ofMinutes(2))
                .until(() -> env.node(env.nodeName(1)).isEmpty());
        SimulatedWindowsHost removed = env.hosts().get(1);
        for (String s : SERVICES) {
            assertTrue(removed.service(s).isEmpty(), s + " should be deleted");
        }
        assertFalse(Files.exists(removed.resolve("C:\\k\\kubelet.exe")));
        assertTrue(removed.hnsNetworks().isEmpty(), removed.hnsNetworks().toString());
        assertTrue(env.configured(env.nodeName(0), VERSION));
        assertTrue(env.configured(env.nodeName(2), VERSION));

        // the ConfigMap deleted: every BYOH node goes
        env.deleteInstances();
        await().atMost(Duration.ofMinutes(2))
                .until(() -> env.node(env.nodeName(0)).isEmpty()
                        && env.node(env.nodeName(2)).isEmpty());
        for (SimulatedWindowsHost h : env.hosts()) {
            assertEquals(List.of(), h.unknownCommands());
        }
    }

    @Test
    void badEntriesGetOneEventEachAndDoNotStopGoodOnes() throws Exception {
        env.startHost(0);
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(env.address(0), "username=Administrator");
        entries.put("bad_host.example.com", "username=Administrator");
        entries.put("10.1.2.3", "user=Administrator");
        entries.put("10.1.2.4", "username=");
        env.instances(entries);
        env.startOperator(VERSION);
        env.awaitConfigured(Duration.ofMinutes(3), VERSION, env.nodeName(0));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> env.events("InvalidInstanceEntry").size() >= 3);
        List<CoreV1Event> events = env.events("InvalidInstanceEntry");
        assertEquals(
                3,
                events.size(),
                events.stream().map(CoreV1Event::getMessage).toList().toString());
        for (String key : List.of("bad_host.example.com", "10.1.2.3", "10.1.2.4")) {
            assertEquals(
                    1, events.stream().filter(e -> e.getMessage().contains(key)).count(), key);
            assertTrue(events.stream().allMatch(e -> "Warning".equals(e.getType())));
        }
        assertEquals(
                1,
                events.stream()
                        .filter(e -> e.getMessage().contains("username=<user>"))
                        .count(),
                events.stream().map(CoreV1Event::getMessage).toList().toString());
    }

    @Test
    void hostWithAnUnsupportedWindowsBuildIsRefusedWithAnEventAndLeftUntouched() throws Exception {
        SimulatedWindowsHost old = io.wmco.testkit.sim.SimulatedWindowsHost.builder()
                .bindAddress(env.address(5))
                .port(env.sshPort())
                .authorizedKey(env.key().getPublic())
                .hostname(env.nodeName(5))
                .windowsBuild(14393)
                .start();
        env.adopt(old);
        env.instances(Map.of(env.address(5), "username=Administrator"));
        env.startOperator(VERSION);
        await().atMost(Duration.ofMinutes(1))
                .until(() -> env.events("ConfigurationFailed").stream()
                        .anyMatch(e -> e.getMessage().contains("14393")));
        assertTrue(old.services().isEmpty(), "nothing was installed");
        assertFalse(Files.exists(old.resolve("C:\\k\\kubelet.exe")));
        assertTrue(env.node(env.nodeName(5)).isEmpty());
    }

    /** The count of finished configuration runs in a Prometheus text exposition, 0 when absent. */
    private static double totalRuns(String metrics) {
        Matcher m = Pattern.compile("wmco_configuration_phase_seconds_count\\{phase=\"total\"\\} ([0-9.eE+]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
