package io.wmco.it.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator ({@code io.wmco.app.Main}) as its own process, as an admin runs it, and what the kernel and the JVM say
 * about it: resident memory and CPU from {@code /proc/<pid>}, heap from {@code jstat -gc} (young + old generation,
 * used and committed), the live set from {@code jcmd GC.run} followed by {@code jstat}. Not thread-safe.
 */
final class OperatorProcess implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final Process process;
    private final int httpPort;
    private final long startedNanos;
    private final Path log;

    private OperatorProcess(Process process, int httpPort, long startedNanos, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.startedNanos = startedNanos;
        this.log = log;
    }

    /** @param environment variables added to this JVM's environment for the operator process (e.g. glibc's) */
    static OperatorProcess start(
            Map<String, String> environment,
            List<String> javaOptions,
            String classpath,
            List<String> flags,
            int httpPort,
            Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", classpath, "io.wmco.app.Main"));
        command.addAll(flags);
        command.add("--http-port=" + httpPort);
        command.add("--metrics-port=0");
        long t0 = System.nanoTime();
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process p = builder.start();
        return new OperatorProcess(p, httpPort, t0, log);
    }

    long pid() {
        return process.pid();
    }

    /** Polls {@code /readyz} every 20 ms; the seconds from process start to the first 200. */
    double awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/readyz"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the operator exited with " + process.exitValue() + "; log: " + log);
            }
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - startedNanos) / 1e9;
                }
            } catch (IOException e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException("the operator was not ready within " + timeout + "; log: " + log);
    }

    /** A {@code /proc/<pid>/status} figure in KiB ({@code VmRSS}, {@code VmHWM}). */
    long statusKib(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"), UTF_8)) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/" + pid() + "/status");
    }

    /** User + system CPU seconds of the whole process so far. */
    double cpuSeconds() throws IOException {
        return procCpuSeconds(pid());
    }

    /** User + system CPU seconds of any process (fields 14 and 15 of {@code /proc/<pid>/stat}). */
    static double procCpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), UTF_8);
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state); utime is field 14, stime field 15
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) TICKS_PER_SECOND;
    }

    /** {used, committed} heap in KiB: survivor + eden + old generation of {@code jstat -gc}. */
    long[] heapKib() throws Exception {
        List<String> out = run("jstat", "-gc", Long.toString(pid()));
        String[] head = out.get(0).trim().split("\\s+");
        String[] vals = out.get(1).trim().split("\\s+");
        double used = 0;
        double committed = 0;
        for (int i = 0; i < head.length; i++) {
            switch (head[i]) {
                case "S0U", "S1U", "EU", "OU" -> used += Double.parseDouble(vals[i]);
                case "S0C", "S1C", "EC", "OC" -> committed += Double.parseDouble(vals[i]);
                default -> {}
            }
        }
        return new long[] {(long) used, (long) committed};
    }

    /**
     * The committed memory of each category of {@code jcmd VM.native_memory summary} over 1 MiB, e.g. "Java Heap 192,
     * Class 45, Thread 20, Code 12, GC 3, ..." (MiB); needs {@code -XX:NativeMemoryTracking=summary}.
     */
    String nativeMemory() throws Exception {
        java.util.regex.Pattern line =
                java.util.regex.Pattern.compile("^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)");
        List<String> parts = new ArrayList<>();
        for (String l : run("jcmd", Long.toString(pid()), "VM.native_memory", "summary")) {
            java.util.regex.Matcher m = line.matcher(l.trim());
            if (l.trim().startsWith("Total: ")) {
                parts.add(0, "total " + (Long.parseLong(l.replaceAll(".*committed=(\\d+)KB.*", "$1")) >> 10));
            } else if (m.find() && Long.parseLong(m.group(2)) >= 1024) {
                parts.add(m.group(1).trim() + " " + (Long.parseLong(m.group(2)) >> 10));
            }
        }
        return String.join(", ", parts);
    }

    /** A full collection ({@code jcmd GC.run}), after which {@link #heapKib()} shows the live set. */
    void fullGc() throws Exception {
        run("jcmd", Long.toString(pid()), "GC.run");
    }

    /** Dumps the flight recording started with {@code -XX:StartFlightRecording} into {@code file}. */
    void dumpRecording(Path file) throws Exception {
        run("jcmd", Long.toString(pid()), "JFR.dump", "filename=" + file);
    }

    private static List<String> run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    /** SIGTERM, then a kill after 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
