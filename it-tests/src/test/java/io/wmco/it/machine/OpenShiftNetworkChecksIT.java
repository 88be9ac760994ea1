package io.wmco.it.machine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.wmco.app.WindowsMachineConfigOperator;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #6 scenario 5 and its positive twin: on OpenShift (a {@code networks.operator.openshift.io/cluster} object
 * exists) the operator configures Windows nodes only with OVNKubernetes and hybrid overlay, and derives the service
 * CIDR and cluster DNS from that object. The Network object is cluster-wide: it is deleted after each test so that
 * operators started later run in plain Kubernetes mode again.
 */
class OpenShiftNetworkChecksIT {
    private static final String VERSION = "1.0.0";
    private MachineEnvironment env;

    @BeforeEach
    void setUp() throws Exception {
        env = new MachineEnvironment();
        assumeTrue(env.cluster().signsCertificates(), "the cluster does not sign kubelet certificates");
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            env.custom
                    .deleteClusterCustomObject("operator.openshift.io", "v1", "networks", "cluster")
                    .execute();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
        env.close();
    }

    private void network(Map<String, Object> ovnConfig) throws ApiException {
        env.custom
                .createClusterCustomObject(
                        "operator.openshift.io",
                        "v1",
                        "networks",
                        Map.of(
                                "apiVersion",
                                "operator.openshift.io/v1",
                                "kind",
                                "Network",
                                "metadata",
                                Map.of("name", "cluster"),
                                "spec",
                                Map.of(
                                        "serviceNetwork",
                                        List.of("172.30.0.0/16"),
                                        "clusterNetwork",
                                        List.of(Map.of("cidr", "10.128.0.0/14", "hostPrefix", 23)),
                                        "defaultNetwork",
                                        Map.of("type", "OVNKubernetes", "ovnKubernetesConfig", ovnConfig))))
                .execute();
    }

    private static String metrics(WindowsMachineConfigOperator op) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + op.metricsPort() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    @Test
    void clusterWithoutHybridOverlayIsReportedAndNoNodeIsConfigured() throws Exception {
        network(Map.of());
        SimulatedWindowsHost host = env.startHost();
        env.instances(Map.of(host.host(), "username=Administrator"));

        WindowsMachineConfigOperator op = env.startOperator(VERSION);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> !env.events(env.namespace(), "ClusterNotSupported").isEmpty());
        CoreV1Event event = env.events(env.namespace(), "ClusterNotSupported").get(0);
        assertEquals("Warning", event.getType());
        assertTrue(event.getMessage().contains("hybrid overlay is not configured"), event.getMessage());
        assertTrue(
                event.getMessage().contains("hybridClusterNetwork"),
                "the message names the field to set: " + event.getMessage());
        assertTrue(metrics(op).contains("wmco_cluster_supported 0.0"), "the metric tells monitoring");
        assertTrue(op.ready(), "the operator itself stays ready: the cluster, not the operator, needs fixing");
        await().during(Duration.ofSeconds(5))
                .atMost(Duration.ofSeconds(8))
                .until(() -> host.commandLog().isEmpty());
        assertTrue(env.node(host.hostname().toLowerCase()).isEmpty(), "no node was configured");
    }

    @Test
    void clusterWithHybridOverlayConfiguresNodesWithTheDerivedServiceNetwork() throws Exception {
        network(Map.of(
                "hybridOverlayConfig",
                Map.of("hybridClusterNetwork", List.of(Map.of("cidr", "10.132.0.0/14", "hostPrefix", 23)))));
        SimulatedWindowsHost host = env.startHost();
        String node = host.hostname().toLowerCase();
        env.nodeNames.add(node);
        env.instances(Map.of(host.host(), "username=Administrator"));

        WindowsMachineConfigOperator op = env.startOperator(VERSION);

        env.awaitConfigured(Duration.ofMinutes(3), VERSION, List.of(node));
        String kubeletConfig = Files.readString(host.resolve("C:\\k\\kubelet.conf"), StandardCharsets.UTF_8);
        assertTrue(
                kubeletConfig.contains("\"172.30.0.10\""),
                "cluster DNS is the 10th address of serviceNetwork[0]: " + kubeletConfig);
        assertTrue(metrics(op).contains("wmco_cluster_supported 1.0"));
        assertTrue(env.events(env.namespace(), "ClusterNotSupported").isEmpty());
    }
}
