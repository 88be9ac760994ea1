package io.wmco.it.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.wmco.it.support.ClusterFixture;
import io.wmco.it.support.SandboxParts;
import io.wmco.it.support.TestCluster;
import io.wmco.testkit.payload.StandInPayload;
import io.wmco.testkit.sim.ClusterNetworkEmulator;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox: a local Kubernetes API server (or k3s where Docker runs, as {@link ClusterFixture} chooses), simulated
 * Windows hosts listed in a {@code windows-instances} ConfigMap, the emulated cluster network, and the operator as
 * its own process ({@code io.wmco.app.Main} with the flags an admin would pass). Prints progress until every node is
 * configured, then a kubectl command to try, and runs until Ctrl-C (or exits at once with {@code --exit-when-ready}).
 *
 * <pre>
 * --hosts N                   simulated hosts (3)
 * --work DIR                  kubeconfig, payload and operator.log (it-tests/target/sandbox)
 * --payload DIR               a payload directory to hand to the hosts (the one scripts/build-payload.sh built);
 *                             default: stand-in files at 1% of the real sizes, written under the work directory
 * --operator-classpath CP     classpath of the operator process (default: this JVM's)
 * --heartbeat SECONDS         simulated kubelet heartbeat (2)
 * --ready-timeout SECONDS     give up when the nodes are not configured by then (600)
 * --exit-when-ready           tear down and exit 0 once every node is configured (for tests)
 * </pre>
 * Exit status: 0 on Ctrl-C or when ready with {@code --exit-when-ready}; 1 when the nodes do not become ready or the
 * operator process exits early (its log is printed); 2 on bad arguments.
 *
 * <p>Over 300 lines: start-up, the progress wait and the tear-down that undoes start-up in reverse read best as one
 * script; the reusable pieces are in {@link SandboxParts}.
 */
public final class SandboxMain {
    static final String NAMESPACE = "openshift-windows-machine-config-operator";
    static final String VERSION = "0.1.0-sandbox";
    private static final String KUBECTL =
            System.getProperty("user.home") + "/.kubeapitest/k8s/1.34.4-linux-amd64/kubectl";

    private final List<AutoCloseable> running = new ArrayList<>();
    private volatile boolean stopping;
    private Process operator;
    private Path work;
    private final long started = System.nanoTime();

    private SandboxMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o;
        try {
            o = options(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sandbox: " + e.getMessage());
            System.exit(2);
            return;
        }
        SandboxMain sandbox = new SandboxMain();
        // The operator stops before the cluster does (in the cluster's hook); this hook covers an external cluster.
        ClusterFixture.beforeStop(sandbox::tearDown);
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::tearDown, "wmco-sandbox-teardown"));
        int status;
        try {
            status = sandbox.run(o);
        } catch (Exception e) {
            if (sandbox.stopping) {
                new CountDownLatch(1).await(); // Ctrl-C during start-up: the shutdown hook finishes the exit
            }
            throw e;
        }
        if (status != 0 || o.containsKey("exit-when-ready")) {
            System.exit(status);
        }
        new CountDownLatch(1).await(); // until Ctrl-C: the shutdown hook tears everything down
    }

    private int run(Map<String, String> o) throws Exception {
        int count = Integer.parseInt(o.getOrDefault("hosts", "3"));
        Duration heartbeat = Duration.ofSeconds(Long.parseLong(o.getOrDefault("heartbeat", "2")));
        Duration readyTimeout = Duration.ofSeconds(Long.parseLong(o.getOrDefault("ready-timeout", "600")));
        work = Path.of(o.getOrDefault(
                        "work", Files.isDirectory(Path.of("it-tests")) ? "it-tests/target/sandbox" : "target/sandbox"))
                .toAbsolutePath();
        SandboxParts.deleteTree(work);
        Files.createDirectories(work);

        say(
                "starting the cluster (first start builds PKI and waits for etcd, kube-apiserver, kube-controller-manager)");
        TestCluster cluster = ClusterFixture.shared();
        Path kubeconfig = work.resolve("kubeconfig");
        Files.writeString(kubeconfig, cluster.kubeconfigYaml(), UTF_8);
        Path ca = work.resolve("ca.crt");
        Files.write(ca, cluster.caCertificatePem());
        say("cluster: " + cluster.kind() + " at " + cluster.apiServerUrl() + ", kubeconfig " + kubeconfig);
        ApiClient admin = cluster.adminClient();
        CoreV1Api core = new CoreV1Api(admin);

        Path payload;
        if (o.containsKey("payload")) {
            payload = Path.of(o.get("payload")).toAbsolutePath();
            say("payload: " + payload + " (the simulated hosts keep uploads on disk and check names and hashes)");
        } else {
            payload = work.resolve("payload");
            StandInPayload.write(payload, 0.01, 1);
            say("payload: stand-in Windows binaries (1% of real sizes) in " + payload);
        }

        KeyPair key = SandboxParts.rsaKeyPair();
        SandboxParts.ensureNamespace(core, NAMESPACE);
        SandboxParts.putKeySecret(core, NAMESPACE, SandboxParts.privateKeyPem(key));
        say("namespace " + NAMESPACE + " with Secret " + SandboxParts.KEY_SECRET + " (operator's SSH key)");

        running.add(ClusterNetworkEmulator.start(admin, "10.132.0.0/14", 23, Duration.ofSeconds(1)));
        int sshPort = SandboxParts.freePort();
        Map<String, String> entries = new LinkedHashMap<>();
        Map<String, String> nodeByAddress = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            String address = "127.0.0." + (9 + i);
            String hostname = "win-sandbox-" + i;
            SimulatedWindowsHost host = SimulatedWindowsHost.builder()
                    .bindAddress(address)
                    .port(sshPort)
                    .authorizedKey(key.getPublic())
                    .hostname(hostname)
                    .heartbeatInterval(heartbeat)
                    .start();
            running.add(host);
            entries.put(address, "username=Administrator");
            nodeByAddress.put(address, hostname);
            say("simulated Windows host " + hostname + " on " + address + ":" + sshPort);
        }
        SandboxParts.putInstances(core, NAMESPACE, entries);
        say("ConfigMap " + SandboxParts.INSTANCES + ": " + String.join(", ", entries.keySet()));

        int httpPort = SandboxParts.freePort();
        int metricsPort = SandboxParts.freePort();
        List<String> command = new ArrayList<>(List.of(
                javaBinary(),
                "-Xmx512m",
                "-cp",
                o.getOrDefault("operator-classpath", System.getProperty("java.class.path")),
                "io.wmco.app.Main",
                "--kubeconfig=" + kubeconfig,
                "--namespace=" + NAMESPACE,
                "--payload-dir=" + payload,
                "--operator-version=" + VERSION,
                "--ssh-port=" + sshPort,
                "--http-port=" + httpPort,
                "--metrics-port=" + metricsPort,
                "--platform=none",
                "--service-cidr=10.96.0.0/12",
                "--node-api-server-url=" + cluster.apiServerUrl(),
                "--node-ca-file=" + ca));
        Path log = work.resolve("operator.log");
        operator = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        say("operator: pid " + operator.pid() + ", io.wmco.app.Main "
                + String.join(" ", command.subList(5, command.size())));
        say("operator log: " + log + "; metrics (self-signed certificate): curl -k https://127.0.0.1:" + metricsPort
                + "/metrics");

        if (!awaitConfigured(core, nodeByAddress, readyTimeout)) {
            System.out.println("---- operator log (last 40 lines) ----");
            List<String> lines = Files.readAllLines(log, UTF_8);
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
            return 1;
        }
        say("all " + count + " Windows nodes are Ready. Try:");
        System.out.println();
        System.out.println("  " + (Files.isExecutable(Path.of(KUBECTL)) ? KUBECTL : "kubectl") + " --kubeconfig "
                + kubeconfig + " get nodes -o wide");
        System.out.println();
        if (!o.containsKey("exit-when-ready")) {
            say("running; press Ctrl-C to stop and remove everything");
        }
        return 0;
    }

    /** Prints each node's progress as it changes; true once all are configured, false on timeout or operator exit. */
    private boolean awaitConfigured(CoreV1Api core, Map<String, String> nodeByAddress, Duration timeout)
            throws Exception {
        Map<String, String> shown = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!operator.isAlive()) {
                say("the operator exited with status " + operator.exitValue());
                return false;
            }
            Map<String, V1Node> nodes = new HashMap<>();
            for (V1Node n : core.listNode()
                    .labelSelector(ClusterNetworkEmulator.WINDOWS_LABEL_SELECTOR)
                    .execute()
                    .getItems()) {
                nodes.put(n.getMetadata().getName(), n);
            }
            int done = 0;
            for (Map.Entry<String, String> e : nodeByAddress.entrySet()) {
                V1Node n = nodes.get(e.getValue());
                String state = n == null
                        ? "configuring (no node yet)"
                        : SandboxParts.isConfigured(n, VERSION)
                                ? "Ready"
                                : SandboxParts.isReady(n)
                                        ? "node Ready, operator finishing (labels, annotations)"
                                        : "node registered, not Ready yet";
                if (!state.equals(shown.put(e.getKey(), state))) {
                    say(e.getValue() + " (" + e.getKey() + "): " + state);
                }
                done += "Ready".equals(state) ? 1 : 0;
            }
            if (done == nodeByAddress.size()) {
                return true;
            }
            operator.waitFor(1, TimeUnit.SECONDS); // poll interval, ends early if the operator dies
        }
        say("timed out after " + timeout.toSeconds() + " s waiting for the nodes");
        return false;
    }

    private synchronized void tearDown() {
        if (stopping) {
            return;
        }
        stopping = true;
        // the cluster stops right after this: silence the simulators' complaints about it
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.wmco.testkit.sim"))
                .setLevel(ch.qos.logback.classic.Level.OFF);
        System.out.println();
        say("stopping: operator (SIGTERM), simulated hosts, network emulator, then the cluster");
        // The operator first, while the API server still answers: it gives up its Lease and stops its informers
        // cleanly instead of failing to reach a cluster that is already gone.
        if (operator != null && operator.isAlive()) {
            operator.destroy();
            try {
                if (!operator.waitFor(20, TimeUnit.SECONDS)) {
                    operator.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                operator.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        List<AutoCloseable> order = new ArrayList<>(running);
        java.util.Collections.reverse(order);
        for (AutoCloseable c : order) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("sandbox: closing " + c + " failed: " + e.getMessage());
            }
        }
        if (work != null) {
            SandboxParts.deleteTree(work.resolve("payload"));
            try {
                Files.deleteIfExists(work.resolve("kubeconfig"));
            } catch (java.io.IOException e) {
                System.err.println("sandbox: " + e.getMessage());
            }
        }
    }

    private void say(String message) {
        System.out.printf(Locale.ROOT, "[sandbox %5.1fs] %s%n", (System.nanoTime() - started) / 1e9, message);
        System.out.flush();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        List<String> valued = List.of("hosts", "work", "payload", "operator-classpath", "heartbeat", "ready-timeout");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--exit-when-ready")) {
                o.put(a.substring(2), "true");
                continue;
            }
            String name = a.startsWith("--") ? a.substring(2) : "";
            if (!valued.contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException(
                        "unexpected argument '" + a + "'; accepted: --hosts N, --work DIR, --payload DIR, "
                                + "--operator-classpath CP, --heartbeat SECONDS, --ready-timeout SECONDS, --exit-when-ready");
            }
            o.put(name, args[++i]);
        }
        for (String n : List.of("hosts", "heartbeat", "ready-timeout")) {
            if (o.containsKey(n) && !o.get(n).matches("[1-9][0-9]{0,3}")) {
                throw new IllegalArgumentException(
                        "--" + n + " must be a positive whole number; got '" + o.get(n) + "'");
            }
        }
        if (Integer.parseInt(o.getOrDefault("hosts", "3")) > 200) {
            throw new IllegalArgumentException("--hosts must be at most 200 (addresses 127.0.0.10 upwards)");
        }
        return o;
    }
}
