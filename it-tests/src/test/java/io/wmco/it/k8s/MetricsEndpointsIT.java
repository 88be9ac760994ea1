package io.wmco.it.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.DiscoveryV1Api;
import io.kubernetes.client.openapi.models.CoreV1EndpointPort;
import io.kubernetes.client.openapi.models.V1EndpointAddress;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1EndpointSubset;
import io.kubernetes.client.openapi.models.V1Endpoints;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.wmco.adapter.k8s.KubernetesCluster;
import io.wmco.ports.cluster.MetricsEndpoints;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The windows-exporter Service and its EndpointSlice kept equal to the given addresses without needless writes,
 * and the Endpoints object of earlier versions removed (issue 13 item 6).
 */
class MetricsEndpointsIT {
    private static String namespace;
    private static KubernetesCluster cluster;
    private static CoreV1Api core;
    private static DiscoveryV1Api discovery;

    @BeforeAll
    static void start() throws ApiException {
        namespace = K8sIt.unique("wmco-it-metrics");
        core = new CoreV1Api(K8sIt.admin());
        discovery = new DiscoveryV1Api(K8sIt.admin());
        core.createNamespace(new V1Namespace()
                        .metadata(new V1ObjectMeta()
                                .name(namespace)
                                .labels(Map.of("openshift.io/cluster-monitoring", "true"))))
                .execute();
        cluster = K8sIt.startedCluster(namespace);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static V1EndpointSlice slice(String name) throws ApiException {
        return discovery.readNamespacedEndpointSlice(name, namespace).execute();
    }

    private static List<String> addresses(V1EndpointSlice s) {
        return s.getEndpoints() == null
                ? List.of()
                : s.getEndpoints().stream()
                        .flatMap(e -> e.getAddresses().stream())
                        .sorted()
                        .toList();
    }

    @Test
    void namespaceLabelsAreReadAndMissingNamespaceIsEmpty() {
        MetricsEndpoints metrics = cluster.metricsEndpoints();
        assertEquals(
                Optional.of("true"),
                metrics.namespaceLabels(namespace).map(l -> l.get("openshift.io/cluster-monitoring")));
        assertEquals(Optional.empty(), metrics.namespaceLabels("wmco-it-no-such-namespace"));
    }

    @Test
    void publishCreatesHeadlessServiceAndEndpointSliceThenOnlyWritesOnChange() throws ApiException {
        MetricsEndpoints metrics = cluster.metricsEndpoints();

        metrics.publish(namespace, "windows-exporter", "metrics", 9182, List.of("10.0.0.6", "10.0.0.5"));

        V1Service svc =
                core.readNamespacedService("windows-exporter", namespace).execute();
        assertEquals("None", svc.getSpec().getClusterIP());
        assertEquals("metrics", svc.getSpec().getPorts().get(0).getName());
        assertEquals(9182, svc.getSpec().getPorts().get(0).getPort());
        V1EndpointSlice s = slice("windows-exporter");
        assertEquals("IPv4", s.getAddressType());
        assertEquals(List.of("10.0.0.5", "10.0.0.6"), addresses(s));
        assertTrue(s.getEndpoints().stream().allMatch(e -> e.getConditions().getReady()));
        assertEquals("metrics", s.getPorts().get(0).getName());
        assertEquals(9182, s.getPorts().get(0).getPort());
        Map<String, String> labels = s.getMetadata().getLabels();
        assertEquals("windows-exporter", labels.get("kubernetes.io/service-name"));
        assertEquals("windows-machine-config-operator", labels.get("endpointslice.kubernetes.io/managed-by"));

        String svcVersion = svc.getMetadata().getResourceVersion();
        String sliceVersion = s.getMetadata().getResourceVersion();
        metrics.publish(namespace, "windows-exporter", "metrics", 9182, List.of("10.0.0.5", "10.0.0.6"));
        assertEquals(
                svcVersion,
                core.readNamespacedService("windows-exporter", namespace)
                        .execute()
                        .getMetadata()
                        .getResourceVersion(),
                "an equal publish rewrote the Service");
        assertEquals(
                sliceVersion,
                slice("windows-exporter").getMetadata().getResourceVersion(),
                "an equal publish rewrote the EndpointSlice");

        metrics.publish(namespace, "windows-exporter", "metrics", 9182, List.of("10.0.0.5"));
        assertEquals(List.of("10.0.0.5"), addresses(slice("windows-exporter")));
        // no address: no slice (client-java 25 cannot read a slice without endpoints back)
        metrics.publish(namespace, "windows-exporter", "metrics", 9182, List.of());
        ApiException none = assertThrows(ApiException.class, () -> slice("windows-exporter"));
        assertEquals(404, none.getCode());
        metrics.publish(namespace, "windows-exporter", "metrics", 9182, List.of());
        metrics.publish(namespace, "windows-exporter", "metrics", 9182, List.of("10.0.0.8"));
        assertEquals(List.of("10.0.0.8"), addresses(slice("windows-exporter")));
    }

    @Test
    void theEndpointsOfEarlierVersionsGoAndAnAdministratorsStay() throws ApiException {
        MetricsEndpoints metrics = cluster.metricsEndpoints();
        // what an earlier version of the operator left behind, and an unrelated object of another name
        legacyEndpoints("win-legacy", Map.of("name", "win-legacy"));
        legacyEndpoints("win-admin", Map.of("app", "someone-else"));

        metrics.publish(namespace, "win-legacy", "metrics", 9182, List.of("10.0.0.7"));
        metrics.publish(namespace, "win-admin", "metrics", 9182, List.of("10.0.0.7"));

        ApiException gone = assertThrows(
                ApiException.class,
                () -> core.readNamespacedEndpoints("win-legacy", namespace).execute());
        assertEquals(404, gone.getCode());
        assertEquals(List.of("10.0.0.7"), addresses(slice("win-legacy")));
        // not labelled as the operator's: left to its owner
        core.readNamespacedEndpoints("win-admin", namespace).execute();
    }

    private static void legacyEndpoints(String name, Map<String, String> labels) throws ApiException {
        core.createNamespacedEndpoints(
                        namespace,
                        new V1Endpoints()
                                .metadata(new V1ObjectMeta().name(name).labels(labels))
                                .subsets(List.of(new V1EndpointSubset()
                                        .addresses(List.of(new V1EndpointAddress().ip("10.0.0.9")))
                                        .ports(List.of(new CoreV1EndpointPort()
                                                .name("metrics")
                                                .port(9182)
                                                .protocol("TCP"))))))
                .execute();
    }
}
