package io.wmco.adapter.ssh.bench;

import io.wmco.adapter.ssh.InMemoryHostKeyStore;
import io.wmco.adapter.ssh.MinaSshConnector;
import io.wmco.adapter.ssh.OpenSshServer;
import io.wmco.adapter.ssh.RemoteFileDialect;
import io.wmco.adapter.ssh.SshSettings;
import io.wmco.adapter.ssh.TestFiles;
import io.wmco.domain.payload.PackedForms;
import io.wmco.domain.plan.StepOverlap;
import io.wmco.ports.remote.HostEndpoint;
import io.wmco.ports.remote.LocalFile;
import io.wmco.ports.remote.RemoteHost;
import io.wmco.ports.remote.SshCredentials;
import io.wmco.ports.remote.UploadResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real payload (one new node, N=1) sent to a real OpenSSH sshd on loopback several ways in one run: raw and
 * packed with the adapter (packed: the packed forms where the domain's rule takes them), each one file at a time and
 * with {@link StepOverlap#TRANSFER_WINDOW} files in flight on one connection as the operator's plan runner sends them,
 * OpenSSH {@code scp} of the raw files (one connection, all files), and the packed upload again (every file already
 * there: 0 bytes). Each way writes to a fresh remote directory, as for a new node; one raw warm-up round first (page
 * cache, JIT). The last line's adapter figures are the operator's way: packed, {@code TRANSFER_WINDOW} in flight.
 * Not a test: run it through {@code bench/payload-transfer}.
 *
 * <p>Figures: bytes on the wire per new node are the adapter's {@code UploadResult.bytesSent} summed over the packed
 * upload; "upload vs scp" is the payload bytes per second of the packed upload, remote verification included, over
 * scp's payload bytes per second of the raw files; CPU seconds are user + system from {@code /proc} of this JVM
 * (the adapter) or of the reaped scp processes, plus the sshd listener and its per-connection children, per GB
 * (10^9 bytes) of raw payload.
 *
 * <p>The sshd's sessions get an empty {@code HOME}: bash sources {@code ~/.bashrc} for every command sshd runs, and
 * a heavy profile (this machine's root: pyenv, ~0.23 CPU-s a command) would be charged to the adapter's per-file
 * commands while scp runs one session; Windows hosts get PowerShell with {@code -NoProfile}.
 *
 * <p>Arguments: {@code payloadDir}.
 */
public final class PayloadTransferBench {
    private PayloadTransferBench() {}

    private record Item(String name, Path raw, long size, String sha256, Optional<Path> packed) {}

    private record Run(long nanos, long bytes, double clientCpu, double serverCpu) {}

    public static void main(String[] args) throws Exception {
        Path payload = Path.of(args[0]);
        List<Item> items = items(payload);
        long rawTotal = items.stream().mapToLong(Item::size).sum();
        System.out.printf(Locale.ROOT, "payload %s: %d files, %d bytes raw%n", payload, items.size(), rawTotal);
        long packedOnDisk = 0;
        for (Item i : items) {
            long p = i.packed().isPresent() ? Files.size(i.packed().get()) : i.size();
            packedOnDisk += p;
            System.out.printf(
                    Locale.ROOT,
                    "  %-32s %11d raw %11d sent %s ratio %.3f%n",
                    i.name(),
                    i.size(),
                    p,
                    i.packed().isPresent() ? "packed" : "raw   ",
                    (double) p / i.size());
        }
        System.out.printf(
                Locale.ROOT,
                "  packed forms as chosen: %d bytes, ratio %.3f%n",
                packedOnDisk,
                (double) packedOnDisk / rawTotal);
        Path remote = Files.createTempDirectory("wmco-bench-payload-");
        try (OpenSshServer sshd = OpenSshServer.startWithEmptyHome()) {
            Path key = sshd.newClientKey("bench", "-t", "ed25519");
            sshd.authorize(key);
            HostEndpoint endpoint = new HostEndpoint("127.0.0.1", sshd.port(), sshd.user());
            SshCredentials credentials = new SshCredentials(Files.readAllBytes(key));
            SshSettings settings = SshSettings.defaults().withDialect(RemoteFileDialect.POSIX);
            try (MinaSshConnector connector = new MinaSshConnector(settings, new InMemoryHostKeyStore())) {
                int window = StepOverlap.TRANSFER_WINDOW;
                String inFlight = window + " in flight";
                Run warm = adapter(connector, endpoint, credentials, items, dir(remote, "warm-up"), false, 1, sshd);
                Run raw = adapter(connector, endpoint, credentials, items, dir(remote, "raw"), false, 1, sshd);
                Run rawOverlap =
                        adapter(connector, endpoint, credentials, items, dir(remote, "raw-w"), false, window, sshd);
                Run packedSerial =
                        adapter(connector, endpoint, credentials, items, dir(remote, "packed-1"), true, 1, sshd);
                Run packed =
                        adapter(connector, endpoint, credentials, items, dir(remote, "packed"), true, window, sshd);
                Run scp = scp(sshd, key, items, dir(remote, "scp"));
                Run again =
                        adapter(connector, endpoint, credentials, items, remote.resolve("packed"), true, window, sshd);
                report("warm-up (raw, adapter)", warm, rawTotal);
                report("raw, adapter, serial", raw, rawTotal);
                report("raw, adapter, " + inFlight, rawOverlap, rawTotal);
                report("packed, adapter, serial", packedSerial, rawTotal);
                report("packed, adapter, " + inFlight, packed, rawTotal);
                report("raw, openssh scp", scp, rawTotal);
                report("packed again, adapter", again, rawTotal);
                double gb = rawTotal / 1e9;
                System.out.printf(Locale.ROOT, "load average: %s", Files.readString(Path.of("/proc/loadavg")));
                System.out.printf(
                        Locale.ROOT,
                        "upload vs scp: raw serial %.2f, raw %s %.2f, packed serial %.2f; cpu-s per GB raw adapter"
                                + " %.2f%n",
                        (double) scp.nanos() / raw.nanos(),
                        inFlight,
                        (double) scp.nanos() / rawOverlap.nanos(),
                        (double) scp.nanos() / packedSerial.nanos(),
                        (raw.clientCpu() + raw.serverCpu()) / gb);
                System.out.printf(
                        Locale.ROOT,
                        "payload-transfer: bytes on wire per new node %d, raw payload %d, ratio %.3f, upload vs scp"
                                + " %.2f, cpu-s per GB %.2f (openssh %.2f)%n",
                        packed.bytes(),
                        rawTotal,
                        (double) packed.bytes() / rawTotal,
                        (double) scp.nanos() / packed.nanos(),
                        (packed.clientCpu() + packed.serverCpu()) / gb,
                        (scp.clientCpu() + scp.serverCpu()) / gb);
            }
        } finally {
            try (Stream<Path> files = Files.walk(remote)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The payload's files (from its manifest, else every regular file) with the packed forms the operator uses. */
    private static List<Item> items(Path dir) throws IOException {
        List<Item> out = new ArrayList<>();
        Path manifest = dir.resolve("payload-manifest.tsv");
        List<String> names = new ArrayList<>();
        if (Files.isRegularFile(manifest)) {
            for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.split("\t")[0]);
                }
            }
        } else {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(Files::isRegularFile)
                        .forEach(p -> names.add(p.getFileName().toString()));
            }
        }
        for (String name : names) {
            Path raw = dir.resolve(name);
            String sha = TestFiles.sha256(raw);
            long size = Files.size(raw);
            Path packed = dir.resolve(PackedForms.relativePath(name));
            Path record = dir.resolve(PackedForms.hashPath(name));
            Optional<Path> use = Files.isRegularFile(packed)
                            && Files.isRegularFile(record)
                            && Files.readString(record).strip().equals(sha)
                            && PackedForms.worthSending(size, Files.size(packed))
                    ? Optional.of(packed)
                    : Optional.empty();
            out.add(new Item(name, raw, size, sha, use));
        }
        return out;
    }

    private static Path dir(Path remote, String name) throws IOException {
        return Files.createDirectories(remote.resolve(name));
    }

    private static Run adapter(
            MinaSshConnector connector,
            HostEndpoint endpoint,
            SshCredentials credentials,
            List<Item> items,
            Path target,
            boolean packed,
            int window,
            OpenSshServer sshd)
            throws InterruptedException, ExecutionException {
        double client0 = Cpu.self();
        double server0 = Cpu.of(sshd.processIds());
        long start = System.nanoTime();
        long bytes = 0;
        // A fixed pool of `window` threads on one connection keeps at most `window` uploads in flight, started in
        // payload order, as the plan runner's overlapped transfers do.
        ExecutorService pool = Executors.newFixedThreadPool(window);
        try (RemoteHost host = connector.connect(endpoint, credentials)) {
            List<Future<UploadResult>> results = new ArrayList<>();
            for (Item i : items) {
                LocalFile file = new LocalFile(i.raw(), packed ? i.packed() : Optional.empty());
                String to = target.resolve(i.name()).toString();
                results.add(pool.submit(() -> host.uploadIfChanged(file, i.sha256(), to)));
            }
            for (Future<UploadResult> r : results) {
                bytes += r.get().bytesSent();
            }
        } finally {
            pool.shutdownNow();
        }
        long nanos = System.nanoTime() - start;
        return new Run(nanos, bytes, Cpu.self() - client0, Cpu.of(sshd.processIds()) - server0);
    }

    private static Run scp(OpenSshServer sshd, Path key, List<Item> items, Path target)
            throws IOException, InterruptedException {
        List<String> command =
                sshd.scpCommand(key, items.stream().map(Item::raw).toList(), target + "/");
        double client0 = Cpu.children();
        double server0 = Cpu.of(sshd.processIds());
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("scp failed: " + out);
        }
        long nanos = System.nanoTime() - start;
        long bytes = 0;
        for (Item i : items) {
            bytes += Files.size(target.resolve(i.name()));
        }
        return new Run(nanos, bytes, Cpu.children() - client0, Cpu.of(sshd.processIds()) - server0);
    }

    private static void report(String label, Run r, long rawTotal) {
        System.out.printf(
                Locale.ROOT,
                "%-30s %8.2f s, %11d bytes on the wire, %7.1f MB/s of payload, CPU s client %.2f + server %.2f%n",
                label,
                r.nanos() / 1e9,
                r.bytes(),
                rawTotal / (r.nanos() / 1e9) / 1e6,
                r.clientCpu(),
                r.serverCpu());
    }

    /** User + system CPU from {@code /proc/<pid>/stat}, with reaped children (Linux, 100 ticks a second). */
    private static final class Cpu {
        static double self() {
            long[] f = stat("self");
            return (f[0] + f[1]) / 100.0;
        }

        static double children() {
            long[] f = stat("self");
            return (f[2] + f[3]) / 100.0;
        }

        static double of(List<Long> pids) {
            double sum = 0;
            for (long pid : pids) {
                long[] f = stat(Long.toString(pid));
                sum += (f[0] + f[1] + f[2] + f[3]) / 100.0;
            }
            return sum;
        }

        private static long[] stat(String pid) {
            try {
                String stat = Files.readString(Path.of("/proc", pid, "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return new long[] {
                    Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])
                };
            } catch (IOException e) {
                return new long[4];
            }
        }
    }
}
