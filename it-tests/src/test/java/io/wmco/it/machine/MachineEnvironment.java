package io.wmco.it.machine;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.apis.DiscoveryV1Api;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.PatchUtils;
import io.wmco.adapter.k8s.KubernetesCluster;
import io.wmco.app.metrics.OperatorMetrics;
import io.wmco.app.monitoring.MetricsEndpointsController;
import io.wmco.domain.node.NodeAddress;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.it.support.ClusterFixture;
import io.wmco.it.support.ScenarioEnvironment;
import io.wmco.ports.cluster.NodeRepository;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Machine scenario against the real API server: a {@link ScenarioEnvironment} with the OpenShift CRDs, the Machine
 * API namespace and an operator namespace labelled for cluster monitoring, whose operators run on a platform whose
 * Machines the operator configures (Nutanix: SSH user Administrator, computer renamed to the Machine name) and whose
 * windows-exporter loop sees routable addresses. Hosts are numbered in start order and not named after Machines.
 */
final class MachineEnvironment extends ScenarioEnvironment {
    static final String MACHINE_NS = "openshift-machine-api";
    static final String GROUP = "machine.openshift.io";
    static final String VERSION = "v1beta1";
    static final String SET_LABEL = "machine.openshift.io/cluster-api-machineset";
    static final String OS_LABEL = "machine.openshift.io/os-id";
    static final String FINALIZER = "machine.machine.openshift.io";

    final CustomObjectsApi custom = new CustomObjectsApi(admin());
    /** MachineSets created through {@link #createMachineSet}, deleted on close. */
    final List<String> machineSets = new ArrayList<>();
    /** Nodes deleted on close; tests and the Machine API emulator add the ones they expect. */
    final TreeSet<String> nodeNames = new TreeSet<>();

    private final AtomicInteger nextHost = new AtomicInteger();

    MachineEnvironment() throws Exception {
        super(setup());
    }

    /** Applies the cluster-wide prerequisites (OpenShift CRDs, Machine API namespace) and names the scenario. */
    private static Setup setup() throws ApiException {
        ClusterFixture.ensureOpenShiftCrds();
        try {
            new CoreV1Api(ClusterFixture.shared().adminClient())
                    .createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(MACHINE_NS)))
                    .execute();
        } catch (ApiException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        // four characters exactly, so that MachineSet names fit Windows computer names
        String id = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36, 36L * 36 * 36 * 36), 36);
        return new Setup(
                id,
                "wmco-mit-" + id,
                Map.of("openshift.io/cluster-monitoring", "true"),
                false,
                "wmco-machine-",
                "nutanix");
    }

    /** Starts a simulated host at the next loopback address authorising the current key; hostname not the Machine's. */
    SimulatedWindowsHost startHost() {
        int index = nextHost.getAndIncrement();
        return startHost(index, "ec2amaz-" + id() + index);
    }

    @Override
    protected ApiClient operatorClient() {
        return admin();
    }

    @Override
    protected Module[] operatorOverrides() {
        return new Module[] {testBindings(), exporterSeesRoutableAddresses(namespace())};
    }

    @Override
    protected Iterable<String> scenarioNodes() {
        return nodeNames;
    }

    /** A MachineSet name short enough for Windows computer names (at most 9 characters). */
    String machineSetName(String suffix) {
        return "w" + id() + suffix;
    }

    /** Creates a MachineSet object (the Machine API emulator creates its Machines). */
    String createMachineSet(String name, int replicas) throws ApiException {
        Map<String, Object> selector = Map.of("matchLabels", Map.of(SET_LABEL, name));
        custom.createNamespacedCustomObject(
                        GROUP,
                        VERSION,
                        MACHINE_NS,
                        "machinesets",
                        Map.of(
                                "apiVersion",
                                GROUP + "/" + VERSION,
                                "kind",
                                "MachineSet",
                                "metadata",
                                Map.of("name", name, "labels", Map.of(OS_LABEL, "Windows")),
                                "spec",
                                Map.of(
                                        "replicas",
                                        replicas,
                                        "selector",
                                        selector,
                                        "template",
                                        Map.of(
                                                "metadata",
                                                        Map.of("labels", Map.of(SET_LABEL, name, OS_LABEL, "Windows")),
                                                "spec", Map.of("providerSpec", Map.of("value", Map.of()))))))
                .execute();
        machineSets.add(name);
        return name;
    }

    /**
     * The simulated hosts live on loopback addresses, which the API server refuses in Endpoints (and the operator
     * leaves out). For the windows-exporter loop only, node addresses 127.a.b.c read as 10.a.b.c, so that its
     * Endpoints can be checked against the real API server; everything else sees the real node addresses.
     */
    static Module exporterSeesRoutableAddresses(String namespace) {
        return new AbstractModule() {
            @Provides
            @Singleton
            MetricsEndpointsController exporter(KubernetesCluster cluster, OperatorMetrics metrics, Clock clock) {
                NodeRepository real = cluster.nodes();
                NodeRepository mapped = (NodeRepository) Proxy.newProxyInstance(
                        NodeRepository.class.getClassLoader(),
                        new Class<?>[] {NodeRepository.class},
                        (proxy, method, args) -> {
                            try {
                                Object result = method.invoke(real, args);
                                return method.getName().equals("list")
                                        ? ((List<?>) result)
                                                .stream()
                                                        .map(n -> routable((NodeSnapshot) n))
                                                        .toList()
                                        : result;
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
                return new MetricsEndpointsController(
                        namespace, mapped, cluster.metricsEndpoints(), cluster.events(), metrics, clock);
            }
        };
    }

    /** 127.a.b.c -> 10.a.b.c, the address the windows-exporter Endpoints list for a simulated host. */
    static String routable(String loopback) {
        return loopback.startsWith("127.") ? "10." + loopback.substring(4) : loopback;
    }

    private static NodeSnapshot routable(NodeSnapshot n) {
        return new NodeSnapshot(
                n.name(),
                n.labels(),
                n.annotations(),
                n.taints(),
                n.addresses().stream()
                        .map(a -> new NodeAddress(a.type(), routable(a.address())))
                        .toList(),
                n.ready(),
                n.unschedulable());
    }

    void setUnschedulable(String node, boolean value) throws ApiException {
        PatchUtils.patch(
                V1Node.class,
                () -> core().patchNode(node, new V1Patch("{\"spec\":{\"unschedulable\":" + value + "}}"))
                        .buildCall(null),
                V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
                admin());
    }

    /** The IPs the windows-exporter EndpointSlice lists, empty when absent. */
    List<String> exporterIps() {
        try {
            V1EndpointSlice slice = new DiscoveryV1Api(admin())
                    .readNamespacedEndpointSlice("windows-exporter", namespace())
                    .execute();
            List<String> ips = new ArrayList<>();
            if (slice.getEndpoints() != null) {
                slice.getEndpoints().forEach(e -> ips.addAll(e.getAddresses()));
            }
            return ips.stream().sorted().toList();
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return List.of();
            }
            throw new IllegalStateException(e);
        }
    }

    /** Creates the windows-exporter Endpoints object as an earlier version of the operator left it. */
    void createLegacyEndpoints(String ip) throws ApiException {
        core().createNamespacedEndpoints(
                        namespace(),
                        new io.kubernetes.client.openapi.models.V1Endpoints()
                                .metadata(new io.kubernetes.client.openapi.models.V1ObjectMeta()
                                        .name("windows-exporter")
                                        .labels(Map.of("name", "windows-exporter")))
                                .subsets(List.of(new io.kubernetes.client.openapi.models.V1EndpointSubset()
                                        .addresses(List.of(
                                                new io.kubernetes.client.openapi.models.V1EndpointAddress().ip(ip)))
                                        .ports(List.of(new io.kubernetes.client.openapi.models.CoreV1EndpointPort()
                                                .name("metrics")
                                                .port(9182)
                                                .protocol("TCP"))))))
                .execute();
    }

    /** Whether the windows-exporter Endpoints object (written by earlier versions) exists. */
    boolean legacyEndpointsExist() {
        try {
            core().readNamespacedEndpoints("windows-exporter", namespace()).execute();
            return true;
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw new IllegalStateException(e);
        }
    }

    /** Does what {@link ScenarioEnvironment#close()} does, then deletes the MachineSets and the operator namespace. */
    @Override
    public void close() throws Exception {
        super.close();
        for (String set : machineSets) {
            try {
                custom.deleteNamespacedCustomObject(GROUP, VERSION, MACHINE_NS, "machinesets", set)
                        .execute();
            } catch (ApiException ignored) {
                // already gone
            }
        }
        try {
            core().deleteNamespace(namespace()).execute();
        } catch (ApiException ignored) {
            // namespaces stay Terminating without a controller manager; harmless
        }
    }
}
