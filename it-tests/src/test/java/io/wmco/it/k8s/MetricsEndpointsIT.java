package io.wmco.it.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
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

/** The windows-exporter Service and Endpoints kept equal to the given addresses, without needless writes. */
class MetricsEndpointsIT {
    private static String namespace;
    private static KubernetesCluster cluster;
    private static CoreV1Api core;

    @BeforeAll
    static void start() throws ApiException {
        namespace = K8sIt.unique("wmco-it-metrics");
        core = new CoreV1Api(K8sIt.admin());
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

    @Test
    void namespaceLabelsAreReadAndMissingNamespaceIsEmpty() {
        MetricsEndpoints metrics = cluster.metricsEndpoints();
        assertEquals(
                Optional.of("true"),
                metrics.namespaceLabels(namespace).map(l -> l.get("openshift.io/cluster-monitoring")));
        assertEquals(Optional.empty(), metrics.namespaceLabels("wmco-it-no-such-namespace"));
    }

    @Test
    void publishCreatesHeadlessServiceAndEndpointsThenOnlyWritesOnChange() throws ApiException {
        MetricsEndpoints metrics = cluster.metricsEndpoints();

        metrics.publish(namespace, "windows-exporter", "metrics", 9182, List.of("10.0.0.6", "10.0.0.5"));

        V1Service svc =
                core.readNamespacedService("windows-exporter", namespace).execute();
        assertEquals("None", svc.getSpec().getClusterIP());
        assertEquals("metrics", svc.getSpec().getPorts().get(0).getName());
        assertEquals(9182, svc.getSpec().getPorts().get(0).getPort());
        V1Endpoints ep =
                core.readNamespacedEndpoints("windows-exporter", namespace).execute();
        assertEquals(
                List.of("10.0.0.5", "10.0.0.6"),
                ep.getSubsets().get(0).getAddresses().stream()
                        .map(a -> a.getIp())
                        .sorted()
                        .toList());
        assertEquals("metrics", ep.getSubsets().get(0).getPorts().get(0).getName());

        String svcVersion = svc.getMetadata().getResourceVersion();
        String epVersion = ep.getMetadata().getResourceVersion();
        metrics.publish(namespace, "windows-exporter", "metrics", 9182, List.of("10.0.0.5", "10.0.0.6"));
        assertEquals(
                svcVersion,
                core.readNamespacedService("windows-exporter", namespace)
                        .execute()
                        .getMetadata()
                        .getResourceVersion(),
                "an equal publish rewrote the Service");
        assertEquals(
                epVersion,
                core.readNamespacedEndpoints("windows-exporter", namespace)
                        .execute()
                        .getMetadata()
                        .getResourceVersion(),
                "an equal publish rewrote the Endpoints");

        metrics.publish(namespace, "windows-exporter", "metrics", 9182, List.of());
        V1Endpoints emptied =
                core.readNamespacedEndpoints("windows-exporter", namespace).execute();
        assertTrue(emptied.getSubsets() == null || emptied.getSubsets().isEmpty(), emptied.toString());
    }
}
