package io.wmco.it.support;

import static java.util.Objects.requireNonNull;
import static org.awaitility.Awaitility.await;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.wmco.adapter.ssh.MinaKeyPairReader;
import io.wmco.app.WindowsMachineConfigOperator;
import io.wmco.app.config.OperatorSettings;
import io.wmco.app.config.SettingsParser;
import io.wmco.app.fleet.AddressResolver;
import io.wmco.app.fleet.DnsAddressResolver;
import io.wmco.app.http.TlsProfileWatch;
import io.wmco.domain.access.AuthorizedKey;
import io.wmco.domain.access.PublicKeyHash;
import io.wmco.domain.payload.PayloadFiles;
import io.wmco.domain.plan.PlanTimeouts;
import io.wmco.ports.remote.SshCredentials;
import io.wmco.testkit.payload.StandInPayload;
import io.wmco.testkit.sim.ClusterNetworkEmulator;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What every operator scenario against the real API server needs, whatever the kind of node: an operator namespace,
 * an operator key pair in the {@code cloud-private-key} Secret (rotatable), stand-in payload files, the cluster CA
 * file, simulated Windows hosts on their own loopback addresses 127.0.{subnet}.{10+index} sharing one SSH port (as on
 * real hosts), the {@code windows-instances} ConfigMap, the emulated cluster network that assigns node subnets,
 * operators started in-process with the flags Main takes, and node look-ups.
 *
 * <p>Subclasses say what differs: the {@link Setup} (names, platform), the client and Guice overrides operators run
 * with, and which nodes to delete on {@link #close()}. Not thread-safe except where a method says so; one scenario
 * uses one environment.
 *
 * <p>Over 300 lines: everything a scenario sets up and looks up stays in one class so that each kind of scenario
 * (BYOH, Machines, in-cluster, faults) states only what differs; each part is a few short methods.
 */
public abstract class ScenarioEnvironment implements AutoCloseable {
    private static final String KEY_SECRET = "cloud-private-key";
    private static final String INSTANCES = "windows-instances";

    /**
     * What differs between kinds of scenario, fixed at construction.
     *
     * @param id a short random name part, unique per scenario
     * @param namespace the operator namespace
     * @param namespaceLabels labels of the namespace when it is created; empty for none
     * @param namespaceMayExist whether an existing namespace is used as it is (else its existence is an error)
     * @param workDirPrefix the prefix of the temporary directory holding payload and CA files
     * @param platform the value of the operator's {@code --platform} flag
     */
    protected record Setup(
            String id,
            String namespace,
            Map<String, String> namespaceLabels,
            boolean namespaceMayExist,
            String workDirPrefix,
            String platform) {
        public Setup {
            requireNonNull(id, "id cannot be null");
            requireNonNull(namespace, "namespace cannot be null");
            namespaceLabels = Map.copyOf(requireNonNull(namespaceLabels, "namespaceLabels cannot be null"));
            requireNonNull(workDirPrefix, "workDirPrefix cannot be null");
            requireNonNull(platform, "platform cannot be null");
        }
    }

    private final TestCluster cluster;
    private final ApiClient admin;
    private final CoreV1Api core;
    private final String id;
    private final String namespace;
    private final String platform;
    private final int subnet = ThreadLocalRandom.current().nextInt(2, 250);
    private final Path work;
    private final Path payloadDir;
    private final Path caFile;
    private final int sshPort;
    private final List<SimulatedWindowsHost> hosts = new ArrayList<>();
    private final List<WindowsMachineConfigOperator> operators = new ArrayList<>();
    private KeyPair key;
    private String privateKeyPem;
    private final ClusterNetworkEmulator network;

    protected ScenarioEnvironment(Setup setup) throws Exception {
        this(setup, ClusterFixture.shared());
    }

    /** A scenario on the given cluster instead of the shared one (e.g. one of its own that it may restart). */
    protected ScenarioEnvironment(Setup setup, TestCluster cluster) throws Exception {
        requireNonNull(setup, "setup cannot be null");
        this.cluster = requireNonNull(cluster, "cluster cannot be null");
        admin = cluster.adminClient();
        core = new CoreV1Api(admin);
        id = setup.id();
        namespace = setup.namespace();
        platform = setup.platform();
        work = Files.createTempDirectory(setup.workDirPrefix());
        payloadDir = work.resolve("payload");
        StandInPayload.write(payloadDir, 0.002, 1);
        // kubelet.exe large enough (3 MiB) to go packed: every scenario sends one file through the hosts' tar
        StandInPayload.add(payloadDir, PayloadFiles.KUBELET, 3 << 20, 1);
        caFile = work.resolve("ca.crt");
        Files.write(caFile, cluster.caCertificatePem());
        sshPort = SandboxParts.freePort();
        V1ObjectMeta meta = new V1ObjectMeta().name(namespace);
        if (!setup.namespaceLabels().isEmpty()) {
            meta.labels(setup.namespaceLabels());
        }
        try {
            core.createNamespace(new V1Namespace().metadata(meta)).execute();
        } catch (ApiException e) {
            if (e.getCode() != 409 || !setup.namespaceMayExist()) {
                throw e;
            }
        }
        rotateKey();
        network = ClusterNetworkEmulator.start(admin, "10.132.0.0/14", 23, Duration.ofMillis(300));
    }

    /** The client operators run with; called on every {@link #startOperator}. */
    protected abstract ApiClient operatorClient();

    /** The Guice overrides operators run with; {@link #testBindings()} unless a subclass adds more. */
    protected Module[] operatorOverrides() {
        return new Module[] {testBindings()};
    }

    /** The nodes this scenario may have created, deleted on {@link #close()} (missing ones are skipped). */
    protected abstract Iterable<String> scenarioNodes();

    public TestCluster cluster() {
        return cluster;
    }

    /** A cluster-admin client shared by this environment. */
    public ApiClient admin() {
        return admin;
    }

    /** Core API calls as cluster admin. */
    public CoreV1Api core() {
        return core;
    }

    public String id() {
        return id;
    }

    public String namespace() {
        return namespace;
    }

    public Path payloadDir() {
        return payloadDir;
    }

    /** The one SSH port every simulated host listens on. */
    public int sshPort() {
        return sshPort;
    }

    /** The current operator key pair. */
    public KeyPair key() {
        return key;
    }

    /** The current private key in PEM. */
    public String privateKeyPem() {
        return privateKeyPem;
    }

    /** A new operator key pair, written to the cloud-private-key Secret. */
    public void rotateKey() throws Exception {
        rotateKey(SandboxParts.rsaKeyPair());
    }

    /** Makes {@code next} the operator key pair, written to the cloud-private-key Secret. */
    public void rotateKey(KeyPair next) throws Exception {
        key = requireNonNull(next, "next cannot be null");
        privateKeyPem = SandboxParts.privateKeyPem(key);
        SandboxParts.putKeySecret(core, namespace, privateKeyPem);
    }

    /** The public key hash the operator should write to nodes for the current key. */
    public String expectedKeyHash() {
        String line = new MinaKeyPairReader().authorizedKeyLine(SshCredentials.ofPem(privateKeyPem));
        return PublicKeyHash.of(AuthorizedKey.parse(line)).value();
    }

    /** The loopback address of the host with this index: 127.0.{subnet}.{10+index}. */
    public String address(int index) {
        return "127.0." + subnet + "." + (10 + index);
    }

    /**
     * Starts a simulated host at {@link #address(int)} on {@link #sshPort()}, authorising the current key, closed with
     * this environment. Thread-safe.
     */
    protected SimulatedWindowsHost startHost(int index, String hostname) {
        return adopt(hostBuilder(index, hostname).start());
    }

    /** The settings {@link #startHost(int, String)} starts a host with, for a scenario to change before starting. */
    protected SimulatedWindowsHost.Builder hostBuilder(int index, String hostname) {
        return SimulatedWindowsHost.builder()
                .bindAddress(address(index))
                .port(sshPort)
                .authorizedKey(key.getPublic())
                .hostname(hostname)
                .heartbeatInterval(Duration.ofSeconds(1));
    }

    /** Closes a host the scenario started itself together with this environment. Thread-safe. */
    public SimulatedWindowsHost adopt(SimulatedWindowsHost host) {
        requireNonNull(host, "host cannot be null");
        synchronized (hosts) {
            hosts.add(host);
        }
        return host;
    }

    /** The hosts started or adopted so far, in order. Thread-safe. */
    public List<SimulatedWindowsHost> hosts() {
        synchronized (hosts) {
            return List.copyOf(hosts);
        }
    }

    /** Creates or replaces the windows-instances ConfigMap. */
    public void instances(Map<String, String> data) throws ApiException {
        SandboxParts.putInstances(core, namespace, data);
    }

    public void deleteInstances() throws ApiException {
        core.deleteNamespacedConfigMap(INSTANCES, namespace).execute();
    }

    /** The flags Main would get, pointing at this environment, followed by {@code extra}. */
    public List<String> flags(String version, String... extra) {
        List<String> f = new ArrayList<>(List.of(
                "--namespace=" + namespace,
                "--payload-dir=" + payloadDir,
                "--http-port=0",
                // Scenarios scrape /metrics over plain HTTP; MetricsTlsIT checks TLS (it passes
                // --metrics-insecure=false).
                "--metrics-port=0",
                "--metrics-insecure",
                "--leader-elect=false",
                "--ssh-port=" + sshPort,
                "--platform=" + platform,
                "--node-api-server-url=" + cluster.apiServerUrl(),
                "--node-ca-file=" + caFile,
                "--operator-version=" + version,
                "--service-cidr=10.96.0.0/12"));
        f.addAll(List.of(extra));
        return f;
    }

    /** Starts an operator in-process with {@link #flags}; it is closed with this environment. */
    public WindowsMachineConfigOperator startOperator(String version, String... extra) {
        OperatorSettings settings = new SettingsParser(Map.of(), version)
                .parse(flags(version, extra).toArray(String[]::new));
        WindowsMachineConfigOperator op =
                WindowsMachineConfigOperator.start(settings, operatorClient(), () -> {}, operatorOverrides());
        operators.add(op);
        return op;
    }

    /** The operators started so far, in order. */
    public List<WindowsMachineConfigOperator> operators() {
        return List.copyOf(operators);
    }

    /** Loopback hosts need no DNS; waits are shorter than in production so a broken step fails fast. */
    public static Module testBindings() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(AddressResolver.class)
                        .toInstance(new DnsAddressResolver(Duration.ofMinutes(5), false, Clock.systemUTC()));
                bind(PlanTimeouts.class)
                        .toInstance(new PlanTimeouts(
                                Duration.ofMinutes(2),
                                Duration.ofMinutes(1),
                                Duration.ofMinutes(1),
                                Duration.ofMinutes(1)));
                // A changed TLS profile reaches /metrics within a second instead of 30.
                bind(TlsProfileWatch.Interval.class).toInstance(new TlsProfileWatch.Interval(Duration.ofSeconds(1)));
            }
        };
    }

    public Optional<V1Node> node(String name) {
        try {
            return Optional.of(core.readNode(name).execute());
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw new IllegalStateException(e);
        }
    }

    public static boolean isReady(V1Node n) {
        return SandboxParts.isReady(n);
    }

    /** The node's annotation, or null. */
    public static String annotation(V1Node n, String key) {
        Map<String, String> a = n.getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }

    /** The node's label, or null. */
    public static String label(V1Node n, String key) {
        Map<String, String> a = n.getMetadata().getLabels();
        return a == null ? null : a.get(key);
    }

    /** A node is fully configured: Ready, schedulable, carrying the given version. */
    public boolean configured(String name, String version) {
        return node(name)
                .filter(ScenarioEnvironment::isReady)
                .filter(n -> version.equals(annotation(n, "windowsmachineconfig.openshift.io/version")))
                .filter(n ->
                        n.getSpec() == null || !Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
                .isPresent();
    }

    public void awaitConfigured(Duration atMost, String version, String... names) {
        awaitConfigured(atMost, version, List.of(names));
    }

    public void awaitConfigured(Duration atMost, String version, List<String> names) {
        await().atMost(atMost)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> names.stream().allMatch(n -> configured(n, version)));
    }

    /** The events with this reason in the operator namespace. */
    public List<CoreV1Event> events(String reason) throws ApiException {
        return events(namespace, reason);
    }

    public List<CoreV1Event> events(String inNamespace, String reason) throws ApiException {
        return core.listNamespacedEvent(inNamespace).execute().getItems().stream()
                .filter(e -> reason.equals(e.getReason()))
                .toList();
    }

    /** Stops operators, hosts and the network emulator, deletes {@link #scenarioNodes()} and the local files. */
    @Override
    public void close() throws Exception {
        operators.forEach(WindowsMachineConfigOperator::close);
        synchronized (hosts) {
            hosts.forEach(SimulatedWindowsHost::close);
        }
        network.close();
        for (String name : scenarioNodes()) {
            try {
                core.deleteNode(name).execute();
            } catch (ApiException ignored) {
                // not created by this scenario, or already gone
            }
        }
        SandboxParts.deleteTree(work);
    }
}
