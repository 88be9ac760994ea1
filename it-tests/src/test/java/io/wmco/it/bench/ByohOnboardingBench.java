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
 * <p>What belongs to the operator (issue #15): each run also reports, over the same window, the CPU seconds of the
 * operator (this JVM), of the hosts process and of each control-plane process (etcd, kube-apiserver,
 * kube-controller-manager, from {@code /proc/<pid>/stat}), the file content and command bytes the hosts received
 * over SSH (counted where they arrive, so a packed transfer counts its packed size) and the API request bytes the
 * operator's client wrote. The operator-only figures come from two more runs (N=1 and the largest N, default
 * parallelism) with the cores split by {@code taskset}: the operator JVM alone on the first CPU, hosts and control
 * plane on the others, each side's busy share of its cores printed. The simulation then cannot take the operator's
 * CPU; whether the operator's core was the bottleneck shows in its busy share. Chosen over a calibrated no-op
 * baseline because the baseline would subtract a second, differently loaded run; the split measures one run as it
 * is. Load from outside this benchmark still competes, so the load averages are printed. The hosts process warms
 * its SSH server (a few connections to one extra host) before it reports ready, so the first connection of a run
 * does not pay the simulation's cold JVM ({@code --warm-hosts false}: as before).
 *
 * <pre>
 * --sizes 1,10,50            N for the default parallelism and for --parallel-extra
 * --serial-sizes 1,10        N for --max-parallel-configurations=1 (larger N extrapolated linearly, labelled; empty:
 *                            no serial runs, speedup n/a)
 * --parallel-extra 50        one more parallelism measured at the largest N (0: skip)
 * --split true               the two core-split runs for the operator-only line (false: skip, or when taskset or a
 *                            second CPU is missing; the line then uses the shared-core runs and says so)
 * --heartbeat SECONDS        simulated kubelet heartbeat (3)
 * --delays KIND=MS,...       simulated command delays (SERVICE_START=200,FILE_SHA256=100)
 * --payload-scale S          stand-in payload at S x the real sizes (0.002; 1.0 = real sizes, ~400 MB)
 * --payload-dir DIR          a built payload instead (e.g. ~/.cache/wmco/payload/assembled/ID), used in place
 * --log-level LEVEL          the operator's and simulators' log level (WARN; INFO shows each step with times)
 * --warm-hosts true          warm the hosts JVM's SSH server before each run's clock starts
 * </pre>
 *
 * <p>Over 300 lines: one run (hosts process, operator, core split, the measured window between them, clean-up) and
 * the report computed from the runs (per run, per side, per phase) are one experiment read top to bottom; the hosts
 * run in {@link BenchHostsMain}, the per-side CPU, pinning and byte counting live in {@link SideCosts}.
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
    private final long payloadBytes;
    private final String logLevel;
    private final SideCosts.Split cores;
    private final boolean warmHosts;
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
            String commands,
            boolean split,
            SideCosts.Sample cpu,
            long sftpBytes,
            long commandBytes,
            long apiBytes,
            Map<String, Double> phases) {
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

        /** Bytes the hosts received over SSH (file content and command lines), per node. */
        double sshBytesPerNode() {
            return (double) (sftpBytes + commandBytes) / n;
        }
    }

    private ByohOnboardingBench(
            String delays, int heartbeat, double scale, Path payloadDir, String logLevel, boolean warmHosts)
            throws Exception {
        this.warmHosts = warmHosts;
        this.delays = delays;
        this.heartbeat = heartbeat;
        this.logLevel = logLevel;
        this.cores = SideCosts.splitAvailable()
                ? SideCosts.Split.of(ProcessHandle.current().pid())
                : null;
        work = Files.createTempDirectory("wmco-bench-");
        kubeconfig = work.resolve("kubeconfig");
        Files.writeString(kubeconfig, cluster.kubeconfigYaml(), UTF_8);
        ca = work.resolve("ca.crt");
        Files.write(ca, cluster.caCertificatePem());
        if (payloadDir != null) {
            if (!Files.isRegularFile(payloadDir.resolve(io.wmco.domain.payload.PayloadFiles.MANIFEST))) {
                throw new IllegalArgumentException("--payload-dir " + payloadDir + " holds no "
                        + io.wmco.domain.payload.PayloadFiles.MANIFEST + ": give a built payload's directory");
            }
            payload = payloadDir;
        } else {
            payload = work.resolve("payload");
            StandInPayload.write(payload, scale, 1);
        }
        try (var files = Files.list(payload)) {
            payloadBytes = files.filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        }
    }

    public static void main(String[] args) throws Exception {
        // one line per run is the output; the operator's and simulators' per-step logs would drown it
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String logLevel = o.getOrDefault("log-level", "WARN");
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.wmco"))
                .setLevel(ch.qos.logback.classic.Level.toLevel(logLevel, ch.qos.logback.classic.Level.WARN));
        List<Integer> sizes = ints(o.getOrDefault("sizes", "1,10,50"));
        List<Integer> serialSizes = ints(o.getOrDefault("serial-sizes", "1,10"));
        int extra = Integer.parseInt(o.getOrDefault("parallel-extra", "50"));
        String delays = o.getOrDefault("delays", "SERVICE_START=200,FILE_SHA256=100");
        int heartbeat = Integer.parseInt(o.getOrDefault("heartbeat", "3"));
        double scale = Double.parseDouble(o.getOrDefault("payload-scale", "0.002"));
        Path payloadDir = o.containsKey("payload-dir") ? Path.of(o.get("payload-dir")) : null;
        boolean split = Boolean.parseBoolean(o.getOrDefault("split", "true"));
        int status = 0;
        boolean warmHosts = Boolean.parseBoolean(o.getOrDefault("warm-hosts", "true"));
        ByohOnboardingBench bench = new ByohOnboardingBench(delays, heartbeat, scale, payloadDir, logLevel, warmHosts);
        try {
            bench.report(sizes, serialSizes, extra, split);
        } catch (Exception e) {
            // the cluster's threads would keep the JVM alive: say what failed and end
            System.err.println("byoh-onboarding: failed: " + e);
            e.printStackTrace();
            status = 1;
        } finally {
            SandboxParts.deleteTree(bench.work);
        }
        System.exit(status);
    }

    private void report(List<Integer> sizes, List<Integer> serialSizes, int extra, boolean split) throws Exception {
        int largest = sizes.get(sizes.size() - 1);
        if (!sizes.contains(1)) {
            throw new IllegalArgumentException("--sizes must include 1 (the ratios are against N=1); got " + sizes);
        }
        System.out.printf(
                Locale.ROOT,
                "byoh-onboarding: cluster %s, simulated delays %s ms, kubelet heartbeat %d s, %d cores, payload %.1f MB"
                        + " (%s), hosts JVM warmed: %s%n",
                cluster.kind(),
                delays,
                heartbeat,
                Runtime.getRuntime().availableProcessors(),
                payloadBytes / 1e6,
                payload.startsWith(work) ? "stand-in" : payload,
                warmHosts);
        System.out.println("byoh-onboarding: warm-up run (N=2, not counted)");
        run(2, DEFAULT_PARALLEL, false);
        List<Result> results = new ArrayList<>();
        for (int n : sizes) {
            results.add(print(run(n, DEFAULT_PARALLEL, false)));
        }
        for (int n : serialSizes) {
            results.add(print(run(n, 1, false)));
        }
        Result extraRun = null;
        if (extra > 0) {
            extraRun = print(run(largest, extra, false));
        }
        Result one = find(results, 1, DEFAULT_PARALLEL);
        Result big = find(results, largest, DEFAULT_PARALLEL);
        boolean splitRuns = split && cores != null;
        Result splitOne = one;
        Result splitBig = big;
        if (splitRuns) {
            System.out.printf(
                    Locale.ROOT,
                    "byoh-onboarding: core split: operator on CPU %s, hosts and control plane (%s) on CPU %s%n",
                    cores.operator(),
                    String.join(", ", SideCosts.controlPlanePids().keySet()),
                    cores.simulation());
            splitOne = print(run(1, DEFAULT_PARALLEL, true));
            splitBig = largest == 1 ? splitOne : print(run(largest, DEFAULT_PARALLEL, true));
        } else {
            System.out.println(
                    "byoh-onboarding: no core split (--split false, no taskset or one CPU): the operator-only"
                            + " line uses the shared-core runs, so the simulation's CPU is charged to it");
        }
        Result serialBig = find(results, largest, 1);
        Result serialLast = results.stream()
                .filter(r -> r.parallel() == 1)
                .reduce((a, b) -> b)
                .orElse(null);
        double serialWall = Double.NaN;
        if (serialBig != null) {
            serialWall = serialBig.wallSeconds();
            System.out.printf(
                    Locale.ROOT, "byoh-onboarding: serial N=%d wall %.1f s (measured)%n", largest, serialWall);
        } else if (serialLast != null) {
            Result s = serialLast;
            serialWall = s.wallSeconds() / s.n() * largest;
            System.out.printf(
                    Locale.ROOT,
                    "byoh-onboarding: serial N=%d wall %.1f s (extrapolated from serial N=%d (%s s x %d/%d))%n",
                    largest,
                    serialWall,
                    s.n(),
                    fmt(s.wallSeconds()),
                    largest,
                    s.n());
        }
        if (extraRun != null) {
            System.out.printf(
                    Locale.ROOT,
                    "byoh-onboarding: with --max-parallel-configurations=%d: N=%d/N=1 wall ratio "
                            + "%.2f, speedup vs serial %s%n",
                    extra,
                    largest,
                    extraRun.wallSeconds() / one.wallSeconds(),
                    Double.isNaN(serialWall) ? "n/a" : fmt(serialWall / extraRun.wallSeconds()));
        }
        System.out.printf(
                Locale.ROOT,
                "byoh-onboarding: N=%d/N=1 wall ratio %.2f, speedup vs serial %s%n",
                largest,
                big.wallSeconds() / one.wallSeconds(),
                Double.isNaN(serialWall) ? "n/a" : fmt(serialWall / big.wallSeconds()));
        System.out.printf(
                Locale.ROOT,
                "byoh-onboarding: operator-only N=%d/N=1 ratio %.2f, cpu-s per node %.3f, overhead per node N=1 %.2f s%n",
                largest,
                splitBig.wallSeconds() / splitOne.wallSeconds(),
                splitBig.cpu().operator() / splitBig.n(),
                splitOne.overheadPerNode());
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
        SideCosts.Sample c = r.cpu();
        int all = Runtime.getRuntime().availableProcessors();
        // split: the operator has one CPU, the simulation the rest; shared: every side could use every CPU
        int operatorCores = r.split() ? 1 : all;
        int simulationCores = r.split() ? cores.simulationCores() : all;
        double sent = r.sftpBytes() + r.commandBytes();
        System.out.printf(
                Locale.ROOT,
                "byoh-onboarding:   %s cpu: operator %.2f s (%.0f%% of %d core%s), hosts %.2f s, control plane %.2f s"
                        + " (%s), simulation side %.0f%% of %d core%s; ssh to hosts %s/node (file content %s + commands"
                        + " %s), api requests %s/node; operator cpu-s per GB sent %.1f; load %s%n",
                r.split() ? "[core split]" : "[shared cores]",
                c.operator(),
                100 * c.operator() / r.wallSeconds() / operatorCores,
                operatorCores,
                operatorCores == 1 ? "" : "s",
                c.hosts(),
                c.controlPlaneTotal(),
                c.controlPlane().isEmpty()
                        ? "not local processes"
                        : String.join(
                                ", ",
                                c.controlPlane().entrySet().stream()
                                        .map(e -> e.getKey() + " " + fmt2(e.getValue()))
                                        .toList()),
                100 * (c.hosts() + c.controlPlaneTotal()) / r.wallSeconds() / simulationCores,
                simulationCores,
                simulationCores == 1 ? "" : "s",
                size(sent / r.n()),
                size((double) r.sftpBytes() / r.n()),
                size((double) r.commandBytes() / r.n()),
                size((double) r.apiBytes() / r.n()),
                sent > 0 ? c.operator() / (sent / 1e9) : Double.NaN,
                loadAverage());
        double inPhases =
                r.phases().values().stream().mapToDouble(Double::doubleValue).sum();
        System.out.printf(
                Locale.ROOT,
                "byoh-onboarding:   phases (s per node): %s; outside the plan's steps %.2f s (connect, token, queue,"
                        + " the benchmark's 100 ms node poll)%n",
                String.join(
                        ", ",
                        r.phases().entrySet().stream()
                                .limit(8)
                                .map(e -> e.getKey() + " " + fmt2(e.getValue() / r.n()))
                                .toList()),
                (r.wallSeconds() * Math.min(r.parallel(), r.n()) - inPhases) / r.n());
        return r;
    }

    private static String size(double bytes) {
        if (bytes >= 1e6) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1e3);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "n/a";
        }
    }

    /**
     * One measured onboarding of {@code n} fresh hosts with this parallelism; {@code split}: the operator (this JVM)
     * on the first CPU, the hosts process and the control plane on the others, for this run only.
     */
    private Result run(int n, int parallel, boolean split) throws Exception {
        requireDisk(n);
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

        List<String> command = new ArrayList<>();
        if (split) {
            command.addAll(List.of("taskset", "-c", cores.simulation()));
        }
        command.addAll(
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
                delays,
                "--log-level",
                logLevel,
                "--warm-up",
                Boolean.toString(warmHosts)));
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
        long self = ProcessHandle.current().pid();
        Map<String, Long> plane = SideCosts.controlPlanePids();
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
            SideCosts.ApiBytes api = new SideCosts.ApiBytes();
            client.setHttpClient(
                    client.getHttpClient().newBuilder().eventListener(api).build());
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
            if (split) {
                SideCosts.pin(self, cores.operator());
                for (long pid : plane.values()) {
                    SideCosts.pin(pid, cores.simulation());
                }
            }
            long cpu0 = os.getProcessCpuTime();
            SideCosts.Sample before = SideCosts.Sample.take(hosts.pid());
            long api0 = api.sent();
            long t0 = System.nanoTime();
            org.slf4j.LoggerFactory.getLogger(ByohOnboardingBench.class).debug("N={}: instances ConfigMap created", n);
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
            SideCosts.Sample costs = SideCosts.Sample.take(hosts.pid()).minus(before);
            long apiSent = api.sent() - api0;
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            toHosts.write("report\n");
            toHosts.flush();
            String[] report =
                    expect(lines, "bench-hosts report", Duration.ofSeconds(30)).split(" ");
            // bench-hosts report delay-ms <min> <max> commands <n> unknown <u> errors <e> sftp-bytes <s>
            // command-bytes <c> kinds <...>
            long delayMin = Long.parseLong(report[3]);
            long delayMax = Long.parseLong(report[4]);
            String commands = report[6] + " commands, " + report[8] + " unknown, " + report[10] + " emulation errors"
                    + (delayMin != delayMax
                            ? ", delays/node vary " + delayMin + ".." + delayMax + " ms (some hosts "
                                    + "ran steps again; commands by kind: " + (report.length > 16 ? report[16] : "")
                                    + ")"
                            : "");
            Map<String, Double> phases = phaseSeconds(operator.metricsPort());
            double waits = phases.entrySet().stream()
                            .filter(e -> e.getKey().startsWith("wait-"))
                            .mapToDouble(Map.Entry::getValue)
                            .sum()
                    / n;
            return new Result(
                    n,
                    parallel,
                    wall,
                    delayMax,
                    waits,
                    cpu,
                    peak,
                    commands,
                    split,
                    costs,
                    Long.parseLong(report[12]),
                    Long.parseLong(report[14]),
                    apiSent,
                    phases);
        } finally {
            if (split) {
                SideCosts.pin(self, cores.all());
                for (long pid : plane.values()) {
                    SideCosts.pin(pid, cores.all());
                }
            }
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

    /** Seconds per phase of wmco_configuration_phase_seconds, summed over the run's nodes, largest first. */
    private static Map<String, Double> phaseSeconds(int metricsPort) throws Exception {
        String body = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
        Map<String, Double> phases = new java.util.HashMap<>();
        // "total" (and "total-reboot") is the whole configuration, not a phase of it
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "(?m)^wmco_configuration_phase_seconds_sum\\{phase=\"([^\"]*)\"\\} (\\S+)$")
                .matcher(body);
        while (m.find()) {
            if (m.group(1).startsWith("total")) {
                continue;
            }
            phases.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
        }
        Map<String, Double> sorted = new LinkedHashMap<>();
        phases.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
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

    private static String fmt2(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    /** Refuses a run whose uploads (N copies of the payload, on the hosts' temporary drives) would fill the disk. */
    private void requireDisk(int n) throws java.io.IOException {
        long usable = Files.getFileStore(Path.of(System.getProperty("java.io.tmpdir")))
                .getUsableSpace();
        long needed = n * payloadBytes + (2L << 30);
        if (usable < needed) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "N=%d needs %.1f GB free in java.io.tmpdir (the hosts store N copies of the %.0f MB payload, plus"
                            + " 2 GB of margin) but %.1f GB are: free space, or lower N or --payload-scale",
                    n,
                    needed / 1e9,
                    payloadBytes / 1e6,
                    usable / 1e9));
        }
    }
}
