package io.wmco.it.byoh;

import static org.awaitility.Awaitility.await;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Everything a BYOH scenario needs against the real API server: its own operator namespace, an operator key pair
 * and its Secret, stand-in payload files, simulated Windows hosts on their own loopback addresses (one SSH port
 * for all, as on real hosts), the emulated cluster network that assigns node subnets, and operators started
 * in-process with the same flags Main takes.
 */
public final class ByohEnvironment implements AutoCloseable {
    final TestCluster cluster = ClusterFixture.shared();
    final ApiClient admin = cluster.adminClient();
    final CoreV1Api core = new CoreV1Api(admin);
    final String id = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
    final String namespace;
    private final ApiClient operatorClient;
    final int subnet = ThreadLocalRandom.current().nextInt(2, 250);
    final Path work;
    final Path payloadDir;
    final Path caFile;
    final int sshPort;
    final List<SimulatedWindowsHost> hosts = new ArrayList<>();
    final List<WindowsMachineConfigOperator> operators = new ArrayList<>();
    KeyPair key;
    String privateKeyPem;
    private final ClusterNetworkEmulator network;

    ByohEnvironment() throws Exception {
        this(null, null);
    }

    /**
     * @param namespace the operator namespace, or null for a new random one
     * @param operatorClient the client operators run with (e.g. impersonating their ServiceAccount), or null for admin
     */
    public ByohEnvironment(String namespace, ApiClient operatorClient) throws Exception {
        this.namespace = namespace == null ? "wmco-it-" + id : namespace;
        this.operatorClient = operatorClient;
        work = Files.createTempDirectory("wmco-byoh-");
        payloadDir = work.resolve("payload");
        StandInPayload.write(payloadDir, 0.002, 1);
        caFile = work.resolve("ca.crt");
        Files.write(caFile, cluster.caCertificatePem());
        sshPort = freePort();
        try {
            core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(this.namespace))).execute();
        } catch (ApiException e) {
            if (e.getCode() != 409 || namespace == null) {
                throw e;
            }
        }
        rotateKey();
        network = ClusterNetworkEmulator.start(admin, "10.132.0.0/14", 23, Duration.ofMillis(300));
    }

    /** A new operator key pair, written to the cloud-private-key Secret. */
    public void rotateKey() throws Exception {
        key = rsa();
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

    /** The current private key in PEM. */
    public String privateKeyPem() {
        return privateKeyPem;
    }

    /** The public key hash the operator should write to nodes for the current key. */
    public String expectedKeyHash() {
        String line = new MinaKeyPairReader().authorizedKeyLine(SshCredentials.ofPem(privateKeyPem));
        return PublicKeyHash.of(AuthorizedKey.parse(line)).value();
    }

    /** Starts a simulated host at 127.0.{subnet}.{10+index}, authorising the current key. */
    public SimulatedWindowsHost startHost(int index) {
        SimulatedWindowsHost h = SimulatedWindowsHost.builder()
                .bindAddress(address(index)).port(sshPort).authorizedKey(key.getPublic())
                .hostname("win-" + id + "-" + index).heartbeatInterval(Duration.ofSeconds(1)).start();
        hosts.add(h);
        return h;
    }

    public String address(int index) {
        return "127.0." + subnet + "." + (10 + index);
    }

    public String nodeName(int index) {
        return "win-" + id + "-" + index;
    }

    /** Creates or replaces the windows-instances ConfigMap. */
    public void instances(Map<String, String> data) throws ApiException {
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

    public void deleteInstances() throws ApiException {
        core.deleteNamespacedConfigMap("windows-instances", namespace).execute();
    }

    /** The flags Main would get, pointing at this environment. */
    List<String> flags(String version, String... extra) {
        List<String> f = new ArrayList<>(List.of("--namespace=" + namespace, "--payload-dir=" + payloadDir,
                "--http-port=0", "--leader-elect=false", "--ssh-port=" + sshPort, "--platform=none",
                "--node-api-server-url=" + cluster.apiServerUrl(), "--node-ca-file=" + caFile,
                "--operator-version=" + version, "--service-cidr=10.96.0.0/12"));
        f.addAll(List.of(extra));
        return f;
    }

    public WindowsMachineConfigOperator startOperator(String version, String... extra) {
        OperatorSettings settings = new SettingsParser(Map.of(), version).parse(flags(version, extra).toArray(String[]::new));
        WindowsMachineConfigOperator op = WindowsMachineConfigOperator.start(settings,
                operatorClient != null ? operatorClient : cluster.adminClient(),
                () -> { }, testBindings());
        operators.add(op);
        return op;
    }

    /** Loopback hosts need no DNS; waits are shorter than in production so a broken step fails fast. */
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

    static boolean isReady(V1Node n) {
        return n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static String annotation(V1Node n, String key) {
        Map<String, String> a = n.getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }

    /** A node is fully configured: Ready, schedulable, carrying the given version. */
    public boolean configured(String name, String version) {
        return node(name).filter(ByohEnvironment::isReady)
                .filter(n -> version.equals(annotation(n, "windowsmachineconfig.openshift.io/version")))
                .filter(n -> n.getSpec() == null || !Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
                .isPresent();
    }

    public void awaitConfigured(Duration atMost, String version, String... names) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(
                () -> Stream.of(names).allMatch(n -> configured(n, version)));
    }

    public List<CoreV1Event> events(String reason) throws ApiException {
        return core.listNamespacedEvent(namespace).execute().getItems().stream()
                .filter(e -> reason.equals(e.getReason())).toList();
    }

    @Override
    public void close() throws Exception {
        operators.forEach(WindowsMachineConfigOperator::close);
        hosts.forEach(SimulatedWindowsHost::close);
        network.close();
        for (int i = 0; i < 16; i++) {
            String name = nodeName(i);
            try {
                core.deleteNode(name).execute();
            } catch (ApiException ignored) {
                // not created by this scenario
            }
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static KeyPair rsa() throws NoSuchAlgorithmException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Unused helper kept for scenario readability. */
    static V1NodeCondition readyCondition(V1Node n) {
        return n.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElseThrow();
    }
}
