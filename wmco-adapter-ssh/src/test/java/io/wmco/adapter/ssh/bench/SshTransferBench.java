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
 * <p>Arguments: {@code [sizeMiB (256)] [rounds (3)] [sftpWriteBufferSize (the default)]}. Each tool runs once to warm up (JIT, page cache), then
 * {@code rounds} times; the best round counts. MB is 10^6 bytes.
 */
public final class SshTransferBench {
    private SshTransferBench() {
    }

    public static void main(String[] args) throws Exception {
        long sizeMiB = args.length > 0 ? Long.parseLong(args[0]) : 256;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        SshSettings defaults = SshSettings.defaults();
        int buffer = args.length > 2 ? Integer.parseInt(args[2]) : defaults.sftpWriteBufferSize();
        long size = sizeMiB << 20;
        Path local = Files.createTempDirectory("wmco-bench-local-");
        Path remote = Files.createTempDirectory("wmco-bench-remote-");
        try (OpenSshServer sshd = OpenSshServer.start()) {
            Path key = sshd.newClientKey("bench", "-t", "ed25519");
            sshd.authorize(key);
            Path file = TestFiles.random(local.resolve("payload.bin"), size, 42);
            String sha = TestFiles.sha256(file);
            SshSettings settings = defaults.withDialect(RemoteFileDialect.POSIX).withSftpWriteBufferSize(buffer);
            System.out.printf(Locale.ROOT, "file: %d MiB, sha256 %s, sftp write buffer %d bytes%n", sizeMiB, sha,
                    settings.sftpWriteBufferSize());

            HostEndpoint endpoint = new HostEndpoint("127.0.0.1", sshd.port(), sshd.user());
            SshCredentials credentials = new SshCredentials(Files.readAllBytes(key));
            try (MinaSshConnector connector = new MinaSshConnector(settings, new InMemoryHostKeyStore())) {
                double adapter = 0;
                double openssh = 0;
                double transferOnly = 0;
                for (int round = 0; round <= rounds; round++) {
                    Path target = remote.resolve("round-" + round + ".bin");
                    long[] nanos = adapterUpload(connector, endpoint, credentials, file, sha, target);
                    double a = rate(size, nanos[0]);
                    double t = rate(size, nanos[0] - nanos[1]);
                    Files.delete(target);
                    double o = scpUpload(sshd, key, file, target, size);
                    Files.delete(target);
                    String label = round == 0 ? "warm-up" : "round " + round;
                    System.out.printf(Locale.ROOT, "%s: adapter %.1f MB/s (without its remote verification hash of "
                            + "%d ms: %.1f MB/s), openssh scp %.1f MB/s%n", label, a, nanos[1] / 1_000_000, t, o);
                    if (round > 0) {
                        adapter = Math.max(adapter, a);
                        transferOnly = Math.max(transferOnly, t);
                        openssh = Math.max(openssh, o);
                    }
                }

                Path target = remote.resolve("again.bin");
                try (RemoteHost host = connector.connect(endpoint, credentials)) {
                    host.uploadIfChanged(file, sha, target.toString());
                    long start = System.nanoTime();
                    UploadResult again = host.uploadIfChanged(file, sha, target.toString());
                    System.out.printf(Locale.ROOT, "second upload of the same file: transferred %s, bytes sent %d "
                            + "(%.0f ms)%n", again.transferred(), again.bytesSent(), (System.nanoTime() - start) / 1e6);
                }
                System.out.printf(Locale.ROOT, "transfer phase only (adapter minus remote verification): %.1f MB/s, "
                        + "ratio %.2f%n", transferOnly, transferOnly / openssh);
                System.out.printf(Locale.ROOT, "ssh-transfer: adapter %.1f MB/s, openssh %.1f MB/s, ratio %.2f%n",
                        adapter, openssh, adapter / openssh);
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
    private static long[] adapterUpload(MinaSshConnector connector, HostEndpoint endpoint, SshCredentials credentials,
            Path file, String sha, Path target) throws IOException {
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

    private static double rate(long bytes, long nanos) {
        return bytes / (nanos / 1e9) / 1e6;
    }

    private static double scpUpload(OpenSshServer sshd, Path key, Path file, Path target, long size)
            throws IOException, InterruptedException {
        List<String> command = List.of("scp", "-q", "-i", key.toString(), "-P", Integer.toString(sshd.port()),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                "-o", "LogLevel=ERROR", file.toString(), sshd.user() + "@127.0.0.1:" + target);
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
        return rate(size, nanos);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
