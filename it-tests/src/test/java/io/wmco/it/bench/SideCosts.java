package io.wmco.it.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Request;

/**
 * What each side of the onboarding benchmark costs, apart: the operator (this JVM), the simulated hosts (their own
 * process) and the control plane (etcd, kube-apiserver, kube-controller-manager, children of this JVM when the
 * local cluster runs), read from {@code /proc/<pid>/stat}; and the core split that keeps the simulation off the
 * operator's core ({@code taskset}: the operator on CPU 0, hosts and control plane on the others). Not thread-safe.
 */
final class SideCosts {
    static final Set<String> CONTROL_PLANE = Set.of("etcd", "kube-apiserver", "kube-controller-manager");

    private SideCosts() {}

    /** CPU seconds so far of the operator (this JVM), the hosts process and each control-plane process found. */
    record Sample(double operator, double hosts, Map<String, Double> controlPlane) {
        static Sample take(long hostsPid) throws IOException {
            Map<String, Double> plane = new LinkedHashMap<>();
            for (Map.Entry<String, Long> e : controlPlanePids().entrySet()) {
                plane.put(e.getKey(), OperatorProcess.procCpuSeconds(e.getValue()));
            }
            return new Sample(
                    OperatorProcess.procCpuSeconds(ProcessHandle.current().pid()),
                    OperatorProcess.procCpuSeconds(hostsPid),
                    plane);
        }

        /** This sample minus an earlier one (control-plane processes missing from either count as 0). */
        Sample minus(Sample earlier) {
            Map<String, Double> plane = new LinkedHashMap<>();
            controlPlane.forEach((k, v) -> plane.put(k, v - earlier.controlPlane.getOrDefault(k, v)));
            return new Sample(operator - earlier.operator, hosts - earlier.hosts, plane);
        }

        double controlPlaneTotal() {
            return controlPlane.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
        }
    }

    /**
     * The control-plane processes among this JVM's descendants by executable name (the first of each name; none when
     * the cluster is external or k3s).
     */
    static Map<String, Long> controlPlanePids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        ProcessHandle.current()
                .descendants()
                .forEach(p -> p.info()
                        .command()
                        .map(c -> Path.of(c).getFileName().toString())
                        .filter(CONTROL_PLANE::contains)
                        .ifPresent(name -> pids.putIfAbsent(name, p.pid())));
        return pids;
    }

    /** True when {@code taskset} runs and there are at least two CPUs to split. */
    static boolean splitAvailable() {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            return false;
        }
        try {
            taskset("-p", "-c", Long.toString(ProcessHandle.current().pid()));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The split of this JVM's CPUs: the operator's (the first) and the simulation's (the others), as {@code taskset}
     * lists; {@code all} restores a process afterwards. Read before anything is pinned.
     */
    record Split(String operator, String simulation, String all) {
        static Split of(long pid) throws IOException {
            List<String> cpus = affinity(pid).stream().map(String::valueOf).toList();
            if (cpus.size() < 2) {
                throw new IllegalStateException("a core split needs two CPUs; this JVM may use " + cpus);
            }
            return new Split(cpus.get(0), String.join(",", cpus.subList(1, cpus.size())), String.join(",", cpus));
        }

        int simulationCores() {
            return simulation.split(",").length;
        }
    }

    /** The CPUs a process may run on ({@code taskset -p -c}). */
    static List<Integer> affinity(long pid) throws IOException {
        String out = taskset("-p", "-c", Long.toString(pid));
        String list = out.substring(out.lastIndexOf(':') + 1).trim();
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.split(",")) {
            String[] range = part.trim().split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            for (int c = from; c <= to; c++) {
                cpus.add(c);
            }
        }
        return cpus;
    }

    /** Sets the CPU list of every thread of a process ({@code taskset -a -p -c}); threads started later inherit it. */
    static void pin(long pid, String cpus) throws IOException {
        // taskset walks the threads one by one and fails when one ends meanwhile: try again, a few times
        for (int attempt = 1; ; attempt++) {
            try {
                taskset("-a", "-p", "-c", cpus, Long.toString(pid));
                return;
            } catch (IOException e) {
                if (attempt == 5 || !e.getMessage().contains("No such process")) {
                    throw e;
                }
            }
        }
    }

    private static String taskset(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("taskset"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        return out;
    }

    /**
     * Counts the bytes of the requests a client sends to the API server: request line, headers and bodies as OkHttp
     * wrote them (before HTTP/2 header compression and TLS framing, so an approximation of what is on the wire).
     */
    static final class ApiBytes extends EventListener {
        private final LongAdder sent = new LongAdder();

        long sent() {
            return sent.sum();
        }

        @Override
        public void requestHeadersEnd(Call call, Request request) {
            sent.add(request.method().length()
                    + request.url().toString().length()
                    + 12L
                    + request.headers().byteCount());
        }

        @Override
        public void requestBodyEnd(Call call, long byteCount) {
            sent.add(byteCount);
        }
    }
}
