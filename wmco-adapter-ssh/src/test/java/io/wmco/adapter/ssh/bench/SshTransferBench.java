package io.wmco.adapter.ssh.bench;

import io.wmco.adapter.ssh.InMemoryHostKeyStore;
import io.wmco.adapter.ssh.MinaSshConnector;
import io.wmco.adapter.ssh.OpenSshServer;
import io.wmco.adapter.ssh.RemoteFileDialect;
import io.wmco.adapter.ssh.SshSettings;
import io.wmco.adapter.ssh.TestFiles;
import io.wmco.ports.remote.HostEndpoint;
import io.wmco.ports.remote.RemoteHost;
import io.wmco.ports.remote.SshCredentials;
import io.wmco.ports.remote.UploadResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Uploads one file to a real OpenSSH sshd on loopback with the adapter ({@code uploadIfChanged}: remote hash,
 * SFTP stream to a temporary name, remote verification hash, rename) and with OpenSSH {@code scp}, in the same run,
 * then uploads it again with the adapter to show that nothing is sent. Not a test: run it through
 * {@code bench/ssh-transfer}.
 *
 * <p>Arguments: {@code [sizeMiB (256)] [rounds (5)] [sftpWriteBufferSize (the default)] [files (1)]}. Each tool runs
 * once to warm up (JIT, page cache), then {@code rounds} times, alternating; a tool's figure is all bytes of the timed
 * rounds over their summed time (robust against other load on a shared machine). MB is 10^6 bytes.
 *
 * <p>With {@code files} above 1 the size is split into that many files, as a node's payload is, and each round sends
 * them all three ways: the adapter one after the other (as plans did before issue #15), the adapter with two uploads in
 * flight on one connection (as {@code PlanRunner} runs a plan's transfers now, one file's remote verification
 * overlapping the next one's upload), and one {@code scp} of all files. The last line then compares the overlapped
 * adapter with scp, and the line before it the serial one.
 */
public final class SshTransferBench {
    private SshTransferBench() {}

    public static void main(String[] args) throws Exception {
        long sizeMiB = args.length > 0 ? Long.parseLong(args[0]) : 256;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        SshSettings defaults = SshSettings.defaults();
        int buffer = args.length > 2 ? Integer.parseInt(args[2]) : defaults.sftpWriteBufferSize();
        int files = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        long size = sizeMiB << 20;
        if (files > 1) {
            MultiFile.run(size, rounds, buffer, files);
            return;
        }
        Path local = Files.createTempDirectory("wmco-bench-local-");
        Path remote = Files.createTempDirectory("wmco-bench-remote-");
        try (OpenSshServer sshd = OpenSshServer.start()) {
            Path key = sshd.newClientKey("bench", "-t", "ed25519");
            sshd.authorize(key);
            Path file = TestFiles.random(local.resolve("payload.bin"), size, 42);
            String sha = TestFiles.sha256(file);
            SshSettings settings = defaults.withDialect(RemoteFileDialect.POSIX).withSftpWriteBufferSize(buffer);
            System.out.printf(
                    Locale.ROOT,
                    "file: %d MiB, sha256 %s, sftp write buffer %d bytes%n",
                    sizeMiB,
                    sha,
                    settings.sftpWriteBufferSize());

            HostEndpoint endpoint = new HostEndpoint("127.0.0.1", sshd.port(), sshd.user());
            SshCredentials credentials = new SshCredentials(Files.readAllBytes(key));
            try (MinaSshConnector connector = new MinaSshConnector(settings, new InMemoryHostKeyStore())) {
                double adapterCpu = 0;
                double opensshCpu = 0;
                long adapterNanos = 0;
                long transferNanos = 0;
                long opensshNanos = 0;
                for (int round = 0; round <= rounds; round++) {
                    Path target = remote.resolve("round-" + round + ".bin");
                    double client0 = Cpu.self();
                    double server0 = Cpu.of(sshd.processIds());
                    long[] nanos = adapterUpload(connector, endpoint, credentials, file, sha, target);
                    double aClient = Cpu.self() - client0;
                    double aServer = Cpu.of(sshd.processIds()) - server0;
                    double aCpu = aClient + aServer;
                    double a = rate(size, nanos[0]);
                    double t = rate(size, nanos[0] - nanos[1]);
                    Files.delete(target);
                    client0 = Cpu.children();
                    server0 = Cpu.of(sshd.processIds());
                    long scpNanos = scpUpload(sshd, key, file, target, size);
                    double oClient = Cpu.children() - client0;
                    double oServer = Cpu.of(sshd.processIds()) - server0;
                    double oCpu = oClient + oServer;
                    double o = rate(size, scpNanos);
                    Files.delete(target);
                    String label = round == 0 ? "warm-up" : "round " + round;
                    System.out.printf(
                            Locale.ROOT,
                            "%s: adapter %.1f MB/s (without its remote verification hash of "
                                    + "%d ms: %.1f MB/s), openssh scp %.1f MB/s; CPU seconds client + server: adapter %.2f + %.2f, "
                                    + "openssh %.2f + %.2f%n",
                            label,
                            a,
                            nanos[1] / 1_000_000,
                            t,
                            o,
                            aClient,
                            aServer,
                            oClient,
                            oServer);
                    if (round > 0) {
                        adapterNanos += nanos[0];
                        transferNanos += nanos[0] - nanos[1];
                        opensshNanos += scpNanos;
                        adapterCpu += aCpu;
                        opensshCpu += oCpu;
                    }
                }

                Path target = remote.resolve("again.bin");
                try (RemoteHost host = connector.connect(endpoint, credentials)) {
                    host.uploadIfChanged(file, sha, target.toString());
                    long start = System.nanoTime();
                    UploadResult again = host.uploadIfChanged(file, sha, target.toString());
                    System.out.printf(
                            Locale.ROOT,
                            "second upload of the same file: transferred %s, bytes sent %d " + "(%.0f ms)%n",
                            again.transferred(),
                            again.bytesSent(),
                            (System.nanoTime() - start) / 1e6);
                }
                double adapter = rate(size * rounds, adapterNanos);
                double transferOnly = rate(size * rounds, transferNanos);
                double openssh = rate(size * rounds, opensshNanos);
                System.out.printf(
                        Locale.ROOT,
                        "CPU seconds per GB (client + server; the adapter's include its "
                                + "remote verification hash and the benchmark's extra timing hash): adapter %.2f, openssh %.2f%n",
                        adapterCpu / (size * rounds / 1e9),
                        opensshCpu / (size * rounds / 1e9));
                System.out.printf(
                        Locale.ROOT,
                        "transfer phase only (adapter minus remote verification): %.1f MB/s, " + "ratio %.2f%n",
                        transferOnly,
                        transferOnly / openssh);
                System.out.printf(
                        Locale.ROOT,
                        "ssh-transfer: adapter %.1f MB/s, openssh %.1f MB/s, ratio %.2f%n",
                        adapter,
                        openssh,
                        adapter / openssh);
            }
        } finally {
            delete(local);
            delete(remote);
        }
    }

    /**
     * One whole {@code uploadIfChanged} (remote hash, SFTP stream, remote verification hash, rename), timed; then
     * one more remote hash of the written file, timed, as an estimate of the verification step's share.
     *
     * @return {@code [upload nanos, remote hash nanos]}
     */
    private static long[] adapterUpload(
            MinaSshConnector connector,
            HostEndpoint endpoint,
            SshCredentials credentials,
            Path file,
            String sha,
            Path target)
            throws IOException {
        try (RemoteHost host = connector.connect(endpoint, credentials)) {
            long start = System.nanoTime();
            UploadResult result = host.uploadIfChanged(file, sha, target.toString());
            long upload = System.nanoTime() - start;
            if (!result.transferred() || result.bytesSent() != Files.size(file)) {
                throw new IllegalStateException("unexpected upload result " + result);
            }
            start = System.nanoTime();
            host.sha256(target.toString()).orElseThrow();
            return new long[] {upload, System.nanoTime() - start};
        }
    }

    /**
     * CPU time from {@code /proc/<pid>/stat} (Linux): user + system of a process, plus those of its reaped
     * children. On a machine shared with other work this is a steadier measure than throughput.
     */
    private static final class Cpu {
        private static final double TICKS_PER_SECOND = 100.0;

        static double self() {
            long[] f = stat("self");
            return (f[0] + f[1]) / TICKS_PER_SECOND;
        }

        static double children() {
            long[] f = stat("self");
            return (f[2] + f[3]) / TICKS_PER_SECOND;
        }

        static double of(List<Long> pids) {
            double sum = 0;
            for (long pid : pids) {
                long[] f = stat(Long.toString(pid));
                sum += (f[0] + f[1] + f[2] + f[3]) / TICKS_PER_SECOND;
            }
            return sum;
        }

        /** utime, stime, cutime, cstime; zeros when the process is gone. */
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

    private static double rate(long bytes, long nanos) {
        return bytes / (nanos / 1e9) / 1e6;
    }

    private static long scpUpload(OpenSshServer sshd, Path key, Path file, Path target, long size)
            throws IOException, InterruptedException {
        List<String> command = sshd.scpCommand(key, List.of(file), target.toString());
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("scp failed: " + out);
        }
        long nanos = System.nanoTime() - start;
        if (Files.size(target) != size) {
            throw new IllegalStateException("scp wrote " + Files.size(target) + " bytes");
        }
        return nanos;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
