package io.wmco.it.machine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernetes.client.openapi.ApiException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #6 metrics: where the cluster serves {@code monitoring.coreos.com/v1} ServiceMonitors, the operator creates
 * one selecting the windows-exporter Service (label name=windows-exporter, port metrics). The CRD is cluster-wide
 * and is removed after the test.
 */
class ServiceMonitorIT {
    private static final String CRD = "servicemonitors.monitoring.coreos.com";
    private MachineEnvironment env;

    @BeforeEach
    void setUp() throws Exception {
        env = new MachineEnvironment();
        // a minimal definition (open schema) of the Prometheus operator's CRD, created as a plain object
        env.custom
                .createClusterCustomObject(
                        "apiextensions.k8s.io",
                        "v1",
                        "customresourcedefinitions",
                        Map.of(
                                "apiVersion",
                                "apiextensions.k8s.io/v1",
                                "kind",
                                "CustomResourceDefinition",
                                "metadata",
                                Map.of("name", CRD),
                                "spec",
                                Map.of(
                                        "group",
                                        "monitoring.coreos.com",
                                        "scope",
                                        "Namespaced",
                                        "names",
                                        Map.of(
                                                "kind",
                                                "ServiceMonitor",
                                                "plural",
                                                "servicemonitors",
                                                "singular",
                                                "servicemonitor",
                                                "listKind",
                                                "ServiceMonitorList"),
                                        "versions",
                                        List.of(Map.of(
                                                "name",
                                                "v1",
                                                "served",
                                                true,
                                                "storage",
                                                true,
                                                "schema",
                                                Map.of(
                                                        "openAPIV3Schema",
                                                        Map.of(
                                                                "type",
                                                                "object",
                                                                "x-kubernetes-preserve-unknown-fields",
                                                                true)))))))
                .execute();
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> env.custom.getAPIResources("monitoring.coreos.com", "v1").execute().getResources().stream()
                        .anyMatch(r -> "servicemonitors".equals(r.getName())));
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            env.custom
                    .deleteClusterCustomObject("apiextensions.k8s.io", "v1", "customresourcedefinitions", CRD)
                    .execute();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
        env.close();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> spec() throws ApiException {
        Map<String, Object> sm = (Map<String, Object>) env.custom
                .getNamespacedCustomObject(
                        "monitoring.coreos.com", "v1", env.namespace(), "servicemonitors", "windows-exporter")
                .execute();
        return (Map<String, Object>) sm.get("spec");
    }

    @Test
    @SuppressWarnings("unchecked")
    void serviceMonitorSelectsTheWindowsExporterServiceAndScrapesItsMetricsPort() throws Exception {
        env.startOperator("1.0.0");

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> spec() != null);
        Map<String, Object> spec = spec();
        assertEquals(Map.of("matchLabels", Map.of("name", "windows-exporter")), spec.get("selector"));
        assertEquals(Map.of("matchNames", List.of(env.namespace())), spec.get("namespaceSelector"));
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>) spec.get("endpoints");
        assertEquals("metrics", endpoints.get(0).get("port"));
        Map<String, String> serviceLabels = env.core()
                .readNamespacedService("windows-exporter", env.namespace())
                .execute()
                .getMetadata()
                .getLabels();
        assertEquals("windows-exporter", serviceLabels.get("name"), "the selector matches the Service");
    }
}
