package io.wmco.it.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.kubernetes.client.openapi.apis.CertificatesV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.wmco.it.support.ClusterFixture;
import io.wmco.it.support.SandboxParts;
import io.wmco.it.support.TestCluster;
import io.wmco.testkit.payload.StandInPayload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory and start-up of the operator at cluster scale (issue #15). The operator runs as its own process
 * ({@code io.wmco.app.Main}, plain Kubernetes, no leader election so that its loops run at once) twice against the
 * same local API server: first with the cluster empty, then after {@link ClusterNoise} filled it with Nodes, CSRs and
 * Secrets/ConfigMaps. Each run: time from process start to {@code /readyz} 200 (every informer listed), then after
 * {@code --settle} seconds of the loops working on what they found: RSS ({@code VmRSS}) and its peak ({@code VmHWM}),
 * heap used and committed ({@code jstat}), the live set after a full GC, and the process's CPU seconds.
 *
 * <pre>
 * --nodes 10000 --windows 1000 --csrs 2000 --noise 2000     what fills the cluster
 * --operator-classpath CP                                   the operator's classpath (default: this JVM's)
 * --java-opts "..."                                         the operator JVM's options (space separated; NAME=value
 *                                                           words set the operator process's environment instead)
 * --settle SECONDS                                          measured this long after ready (5)
 * --jfr DIR                                                 record the populated run with JFR into DIR
 * --compare "OPTS;OPTS"                                     first measure the populated cluster with these JVM
 *                                                           options (one run each), then with --java-opts
 * </pre>
 */
public final class ClusterScaleBench {
    private static final Pattern ENVIRONMENT_WORD = Pattern.compile("([A-Z][A-Z0-9_]*)=(.*)");

    private final TestCluster cluster = ClusterFixture.shared();
    private final CoreV1Api core = new CoreV1Api(cluster.adminClient());
    private final Map<String, String> o;
    private final Path work;
    private int runs;

    record Measurement(double readySeconds, long rssKib, long peakRssKib, long[] heapKib, long liveKib, double cpu) {}

    private ClusterScaleBench(Map<String, String> options) throws Exception {
        this.o = options;
        this.work = Files.createTempDirectory("wmco-cluster-scale-");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        ClusterScaleBench bench = new ClusterScaleBench(o);
        try {
            bench.report();
        } finally {
            SandboxParts.deleteTree(bench.work);
        }
        System.exit(0);
    }

    private int option(String name, int fallback) {
        return Integer.parseInt(o.getOrDefault(name, Integer.toString(fallback)));
    }

    private void report() throws Exception {
        int nodes = option("nodes", 10_000);
        int windows = option("windows", 1_000);
        int csrs = option("csrs", 2_000);
        int noise = option("noise", 2_000);
        say(String.format(
                Locale.ROOT,
                "cluster %s, %d cores, operator JVM options: %s",
                cluster.kind(),
                Runtime.getRuntime().availableProcessors(),
                o.getOrDefault("java-opts", "(none)")));
        Measurement empty = measure("empty cluster", false);
        print("empty cluster", empty);

        ClusterNoise fill = new ClusterNoise(core, new CertificatesV1Api(cluster.adminClient()));
        SandboxParts.ensureNamespace(core, ClusterNoise.NAMESPACE);
        long t0 = System.nanoTime();
        fill.createNodes(nodes, windows);
        fill.createCsrs(csrs);
        fill.createSecretsAndConfigMaps(noise);
        long t1 = System.nanoTime();
        var raw = cluster.adminClient()
                .getHttpClient()
                .newCall(new okhttp3.Request.Builder()
                        .url(cluster.apiServerUrl() + "/api/v1/nodes")
                        .build())
                .execute();
        long listBytes;
        try (raw) {
            listBytes = raw.body().bytes().length;
        }
        double listSeconds = (System.nanoTime() - t1) / 1e9;
        say(String.format(
                Locale.ROOT,
                "filled in %.0f s: %d Nodes (%d Windows), %d CSRs (half approved), %d Secrets/ConfigMaps; "
                        + "the full node list is %.1f MB and took %.2f s to fetch",
                (t1 - t0) / 1e9,
                nodes,
                windows,
                csrs,
                noise,
                listBytes / 1e6,
                listSeconds));
        try {
            String compare = o.getOrDefault("compare", "").trim();
            if (!compare.isEmpty()) {
                for (String other : compare.split(";")) {
                    try {
                        Measurement m = measure(nodes + " nodes", false, other.trim());
                        print(nodes + " nodes, JVM options " + other.trim(), m);
                    } catch (RuntimeException e) {
                        say(nodes + " nodes, JVM options " + other.trim() + ": FAILED: " + e.getMessage());
                    }
                }
            }
            Measurement full = measure(nodes + " nodes", o.containsKey("jfr"));
            print(nodes + " nodes", full);
            System.out.printf(
                    Locale.ROOT,
                    "cluster-scale: rss %d MiB, heap %d MiB, ready %.1f s after start, empty-cluster rss %d MiB%n",
                    full.rssKib() >> 10,
                    full.heapKib()[1] >> 10,
                    full.readySeconds(),
                    empty.rssKib() >> 10);
        } finally {
            fill.deleteAll();
        }
    }

    private Measurement measure(String label, boolean jfr) throws Exception {
        return measure(label, jfr, o.getOrDefault("java-opts", ""));
    }

    private Measurement measure(String label, boolean jfr, String opts) throws Exception {
        int run = ++runs;
        String namespace = "wmco-scale-" + run;
        SandboxParts.ensureNamespace(core, namespace);
        SandboxParts.putKeySecret(core, namespace, SandboxParts.privateKeyPem(SandboxParts.rsaKeyPair()));
        Path kubeconfig = work.resolve("kubeconfig");
        Files.writeString(kubeconfig, cluster.kubeconfigYaml(), UTF_8);
        Path ca = work.resolve("ca.crt");
        Files.write(ca, cluster.caCertificatePem());
        Path payload = work.resolve("payload");
        if (!Files.exists(payload)) {
            StandInPayload.write(payload, 0.002, 1);
        }
        // NAME=value words are the operator process's environment (as a Deployment's env), the rest JVM options
        List<String> javaOptions = new ArrayList<>();
        Map<String, String> environment = new LinkedHashMap<>();
        if (!opts.isBlank()) {
            for (String word : opts.trim().split("\\s+")) {
                Matcher variable = ENVIRONMENT_WORD.matcher(word);
                if (variable.matches()) {
                    environment.put(variable.group(1), variable.group(2));
                } else {
                    javaOptions.add(word);
                }
            }
        }
        Path recording = null;
        if (jfr) {
            recording = Path.of(o.get("jfr")).toAbsolutePath().resolve("cluster-scale-" + run + ".jfr");
            Files.createDirectories(recording.getParent());
            javaOptions.add("-XX:StartFlightRecording=settings=profile,filename=" + recording);
        }
        List<String> flags = List.of(
                "--kubeconfig=" + kubeconfig,
                "--namespace=" + namespace,
                "--payload-dir=" + payload,
                "--operator-version=bench-scale",
                "--leader-elect=false",
                "--platform=none",
                "--service-cidr=10.96.0.0/12",
                "--node-api-server-url=" + cluster.apiServerUrl(),
                "--node-ca-file=" + ca);
        Path log = work.resolve("operator-" + run + ".log");
        String classpath = o.getOrDefault("operator-classpath", System.getProperty("java.class.path"));
        try (OperatorProcess p =
                OperatorProcess.start(environment, javaOptions, classpath, flags, SandboxParts.freePort(), log)) {
            double ready = p.awaitReady(Duration.ofMinutes(3));
            double cpuAtReady = p.cpuSeconds();
            // a measurement window, not synchronisation: the loops work through what the informers delivered
            java.util.concurrent.TimeUnit.SECONDS.sleep(option("settle", 5));
            long rss = p.statusKib("VmRSS");
            long peak = p.statusKib("VmHWM");
            long[] heap = p.heapKib();
            double cpu = p.cpuSeconds();
            if (opts.contains("NativeMemoryTracking")) {
                say(label + ": native memory (committed, jcmd VM.native_memory summary): " + p.nativeMemory());
            }
            p.fullGc();
            long live = p.heapKib()[0];
            say(String.format(
                    Locale.ROOT,
                    "%s: operator CPU %.1f s until ready, %.1f s after %s s more",
                    label,
                    cpuAtReady,
                    cpu,
                    o.getOrDefault("settle", "5")));
            if (recording != null) {
                p.dumpRecording(recording);
                say("flight recording: " + recording + " (jfr print --events jdk.ExecutionSample / "
                        + "jdk.ObjectAllocationSample)");
            }
            return new Measurement(ready, rss, peak, heap, live, cpu);
        } catch (RuntimeException e) {
            System.out.println("---- operator log (last 30 lines) ----");
            List<String> lines = Files.readAllLines(log, UTF_8);
            lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(System.out::println);
            throw e;
        }
    }

    private static void print(String label, Measurement m) {
        say(String.format(
                Locale.ROOT,
                "%-12s ready %5.2f s after start, rss %4d MiB (peak %4d MiB), heap used %4d MiB of %4d MiB "
                        + "committed, live after full GC %4d MiB, cpu %5.1f s",
                label,
                m.readySeconds(),
                m.rssKib() >> 10,
                m.peakRssKib() >> 10,
                m.heapKib()[0] >> 10,
                m.heapKib()[1] >> 10,
                m.liveKib() >> 10,
                m.cpu()));
    }

    private static void say(String s) {
        System.out.println("cluster-scale: " + s);
    }
}
