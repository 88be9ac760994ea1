package io.wmco.adapter.k8s;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.DiscoveryV1Api;
import io.kubernetes.client.openapi.models.DiscoveryV1EndpointPort;
import io.kubernetes.client.openapi.models.V1Endpoint;
import io.kubernetes.client.openapi.models.V1EndpointConditions;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1Endpoints;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code discovery.k8s.io/v1} EndpointSlice behind the selector-less windows-exporter Service (Endpoints is
 * deprecated since Kubernetes 1.33), and the removal of the Endpoints object earlier versions wrote. The slice is
 * named after the Service, carries {@value #SERVICE_NAME_LABEL} (which ties it to the Service for kube-proxy and
 * Prometheus) and {@value #MANAGED_BY_LABEL}{@code =}{@value #MANAGED_BY} (which keeps the control plane's
 * EndpointSlice controllers off it), holds IPv4 addresses only, and is written only on difference. With no
 * address there is no slice (deleted): client-java 25 cannot read back a slice without endpoints.
 *
 * <p>Thread-safe: the only state is which legacy objects are known to be gone.
 */
final class KubeEndpointSlices {
    /** The label that ties a slice to its Service. */
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    /** The label that names a slice's manager. */
    static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
    /** This operator, as the manager of its slice. */
    static final String MANAGED_BY = "windows-machine-config-operator";

    static final String IPV4 = "IPv4";

    private final ApiClient client;
    private final CoreV1Api core;
    private final DiscoveryV1Api discovery;
    private final Set<String> legacyGone = ConcurrentHashMap.newKeySet();

    KubeEndpointSlices(ApiClient client) {
        this.client = requireNonNull(client, "client cannot be null");
        this.core = new CoreV1Api(client);
        this.discovery = new DiscoveryV1Api(client);
    }

    /** Makes the slice list exactly {@code addresses} (IPv4) on one named port; recreates one of another type. */
    void ensure(String namespace, String name, String portName, int port, List<String> addresses) throws ApiException {
        String what = "EndpointSlice " + namespace + "/" + name;
        if (addresses.isEmpty()) {
            // no slice means no endpoints; client-java 25 cannot read a slice without endpoints back (the API
            // server omits the empty list and the model insists on an array)
            delete(namespace, name);
            return;
        }
        Optional<V1EndpointSlice> live;
        try {
            live = ApiErrors.read(
                    "read " + what,
                    false,
                    () -> discovery.readNamespacedEndpointSlice(name, namespace).execute());
        } catch (IllegalArgumentException unreadable) {
            // e.g. a slice without endpoints written by someone else: replaced by a readable one
            delete(namespace, name);
            throw new ApiException(409, "recreating " + what);
        }
        if (live.isEmpty()) {
            discovery
                    .createNamespacedEndpointSlice(
                            namespace,
                            new V1EndpointSlice()
                                    .metadata(new V1ObjectMeta()
                                            .name(name)
                                            .namespace(namespace)
                                            .labels(labels(name, Map.of())))
                                    .addressType(IPV4)
                                    .endpoints(endpoints(addresses))
                                    .ports(ports(portName, port)))
                    .execute();
            return;
        }
        V1EndpointSlice slice = live.get();
        if (!IPV4.equals(slice.getAddressType())) {
            // the address type is immutable
            delete(namespace, name);
            throw new ApiException(409, "recreating " + what);
        }
        Map<String, String> have = NodeMapping.orEmpty(slice.getMetadata().getLabels());
        if (!matches(slice, portName, port, addresses) || !have.equals(labels(name, have))) {
            slice.getMetadata().setLabels(labels(name, have));
            slice.setEndpoints(endpoints(addresses));
            slice.setPorts(ports(portName, port));
            discovery.replaceNamespacedEndpointSlice(name, namespace, slice).execute();
        }
    }

    private void delete(String namespace, String name) {
        ApiErrors.delete(
                "delete EndpointSlice " + namespace + "/" + name,
                () -> client.execute(
                        discovery.deleteNamespacedEndpointSlice(name, namespace).buildCall(null)));
    }

    /**
     * Deletes the Endpoints object of the same name that earlier versions of the operator wrote (labelled
     * {@code name=<name>}); one not written by the operator is left alone. Looked at until it is known to be gone.
     */
    void removeLegacyEndpoints(String namespace, String name) {
        String key = namespace + "/" + name;
        if (legacyGone.contains(key)) {
            return;
        }
        String what = "Endpoints " + key;
        Optional<V1Endpoints> live = ApiErrors.read(
                "read " + what,
                false,
                () -> core.readNamespacedEndpoints(name, namespace).execute());
        if (live.isPresent()
                && name.equals(NodeMapping.orEmpty(live.get().getMetadata().getLabels())
                        .get("name"))) {
            ApiErrors.delete(
                    "delete " + what,
                    () -> client.execute(
                            core.deleteNamespacedEndpoints(name, namespace).buildCall(null)));
        }
        legacyGone.add(key);
    }

    private static Map<String, String> labels(String name, Map<String, String> existing) {
        Map<String, String> out = new HashMap<>(existing);
        out.put(SERVICE_NAME_LABEL, name);
        out.put(MANAGED_BY_LABEL, MANAGED_BY);
        out.put("name", name);
        return out;
    }

    static List<V1Endpoint> endpoints(List<String> addresses) {
        List<V1Endpoint> out = new ArrayList<>();
        for (String a : new TreeSet<>(addresses)) {
            out.add(new V1Endpoint()
                    .addresses(new ArrayList<>(List.of(a)))
                    .conditions(new V1EndpointConditions().ready(true)));
        }
        return out;
    }

    private static List<DiscoveryV1EndpointPort> ports(String portName, int port) {
        return new ArrayList<>(
                List.of(new DiscoveryV1EndpointPort().name(portName).port(port).protocol("TCP")));
    }

    /** Whether the slice lists exactly these ready addresses, one each, on exactly this port. */
    static boolean matches(V1EndpointSlice slice, String portName, int port, List<String> addresses) {
        List<V1Endpoint> eps = slice.getEndpoints() == null ? List.of() : slice.getEndpoints();
        TreeSet<String> have = new TreeSet<>();
        for (V1Endpoint e : eps) {
            List<String> a = e.getAddresses() == null ? List.of() : e.getAddresses();
            boolean ready = e.getConditions() != null
                    && Boolean.TRUE.equals(e.getConditions().getReady());
            if (a.size() != 1 || !ready || !have.add(a.get(0))) {
                return false;
            }
        }
        List<DiscoveryV1EndpointPort> ps = slice.getPorts() == null ? List.of() : slice.getPorts();
        return have.equals(new TreeSet<>(addresses))
                && ps.size() == 1
                && portName.equals(ps.get(0).getName())
                && Objects.equals(ps.get(0).getPort(), port)
                && "TCP".equals(Objects.requireNonNullElse(ps.get(0).getProtocol(), "TCP"));
    }
}
