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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** {@link SshTransferBench} with {@code files} above 1: several files, serial and two in flight, against one scp. */
final class MultiFile {
    private MultiFile() {}

    static void run(long size, int rounds, int buffer, int count) throws Exception {
        Path local = Files.createTempDirectory("wmco-bench-local-");
        Path remote = Files.createTempDirectory("wmco-bench-remote-");
        ExecutorService two = Executors.newFixedThreadPool(2);
        try (OpenSshServer sshd = OpenSshServer.start()) {
            Path key = sshd.newClientKey("bench", "-t", "ed25519");
            sshd.authorize(key);
            List<Path> files = new ArrayList<>();
            List<String> shas = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Path f = TestFiles.random(local.resolve("file-" + i + ".bin"), size / count, 42 + i);
                files.add(f);
                shas.add(TestFiles.sha256(f));
            }
            SshSettings settings =
                    SshSettings.defaults().withDialect(RemoteFileDialect.POSIX).withSftpWriteBufferSize(buffer);
            System.out.printf(
                    Locale.ROOT, "files: %d x %d MiB, sftp write buffer %d bytes%n", count, size / count >> 20, buffer);
            HostEndpoint endpoint = new HostEndpoint("127.0.0.1", sshd.port(), sshd.user());
            SshCredentials credentials = new SshCredentials(Files.readAllBytes(key));
            long serialNanos = 0;
            long overlappedNanos = 0;
            long scpNanos = 0;
            try (MinaSshConnector connector = new MinaSshConnector(settings, new InMemoryHostKeyStore())) {
                for (int round = 0; round <= rounds; round++) {
                    Path dir = Files.createDirectories(remote.resolve("round-" + round));
                    long serial;
                    long overlapped;
                    try (RemoteHost host = connector.connect(endpoint, credentials)) {
                        long start = System.nanoTime();
                        for (int i = 0; i < count; i++) {
                            host.uploadIfChanged(
                                    files.get(i),
                                    shas.get(i),
                                    dir.resolve("s-" + i).toString());
                        }
                        serial = System.nanoTime() - start;
                        start = System.nanoTime();
                        List<Future<?>> inFlight = new ArrayList<>();
                        for (int i = 0; i < count; i++) {
                            Path f = files.get(i);
                            String sha = shas.get(i);
                            String target = dir.resolve("o-" + i).toString();
                            inFlight.add(two.submit(() -> host.uploadIfChanged(f, sha, target)));
                        }
                        for (Future<?> f : inFlight) {
                            f.get();
                        }
                        overlapped = System.nanoTime() - start;
                    }
                    Path scpDir = Files.createDirectories(dir.resolve("scp"));
                    long scp = scp(sshd, key, files, scpDir);
                    delete(dir);
                    System.out.printf(
                            Locale.ROOT,
                            "%s: adapter serial %.1f MB/s, two in flight %.1f MB/s, openssh scp %.1f MB/s%n",
                            round == 0 ? "warm-up" : "round " + round,
                            rate(size, serial),
                            rate(size, overlapped),
                            rate(size, scp));
                    if (round > 0) {
                        serialNanos += serial;
                        overlappedNanos += overlapped;
                        scpNanos += scp;
                    }
                }
            }
            double serial = rate(size * rounds, serialNanos);
            double overlapped = rate(size * rounds, overlappedNanos);
            double openssh = rate(size * rounds, scpNanos);
            System.out.printf(
                    Locale.ROOT,
                    "ssh-transfer: %d files one after the other: adapter %.1f MB/s, openssh %.1f MB/s, ratio %.2f%n",
                    count,
                    serial,
                    openssh,
                    serial / openssh);
            System.out.printf(
                    Locale.ROOT,
                    "ssh-transfer: adapter %.1f MB/s, openssh %.1f MB/s, ratio %.2f (%d files, two in flight)%n",
                    overlapped,
                    openssh,
                    overlapped / openssh,
                    count);
        } finally {
            two.shutdownNow();
            delete(local);
            delete(remote);
        }
    }

    private static long scp(OpenSshServer sshd, Path key, List<Path> files, Path dir)
            throws IOException, InterruptedException {
        List<String> command = sshd.scpCommand(key, files, dir + "/");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("scp failed: " + out);
        }
        return System.nanoTime() - start;
    }

    private static double rate(long bytes, long nanos) {
        return bytes / (nanos / 1e9) / 1e6;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
