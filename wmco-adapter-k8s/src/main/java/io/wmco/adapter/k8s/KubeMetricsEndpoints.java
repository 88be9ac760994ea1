package io.wmco.adapter.k8s;

import static java.util.Objects.requireNonNull;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.wmco.ports.cluster.MetricsEndpoints;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link MetricsEndpoints}: a selector-less headless Service plus an EndpointSlice of the same name
 * ({@link KubeEndpointSlices}) that this adapter keeps equal to the given addresses; the Endpoints object earlier
 * versions wrote is deleted. Reads live objects and writes only on difference; conflicts are retried by re-reading.
 */
final class KubeMetricsEndpoints implements MetricsEndpoints {
    static final int MAX_ATTEMPTS = 5;
    private static final Gson JSON = new Gson();

    private final CoreV1Api core;
    private final ApiClient client;
    private final KubeEndpointSlices slices;

    KubeMetricsEndpoints(ApiClient client) {
        this.client = requireNonNull(client, "client cannot be null");
        this.core = new CoreV1Api(client);
        this.slices = new KubeEndpointSlices(client);
    }

    @Override
    public Optional<Map<String, String>> namespaceLabels(String namespace) {
        requireNonNull(namespace, "namespace cannot be null");
        return ApiErrors.read(
                        "read namespace " + namespace,
                        false,
                        () -> core.readNamespace(namespace).execute())
                .map(ns -> Map.copyOf(NodeMapping.orEmpty(ns.getMetadata().getLabels())));
    }

    @Override
    public void publish(String namespace, String name, String portName, int port, List<String> addresses) {
        requireNonNull(namespace, "namespace cannot be null");
        requireNonNull(name, "name cannot be null");
        requireNonNull(portName, "portName cannot be null");
        requireNonNull(addresses, "addresses cannot be null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be within 1..65535, got " + port);
        }
        retrying("publish Service " + namespace + "/" + name, () -> ensureService(namespace, name, portName, port));
        retrying(
                "publish EndpointSlice " + namespace + "/" + name,
                () -> slices.ensure(namespace, name, portName, port, addresses));
        slices.removeLegacyEndpoints(namespace, name);
    }

    static final String MONITORING_GROUP = "monitoring.coreos.com";
    static final String MONITORING_VERSION = "v1";
    static final String SERVICE_MONITORS = "servicemonitors";

    @Override
    public boolean publishServiceMonitor(String namespace, String name, String portName) {
        requireNonNull(namespace, "namespace cannot be null");
        requireNonNull(name, "name cannot be null");
        requireNonNull(portName, "portName cannot be null");
        CustomObjectsApi custom = new CustomObjectsApi(client);
        boolean served = ApiErrors.read(
                        "discover " + MONITORING_GROUP + "/" + MONITORING_VERSION,
                        false,
                        () -> custom.getAPIResources(MONITORING_GROUP, MONITORING_VERSION)
                                .execute())
                .map(list -> list.getResources() != null
                        && list.getResources().stream().anyMatch(r -> SERVICE_MONITORS.equals(r.getName())))
                .orElse(false);
        if (!served) {
            return false;
        }
        Map<String, Object> spec = serviceMonitorSpec(namespace, name, portName);
        retrying("publish ServiceMonitor " + namespace + "/" + name, () -> {
            Optional<Object> live = ApiErrors.read(
                    "read ServiceMonitor " + namespace + "/" + name,
                    false,
                    () -> custom.getNamespacedCustomObject(
                                    MONITORING_GROUP, MONITORING_VERSION, namespace, SERVICE_MONITORS, name)
                            .execute());
            if (live.isEmpty()) {
                Map<String, Object> sm = new HashMap<>();
                sm.put("apiVersion", MONITORING_GROUP + "/" + MONITORING_VERSION);
                sm.put("kind", "ServiceMonitor");
                sm.put("metadata", Map.of("name", name, "namespace", namespace, "labels", Map.of("name", name)));
                sm.put("spec", spec);
                custom.createNamespacedCustomObject(
                                MONITORING_GROUP, MONITORING_VERSION, namespace, SERVICE_MONITORS, sm)
                        .execute();
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> current = new HashMap<>((Map<String, Object>) live.get());
            JsonElement have = JSON.toJsonTree(current.get("spec"));
            if (!JSON.toJsonTree(spec).equals(have)) {
                current.put("spec", spec);
                custom.replaceNamespacedCustomObject(
                                MONITORING_GROUP, MONITORING_VERSION, namespace, SERVICE_MONITORS, name, current)
                        .execute();
            }
        });
        return true;
    }

    /** Scrape the named port of the Service labelled {@code name=<name>} in its own namespace every 30 seconds. */
    static Map<String, Object> serviceMonitorSpec(String namespace, String name, String portName) {
        return Map.of(
                "endpoints", List.of(Map.of("port", portName, "interval", "30s", "scheme", "http")),
                "namespaceSelector", Map.of("matchNames", List.of(namespace)),
                "selector", Map.of("matchLabels", Map.of("name", name)));
    }

    private void ensureService(String namespace, String name, String portName, int port) throws ApiException {
        String what = "Service " + namespace + "/" + name;
        Optional<V1Service> live = ApiErrors.read(
                "read " + what,
                false,
                () -> core.readNamespacedService(name, namespace).execute());
        V1ServicePort wantedPort = new V1ServicePort().name(portName).port(port).protocol("TCP");
        if (live.isEmpty()) {
            core.createNamespacedService(
                            namespace,
                            new V1Service()
                                    .metadata(new V1ObjectMeta()
                                            .name(name)
                                            .namespace(namespace)
                                            .labels(Map.of("name", name)))
                                    .spec(new V1ServiceSpec().clusterIP("None").ports(List.of(wantedPort))))
                    .execute();
            return;
        }
        V1Service svc = live.get();
        V1ServiceSpec spec = svc.getSpec() == null ? new V1ServiceSpec() : svc.getSpec();
        if (!"None".equals(spec.getClusterIP())
                || spec.getSelector() != null && !spec.getSelector().isEmpty()) {
            // clusterIP is immutable and a selector would make the control plane overwrite our Endpoints.
            ApiErrors.delete(
                    "delete " + what,
                    () -> client.execute(
                            core.deleteNamespacedService(name, namespace).buildCall(null)));
            throw new ApiException(409, "recreating " + what);
        }
        List<V1ServicePort> ports = spec.getPorts() == null ? List.of() : spec.getPorts();
        boolean portOk = ports.size() == 1
                && portName.equals(ports.get(0).getName())
                && ports.get(0).getPort() != null
                && ports.get(0).getPort() == port
                && "TCP".equals(Objects.requireNonNullElse(ports.get(0).getProtocol(), "TCP"));
        if (!portOk) {
            spec.setPorts(List.of(wantedPort));
            svc.setSpec(spec);
            core.replaceNamespacedService(name, namespace, svc).execute();
        }
    }

    private interface Step {
        void run() throws ApiException;
    }

    private static void retrying(String action, Step step) {
        for (int attempt = 1; ; attempt++) {
            try {
                step.run();
                return;
            } catch (ApiException e) {
                if (e.getCode() == 409 && attempt < MAX_ATTEMPTS) {
                    continue;
                }
                throw ApiErrors.translate(action, e, false);
            }
        }
    }
}
