package io.wmco.it.machine;

import static org.awaitility.Awaitility.await;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.wmco.adapter.k8s.KubernetesCluster;
import io.wmco.app.metrics.OperatorMetrics;
import io.wmco.app.monitoring.MetricsEndpointsController;
import io.wmco.domain.node.NodeAddress;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.ports.cluster.NodeRepository;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Endpoints;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.custom.V1Patch;
import io.wmco.adapter.ssh.MinaKeyPairReader;
import io.wmco.adapter.ssh.sim.ClusterNetworkEmulator;
import io.wmco.adapter.ssh.sim.SimulatedWindowsHost;
import io.wmco.app.WindowsMachineConfigOperator;
import io.wmco.app.config.OperatorSettings;
import io.wmco.app.config.SettingsParser;
import io.wmco.app.fleet.AddressResolver;
import io.wmco.app.fleet.DnsAddressResolver;
import io.wmco.app.payload.StandInPayload;
import io.wmco.domain.access.AuthorizedKey;
import io.wmco.domain.access.PublicKeyHash;
import io.wmco.domain.plan.PlanTimeouts;
import io.wmco.it.support.ClusterFixture;
import io.wmco.it.support.TestCluster;
import io.wmco.ports.remote.SshCredentials;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A Machine scenario against the real API server: the OpenShift CRDs, the Machine API namespace, an operator
 * namespace labelled for cluster monitoring, an operator key, stand-in payload, simulated Windows hosts on their own
 * loopback addresses, the emulated cluster network, and operators started in-process on a platform whose Machines
 * the operator configures (Nutanix: SSH user Administrator, computer renamed to the Machine name).
 */
final class MachineEnvironment implements AutoCloseable {
    static final String MACHINE_NS = "openshift-machine-api";
    static final String GROUP = "machine.openshift.io";
    static final String VERSION = "v1beta1";
    static final String SET_LABEL = "machine.openshift.io/cluster-api-machineset";
    static final String OS_LABEL = "machine.openshift.io/os-id";
    static final String FINALIZER = "machine.machine.openshift.io";

    final TestCluster cluster = ClusterFixture.shared();
    final ApiClient admin = cluster.adminClient();
    final CoreV1Api core = new CoreV1Api(admin);
    final CustomObjectsApi custom = new CustomObjectsApi(admin);
    final String id = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36, 36L * 36 * 36 * 36), 36);
    final String namespace = "wmco-mit-" + id;
    final int subnet = ThreadLocalRandom.current().nextInt(2, 250);
    final Path work;
    final Path payloadDir;
    final Path caFile;
    final int sshPort;
    final List<SimulatedWindowsHost> hosts = new ArrayList<>();
    final List<WindowsMachineConfigOperator> operators = new ArrayList<>();
    final List<String> machineSets = new ArrayList<>();
    final TreeSet<String> nodeNames = new TreeSet<>();
    private final AtomicInteger nextHost = new AtomicInteger();
    KeyPair key;
    String privateKeyPem;
    private final ClusterNetworkEmulator network;

    MachineEnvironment() throws Exception {
        ClusterFixture.ensureOpenShiftCrds();
        work = Files.createTempDirectory("wmco-machine-");
        payloadDir = work.resolve("payload");
        StandInPayload.write(payloadDir, 0.002, 1);
        caFile = work.resolve("ca.crt");
        Files.write(caFile, cluster.caCertificatePem());
        sshPort = freePort();
        core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(namespace)
                .labels(Map.of("openshift.io/cluster-monitoring", "true")))).execute();
        try {
            core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(MACHINE_NS))).execute();
        } catch (ApiException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        rotateKey();
        network = ClusterNetworkEmulator.start(admin, "10.132.0.0/14", 23, Duration.ofMillis(300));
    }

    /** A new operator key pair, written to the cloud-private-key Secret. */
    void rotateKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        key = g.generateKeyPair();
        privateKeyPem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        V1Secret secret = new V1Secret().metadata(new V1ObjectMeta().name("cloud-private-key").namespace(namespace))
                .putDataItem("private-key.pem", privateKeyPem.getBytes(StandardCharsets.US_ASCII));
        try {
            core.replaceNamespacedSecret("cloud-private-key", namespace, secret).execute();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            core.createNamespacedSecret(namespace, secret).execute();
        }
    }

    String expectedKeyHash() {
        String line = new MinaKeyPairReader().authorizedKeyLine(SshCredentials.ofPem(privateKeyPem));
        return PublicKeyHash.of(AuthorizedKey.parse(line)).value();
    }

    /** Starts a simulated host at the next loopback address authorising the current key; hostname not the Machine's. */
    SimulatedWindowsHost startHost() {
        int index = nextHost.getAndIncrement();
        SimulatedWindowsHost h = SimulatedWindowsHost.builder()
                .bindAddress("127.0." + subnet + "." + (10 + index)).port(sshPort).authorizedKey(key.getPublic())
                .hostname("ec2amaz-" + id + index).heartbeatInterval(Duration.ofSeconds(1)).start();
        synchronized (hosts) {
            hosts.add(h);
        }
        return h;
    }

    /** A MachineSet name short enough for Windows computer names (at most 9 characters). */
    String machineSetName(String suffix) {
        return "w" + id + suffix;
    }

    /** Creates a MachineSet object (the Machine API emulator creates its Machines). */
    String createMachineSet(String name, int replicas) throws ApiException {
        Map<String, Object> selector = Map.of("matchLabels", Map.of(SET_LABEL, name));
        custom.createNamespacedCustomObject(GROUP, VERSION, MACHINE_NS, "machinesets", Map.of(
                "apiVersion", GROUP + "/" + VERSION, "kind", "MachineSet",
                "metadata", Map.of("name", name, "labels", Map.of(OS_LABEL, "Windows")),
                "spec", Map.of("replicas", replicas, "selector", selector, "template", Map.of(
                        "metadata", Map.of("labels", Map.of(SET_LABEL, name, OS_LABEL, "Windows")),
                        "spec", Map.of("providerSpec", Map.of("value", Map.of())))))).execute();
        machineSets.add(name);
        return name;
    }

    /** The flags Main would get: Kubernetes mode on the Nutanix platform. */
    List<String> flags(String version, String... extra) {
        List<String> f = new ArrayList<>(List.of("--namespace=" + namespace, "--payload-dir=" + payloadDir,
                "--http-port=0", "--leader-elect=false", "--ssh-port=" + sshPort, "--platform=nutanix",
                "--node-api-server-url=" + cluster.apiServerUrl(), "--node-ca-file=" + caFile,
                "--operator-version=" + version, "--service-cidr=10.96.0.0/12"));
        f.addAll(List.of(extra));
        return f;
    }

    WindowsMachineConfigOperator startOperator(String version, String... extra) {
        OperatorSettings settings = new SettingsParser(Map.of(), version).parse(flags(version, extra).toArray(String[]::new));
        WindowsMachineConfigOperator op = WindowsMachineConfigOperator.start(settings, admin, () -> { }, testBindings(),
                exporterSeesRoutableAddresses(namespace));
        operators.add(op);
        return op;
    }

    static Module testBindings() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(AddressResolver.class).toInstance(new DnsAddressResolver(Duration.ofMinutes(5), false, Clock.systemUTC()));
                bind(PlanTimeouts.class).toInstance(new PlanTimeouts(Duration.ofMinutes(2), Duration.ofMinutes(1),
                        Duration.ofMinutes(1), Duration.ofMinutes(1)));
            }
        };
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
            MetricsEndpointsController exporter(KubernetesCluster cluster, OperatorMetrics metrics) {
                NodeRepository real = cluster.nodes();
                NodeRepository mapped = (NodeRepository) Proxy.newProxyInstance(NodeRepository.class.getClassLoader(),
                        new Class<?>[] {NodeRepository.class}, (proxy, method, args) -> {
                            try {
                                Object result = method.invoke(real, args);
                                return method.getName().equals("list") ? ((List<?>) result).stream()
                                        .map(n -> routable((NodeSnapshot) n)).toList() : result;
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
                return new MetricsEndpointsController(namespace, mapped, cluster.metricsEndpoints(), cluster.events(),
                        metrics);
            }
        };
    }

    /** 127.a.b.c -> 10.a.b.c, the address the windows-exporter Endpoints list for a simulated host. */
    static String routable(String loopback) {
        return loopback.startsWith("127.") ? "10." + loopback.substring(4) : loopback;
    }

    private static NodeSnapshot routable(NodeSnapshot n) {
        return new NodeSnapshot(n.name(), n.labels(), n.annotations(), n.taints(), n.addresses().stream()
                .map(a -> new NodeAddress(a.type(), routable(a.address()))).toList(), n.ready(), n.unschedulable());
    }

    /** Creates or replaces the windows-instances ConfigMap. */
    void instances(Map<String, String> data) throws ApiException {
        V1ConfigMap cm = new V1ConfigMap().metadata(new V1ObjectMeta().name("windows-instances").namespace(namespace))
                .data(new LinkedHashMap<>(data));
        try {
            core.replaceNamespacedConfigMap("windows-instances", namespace, cm).execute();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            core.createNamespacedConfigMap(namespace, cm).execute();
        }
    }

    Optional<V1Node> node(String name) {
        try {
            return Optional.of(core.readNode(name).execute());
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw new IllegalStateException(e);
        }
    }

    static boolean isReady(V1Node n) {
        return n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static String annotation(V1Node n, String key) {
        Map<String, String> a = n.getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }

    static String label(V1Node n, String key) {
        Map<String, String> a = n.getMetadata().getLabels();
        return a == null ? null : a.get(key);
    }

    /** Ready, schedulable, carrying the version (and, when given, the key hash). */
    boolean configured(String name, String version) {
        return node(name).filter(MachineEnvironment::isReady)
                .filter(n -> version.equals(annotation(n, "windowsmachineconfig.openshift.io/version")))
                .filter(n -> n.getSpec() == null || !Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
                .isPresent();
    }

    void setUnschedulable(String node, boolean value) throws ApiException {
        PatchUtils.patch(V1Node.class, () -> core.patchNode(node,
                new V1Patch("{\"spec\":{\"unschedulable\":" + value + "}}")).buildCall(null),
                V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, admin);
    }

    /** The IPs the windows-exporter Endpoints list, empty when absent. */
    List<String> exporterIps() {
        try {
            V1Endpoints ep = core.readNamespacedEndpoints("windows-exporter", namespace).execute();
            List<String> ips = new ArrayList<>();
            if (ep.getSubsets() != null) {
                ep.getSubsets().forEach(s -> {
                    if (s.getAddresses() != null) {
                        s.getAddresses().forEach(a -> ips.add(a.getIp()));
                    }
                });
            }
            return ips.stream().sorted().toList();
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return List.of();
            }
            throw new IllegalStateException(e);
        }
    }

    List<CoreV1Event> events(String inNamespace, String reason) throws ApiException {
        return core.listNamespacedEvent(inNamespace).execute().getItems().stream()
                .filter(e -> reason.equals(e.getReason())).toList();
    }

    void awaitConfigured(Duration atMost, String version, List<String> names) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(
                () -> names.stream().allMatch(n -> configured(n, version)));
    }

    @Override
    public void close() throws Exception {
        operators.forEach(WindowsMachineConfigOperator::close);
        for (String set : machineSets) {
            try {
                custom.deleteNamespacedCustomObject(GROUP, VERSION, MACHINE_NS, "machinesets", set).execute();
            } catch (ApiException ignored) {
                // already gone
            }
        }
        synchronized (hosts) {
            hosts.forEach(SimulatedWindowsHost::close);
        }
        network.close();
        for (String name : nodeNames) {
            try {
                core.deleteNode(name).execute();
            } catch (ApiException ignored) {
                // already gone
            }
        }
        try {
            core.deleteNamespace(namespace).execute();
        } catch (ApiException ignored) {
            // namespaces stay Terminating without a controller manager; harmless
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static KeyPair rsa() throws NoSuchAlgorithmException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
