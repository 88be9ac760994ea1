package io.wmco.app.fleet;

import io.wmco.adapter.ssh.MinaKeyPairReader;
import io.wmco.app.MutableClock;
import io.wmco.app.access.KeyMaterial;
import io.wmco.app.bootstrap.BootstrapCredentialsSource;
import io.wmco.app.bootstrap.BootstrapTokens;
import io.wmco.app.cluster.ClusterEnvironment;
import io.wmco.app.loop.StopSignal;
import io.wmco.app.metrics.OperatorMetrics;
import io.wmco.domain.cluster.ClusterSettings;
import io.wmco.domain.fleet.InstanceKey;
import io.wmco.domain.hostsettings.HostSettings;
import io.wmco.domain.instance.ResolvedAddress;
import io.wmco.domain.machine.MachineSnapshot;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.payload.PayloadFile;
import io.wmco.domain.payload.PayloadFiles;
import io.wmco.domain.payload.PayloadManifest;
import io.wmco.domain.payload.PayloadOrigin;
import io.wmco.domain.plan.NodeSettings;
import io.wmco.domain.plan.PlanTimeouts;
import io.wmco.domain.platform.Platform;
import io.wmco.domain.platform.PlatformProfile;
import io.wmco.domain.platform.PlatformProfiles;
import io.wmco.ports.cluster.ConfigMapSource;
import io.wmco.ports.cluster.EventRecorder;
import io.wmco.ports.cluster.MachineRepository;
import io.wmco.ports.cluster.ObjectRef;
import io.wmco.ports.cluster.SecretStore;
import io.wmco.ports.remote.AuthenticationRejectedException;
import io.wmco.ports.remote.HostEndpoint;
import io.wmco.ports.remote.HostKeyStore;
import io.wmco.ports.remote.HostUnreachableException;
import io.wmco.ports.remote.RemoteHost;
import io.wmco.ports.remote.RemoteHostConnector;
import io.wmco.ports.remote.SshCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The instance loop over in-memory ports and a clock moved by hand: nodes ({@link InMemoryNodes}), hosts
 * ({@link FakeHost}, one per address, or unreachable / refusing the key), the instances ConfigMap, Machines,
 * Secrets, events. Reconciles are run one at a time by the test, as a worker would.
 */
final class LoopFixture {
    static final String NS = "wmco";
    static final String VERSION = "2.0.0";
    static final PlanTimeouts TIMEOUTS = new PlanTimeouts(
            Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1));
    private static final String PEM = rsaPem();

    final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    final InMemoryNodes nodes = new InMemoryNodes();
    final Map<String, String> instances = new LinkedHashMap<>();
    final Map<String, FakeHost> hosts = new ConcurrentHashMap<>();
    final Set<String> unreachable = ConcurrentHashMap.newKeySet();
    /** What DNS names resolve to (IPv4 entries need no entry here). */
    final Map<String, List<String>> dns = new ConcurrentHashMap<>();

    final Set<String> rejecting = ConcurrentHashMap.newKeySet();
    final List<MachineSnapshot> machines = new ArrayList<>();
    final List<String> deletedMachines = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final Map<String, Map<String, byte[]>> secrets = new ConcurrentHashMap<>();
    final StopSignal stop = new StopSignal();
    final OperatorMetrics metrics = new OperatorMetrics();
    final KeyMaterial keys;
    final InstanceLoop loop;
    final InstanceReconciler reconciler;

    LoopFixture(Platform platform, int maxParallelUpgrades) {
        secrets.put(
                NS + "/" + MetadataKeys.PRIVATE_KEY_SECRET,
                Map.of(MetadataKeys.PRIVATE_KEY_SECRET_KEY, PEM.getBytes(StandardCharsets.US_ASCII)));
        SecretStore secretStore = new SecretStore() {
            @Override
            public Optional<Map<String, byte[]>> data(String namespace, String name) {
                return Optional.ofNullable(secrets.get(namespace + "/" + name));
            }

            @Override
            public boolean apply(
                    String namespace, String name, String type, Map<String, byte[]> data, Map<String, String> labels) {
                secrets.put(namespace + "/" + name, Map.copyOf(data));
                return true;
            }

            @Override
            public void delete(String namespace, String name) {
                secrets.remove(namespace + "/" + name);
            }
        };
        ConfigMapSource configMaps = (namespace, name) ->
                name.equals(MetadataKeys.INSTANCES_CONFIGMAP) ? Optional.of(Map.copyOf(instances)) : Optional.empty();
        MachineRepository machineRepo = new MachineRepository() {
            @Override
            public boolean available() {
                return true;
            }

            @Override
            public List<MachineSnapshot> windowsMachines() {
                synchronized (machines) {
                    return List.copyOf(machines);
                }
            }

            @Override
            public Optional<MachineSnapshot> get(String namespace, String name) {
                return windowsMachines().stream()
                        .filter(m -> m.name().equals(name))
                        .findFirst();
            }

            @Override
            public void delete(String namespace, String name) {
                synchronized (machines) {
                    deletedMachines.add(name);
                    machines.removeIf(m -> m.name().equals(name));
                }
            }
        };
        EventRecorder recorder = (ObjectRef regarding, io.wmco.domain.event.EventReason reason, String message) -> {
            synchronized (events) {
                events.add(reason.text() + " " + regarding.kind() + "/" + regarding.name() + ": " + message);
            }
        };
        RemoteHostConnector connector = (HostEndpoint endpoint, SshCredentials credentials) -> {
            if (unreachable.contains(endpoint.address())) {
                throw new HostUnreachableException(endpoint.hostId(), "connection refused", null);
            }
            if (rejecting.contains(endpoint.address())) {
                throw new AuthenticationRejectedException(endpoint.hostId(), "the key was refused", null);
            }
            return (RemoteHost) host(endpoint.address());
        };
        HostKeyStore hostKeys = new HostKeyStore() {
            @Override
            public Optional<String> pinned(String hostId) {
                return Optional.empty();
            }

            @Override
            public void pin(String hostId, String fingerprint) {}

            @Override
            public void forget(String hostId) {}

            @Override
            public String howToForget() {
                return "forget the pin";
            }
        };
        PlatformProfile profile = PlatformProfiles.of(platform);
        Path work = temporaryDirectory();
        Map<String, PayloadFile> files = new LinkedHashMap<>();
        Map<String, Path> paths = new LinkedHashMap<>();
        for (String name : PayloadFiles.requiredFor(profile)) {
            files.put(
                    name,
                    new PayloadFile("0".repeat(64), 1, PayloadOrigin.STAND_IN, Optional.empty(), Optional.empty()));
            paths.put(name, work.resolve(name));
        }
        ClusterSettings cluster = ((ClusterSettings.Valid)
                        ClusterSettings.forKubernetes("10.96.0.0/12", null, null, platform))
                .settings();
        ClusterEnvironment env = new ClusterEnvironment(
                "Kubernetes",
                platform,
                profile,
                Optional.of(cluster),
                List.of(),
                List.of(),
                PayloadManifest.of(files),
                paths);
        Path ca = work.resolve("ca.crt");
        write(ca, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        BootstrapCredentialsSource bootstrap = new BootstrapCredentialsSource(
                "https://127.0.0.1:6443",
                Optional.of(ca),
                configMaps,
                NS,
                new BootstrapTokens(secretStore, NS, new SecureRandom(), clock));
        keys = new KeyMaterial(secretStore, NS, new MinaKeyPairReader(), new SecureRandom());
        loop = new InstanceLoop(
                new InstanceLoop.Settings(NS, VERSION, maxParallelUpgrades, 22, TIMEOUTS, NodeSettings.DEFAULT),
                new InstanceLoop.Ports(
                        env,
                        configMaps,
                        nodes,
                        machineRepo,
                        recorder,
                        keys,
                        address -> dns.containsKey(address.value())
                                ? new ResolvedAddress(dns.get(address.value()), List.of())
                                : ResolvedAddress.none(),
                        connector,
                        hostKeys,
                        bootstrap,
                        new ReportedHostnames(),
                        metrics,
                        k -> Optional.empty(),
                        () -> HostSettings.NONE),
                stop,
                clock);
        reconciler = (InstanceReconciler) loop.reconciler();
    }

    LoopFixture() {
        this(Platform.NONE, 1);
    }

    FakeHost host(String address) {
        return hosts.computeIfAbsent(address, a -> new FakeHost(new HostEndpoint(a, 22, "Administrator")));
    }

    /** One reconcile of a key, as a worker runs it. */
    Outcome reconcile(String key) {
        return reconciler.reconcile(InstanceKey.parse(key).orElseThrow());
    }

    /** The metrics in the Prometheus text format. */
    String metricsText() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            metrics.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    List<String> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    List<String> events(String reason) {
        return events().stream().filter(e -> e.startsWith(reason + " ")).toList();
    }

    private static Path temporaryDirectory() {
        try {
            Path dir = Files.createTempDirectory("wmco-loop-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String rsaPem() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(g.generateKeyPair().getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
