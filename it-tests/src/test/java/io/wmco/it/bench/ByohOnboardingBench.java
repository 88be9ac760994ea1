package io.wmco.it.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.wmco.adapter.ssh.MinaKeyPairReader;
import io.wmco.app.WindowsMachineConfigOperator;
import io.wmco.app.config.OperatorSettings;
import io.wmco.app.config.SettingsParser;
import io.wmco.it.support.ClusterFixture;
import io.wmco.it.support.SandboxParts;
import io.wmco.it.support.TestCluster;
import io.wmco.ports.remote.SshCredentials;
import io.wmco.testkit.payload.StandInPayload;
import io.wmco.testkit.sim.ClusterNetworkEmulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Onboarding benchmark of issue #5: N simulated hosts (fixed per-command delays, in a separate process) become
 * configured Windows nodes through the operator running in this JVM, so that this JVM's CPU time and heap are the
 * operator's (plus one node list every 100 ms by the benchmark). Each run gets a fresh namespace, hosts and
 * operator; the clock runs from the {@code windows-instances} ConfigMap's creation (operator already synced) until
 * every node is Ready, schedulable and annotated with the operator version.
 *
 * <pre>
 * --sizes 1,10,50            N for the default parallelism and for --parallel-extra
 * --serial-sizes 1,10        N for --max-parallel-configurations=1 (larger N extrapolated linearly, labelled)
 * --parallel-extra 50        one more parallelism measured at the largest N (0: skip)
 * --heartbeat SECONDS        simulated kubelet heartbeat (3)
 * --delays KIND=MS,...       simulated command delays (SERVICE_START=200,FILE_SHA256=100)
 * </pre>
 *
 * <p>Over 300 lines: one run (hosts process, operator, the measured window between them, clean-up) and the report
 * computed from the runs are one experiment read top to bottom; the hosts themselves run in {@link BenchHostsMain}.
 */
public final class ByohOnboardingBench {
    private static final String VERSION = "bench-1";
    private static final int DEFAULT_PARALLEL = 10;

    private final TestCluster cluster = ClusterFixture.shared();
    private final CoreV1Api core = new CoreV1Api(cluster.adminClient());
    private final String id = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36), 36);
    private final Path work;
    private final Path kubeconfig;
    private final Path payload;
    private final Path ca;
    private final String delays;
    private final int heartbeat;
    private int runs;

    /**
     * @param waitSeconds mean per node of the operator's wait phases (wmco_configuration_phase_seconds with a phase
     *     starting "wait-"): the node registering, turning Ready and getting its network annotation, which the
     *     simulated kubelet, kube-controller-manager and the network emulator determine, not the operator
     */
    record Result(
            int n,
            int parallel,
            double wallSeconds,
            long delayPerNodeMs,
            double waitSeconds,
            double cpuSeconds,
            long peakHeapBytes,
            String commands) {
        /** The wall time if the operator cost nothing: the simulated delays of ceil(N/P) nodes one after another. */
        double idealSeconds() {
            return Math.ceil((double) n / parallel) * delayPerNodeMs / 1000.0;
        }

        double overheadPerNode() {
            return (wallSeconds - idealSeconds()) / Math.ceil((double) n / parallel);
        }

        /** Overhead per node without the cluster waits: the operator's own work and scheduling. */
        double operatorOwnPerNode() {
            return overheadPerNode() - waitSeconds;
        }
    }

    private ByohOnboardingBench(String delays, int heartbeat) throws Exception {
        this.delays = delays;
        this.heartbeat = heartbeat;
        work = Files.createTempDirectory("wmco-bench-");
        kubeconfig = work.resolve("kubeconfig");
        Files.writeString(kubeconfig, cluster.kubeconfigYaml(), UTF_8);
        ca = work.resolve("ca.crt");
        Files.write(ca, cluster.caCertificatePem());
        payload = work.resolve("payload");
        StandInPayload.write(payload, 0.002, 1);
    }

    public static void main(String[] args) throws Exception {
        // one line per run is the output; the operator's and simulators' per-step logs would drown it
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.wmco"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        List<Integer> sizes = ints(o.getOrDefault("sizes", "1,10,50"));
        List<Integer> serialSizes = ints(o.getOrDefault("serial-sizes", "1,10"));
        int extra = Integer.parseInt(o.getOrDefault("parallel-extra", "50"));
        String delays = o.getOrDefault("delays", "SERVICE_START=200,FILE_SHA256=100");
        int heartbeat = Integer.parseInt(o.getOrDefault("heartbeat", "3"));
        ByohOnboardingBench bench = new ByohOnboardingBench(delays, heartbeat);
        try {
            bench.report(sizes, serialSizes, extra);
        } finally {
            SandboxParts.deleteTree(bench.work);
        }
        System.exit(0);
    }

    private void report(List<Integer> sizes, List<Integer> serialSizes, int extra) throws Exception {
        int largest = sizes.get(sizes.size() - 1);
        System.out.printf(
                Locale.ROOT,
                "byoh-onboarding: cluster %s, simulated delays %s ms, kubelet heartbeat %d s, " + "%d cores%n",
                cluster.kind(),
                delays,
                heartbeat,
                Runtime.getRuntime().availableProcessors());
        System.out.println("byoh-onboarding: warm-up run (N=2, not counted)");
        run(2, DEFAULT_PARALLEL);
        List<Result> results = new ArrayList<>();
        for (int n : sizes) {
            results.add(print(run(n, DEFAULT_PARALLEL)));
        }
        for (int n : serialSizes) {
            results.add(print(run(n, 1)));
        }
        Result extraRun = null;
        if (extra > 0) {
            extraRun = print(run(largest, extra));
        }
        Result one = find(results, 1, DEFAULT_PARALLEL);
        Result big = find(results, largest, DEFAULT_PARALLEL);
        Result serialBig = find(results, largest, 1);
        double serialWall;
        String serialLabel;
        if (serialBig != null) {
            serialWall = serialBig.wallSeconds();
            serialLabel = "measured";
        } else {
            Result s = results.stream()
                    .filter(r -> r.parallel() == 1)
                    .reduce((a, b) -> b)
                    .orElseThrow();
            serialWall = s.wallSeconds() / s.n() * largest;
            serialLabel = "extrapolated from serial N=" + s.n() + " (" + fmt(s.wallSeconds()) + " s x " + largest + "/"
                    + s.n() + ")";
        }
        System.out.printf(
                Locale.ROOT, "byoh-onboarding: serial N=%d wall %.1f s (%s)%n", largest, serialWall, serialLabel);
        if (extraRun != null) {
            System.out.printf(
                    Locale.ROOT,
                    "byoh-onboarding: with --max-parallel-configurations=%d: N=%d/N=1 wall ratio "
                            + "%.2f, speedup vs serial %.1f%n",
                    extra,
                    largest,
                    extraRun.wallSeconds() / one.wallSeconds(),
                    serialWall / extraRun.wallSeconds());
        }
        System.out.printf(
                Locale.ROOT,
                "byoh-onboarding: N=%d/N=1 wall ratio %.2f, speedup vs serial %.1f%n",
                largest,
                big.wallSeconds() / one.wallSeconds(),
                serialWall / big.wallSeconds());
    }

    private static Result find(List<Result> results, int n, int parallel) {
        return results.stream()
                .filter(r -> r.n() == n && r.parallel() == parallel)
                .findFirst()
                .orElse(null);
    }

    private Result print(Result r) {
        System.out.printf(
                Locale.ROOT,
                "byoh-onboarding: N=%-3d parallel=%-3d wall %7.2f s  ideal %6.2f s  "
                        + "overhead/node %5.2f s (cluster waits %5.2f s, operator %5.2f s)  operator cpu %6.2f s  "
                        + "peak heap %4d MiB  (delays/node %d ms; %s)%n",
                r.n(),
                r.parallel(),
                r.wallSeconds(),
                r.idealSeconds(),
                r.overheadPerNode(),
                r.waitSeconds(),
                r.operatorOwnPerNode(),
                r.cpuSeconds(),
                r.peakHeapBytes() >> 20,
                r.delayPerNodeMs(),
                r.commands());
        return r;
    }

    /** One measured onboarding of {@code n} fresh hosts with this parallelism. */
    private Result run(int n, int parallel) throws Exception {
        int run = ++runs;
        String namespace = "wmco-bench-" + id + "-" + run;
        String prefix = "b" + id + "-" + run + "-";
        SandboxParts.ensureNamespace(core, namespace);
        KeyPair key = SandboxParts.rsaKeyPair();
        String pem = SandboxParts.privateKeyPem(key);
        SandboxParts.putKeySecret(core, namespace, pem);
        Path keyFile = work.resolve("authorized_key-" + run);
        Files.writeString(keyFile, new MinaKeyPairReader().authorizedKeyLine(SshCredentials.ofPem(pem)) + "\n");
        int port = SandboxParts.freePort();
        int subnet = 100 + (run % 150);

        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        String hostsOpts = System.getenv("BENCH_HOSTS_JAVA_OPTS");
        if (hostsOpts != null && !hostsOpts.isBlank()) {
            command.addAll(List.of(hostsOpts.trim().split("\\s+")));
        }
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                BenchHostsMain.class.getName(),
                "--count",
                Integer.toString(n),
                "--first-address",
                "127.0." + subnet + ".10",
                "--port",
                Integer.toString(port),
                "--authorized-key-file",
                keyFile.toString(),
                "--hostname-prefix",
                prefix,
                "--heartbeat",
                Integer.toString(heartbeat),
                "--kubeconfig",
                kubeconfig.toString(),
                "--delays",
                delays));
        Process hosts = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(hosts.getInputStream(), UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            if (line.startsWith("bench-hosts ")) {
                                lines.add(line);
                            }
                        }
                    } catch (java.io.IOException e) {
                        // the process ended
                    }
                },
                "bench-hosts-reader");
        reader.setDaemon(true);
        reader.start();
        Writer toHosts = new OutputStreamWriter(hosts.getOutputStream(), UTF_8);
        WindowsMachineConfigOperator operator = null;
        try {
            expect(lines, "bench-hosts ready", Duration.ofMinutes(2));
            Map<String, String> entries = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                entries.put("127.0." + subnet + "." + (10 + i), "username=Administrator");
            }
            OperatorSettings settings = new SettingsParser(Map.of(), VERSION)
                    .parse(
                            "--namespace=" + namespace,
                            "--payload-dir=" + payload,
                            "--http-port=0",
                            "--metrics-port=0",
                            "--metrics-insecure",
                            "--leader-elect=false",
                            "--ssh-port=" + port,
                            "--platform=none",
                            "--node-api-server-url=" + cluster.apiServerUrl(),
                            "--node-ca-file=" + ca,
                            "--operator-version=" + VERSION,
                            "--service-cidr=10.96.0.0/12",
                            "--max-parallel-configurations=" + parallel);
            ApiClient client = cluster.adminClient();
            client.setReadTimeout(0);
            operator = WindowsMachineConfigOperator.start(settings, client, () -> {});
            long syncDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (!operator.ready()) {
                if (System.nanoTime() > syncDeadline) {
                    throw new IllegalStateException("the operator's caches did not sync within a minute");
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
            System.gc();
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP)
                    .toList();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            SandboxParts.putInstances(core, namespace, entries);
            long deadline = t0 + TimeUnit.MINUTES.toNanos(15);
            while (configured(prefix) < n) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("N=" + n + " parallel=" + parallel + ": only " + configured(prefix)
                            + " nodes configured after 15 minutes");
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            toHosts.write("report\n");
            toHosts.flush();
            String[] report =
                    expect(lines, "bench-hosts report", Duration.ofSeconds(30)).split(" ");
            // bench-hosts report delay-ms <min> <max> commands <n> unknown <u> errors <e> kinds <...>
            long delayMin = Long.parseLong(report[3]);
            long delayMax = Long.parseLong(report[4]);
            String commands = report[6] + " commands, " + report[8] + " unknown, " + report[10] + " emulation errors"
                    + (delayMin != delayMax
                            ? ", delays/node vary " + delayMin + ".." + delayMax + " ms (some hosts "
                                    + "ran steps again; commands by kind: " + report[12] + ")"
                            : "");
            double waits = meanWaitSeconds(operator.metricsPort(), n);
            return new Result(n, parallel, wall, delayMax, waits, cpu, peak, commands);
        } finally {
            if (operator != null) {
                operator.close();
            }
            try {
                toHosts.write("exit\n");
                toHosts.close();
            } catch (java.io.IOException e) {
                // already gone
            }
            if (!hosts.waitFor(30, TimeUnit.SECONDS)) {
                hosts.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            cleanUp(prefix, namespace);
        }
    }

    /** Sum over the wait phases of their total seconds, divided by the nodes: the mean wait per node. */
    private static double meanWaitSeconds(int metricsPort, int n) throws Exception {
        String body = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
        double sum = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "(?m)^wmco_configuration_phase_seconds_sum\\{phase=\"wait-[^\"]*\"\\} (\\S+)$")
                .matcher(body);
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum / n;
    }

    private int configured(String prefix) throws ApiException {
        int count = 0;
        for (V1Node node : core.listNode()
                .labelSelector(ClusterNetworkEmulator.WINDOWS_LABEL_SELECTOR)
                .execute()
                .getItems()) {
            if (node.getMetadata().getName().startsWith(prefix) && SandboxParts.isConfigured(node, VERSION)) {
                count++;
            }
        }
        return count;
    }

    private void cleanUp(String prefix, String namespace) throws ApiException {
        for (V1Node node : core.listNode().execute().getItems()) {
            if (node.getMetadata().getName().startsWith(prefix)) {
                try {
                    core.deleteNode(node.getMetadata().getName()).execute();
                } catch (ApiException e) {
                    // deleted meanwhile
                }
            }
        }
        try {
            core.deleteNamespace(namespace).execute();
        } catch (ApiException e) {
            // stays Terminating without a controller-manager's namespace controller; harmless
        }
    }

    private static String expect(BlockingQueue<String> lines, String prefix, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IllegalStateException("the simulated hosts did not print '" + prefix + "' within " + timeout);
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    private static List<Integer> ints(String csv) {
        return csv.isBlank()
                ? List.of()
                : java.util.Arrays.stream(csv.split(","))
                        .map(String::trim)
                        .map(Integer::parseInt)
                        .toList();
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }
}
