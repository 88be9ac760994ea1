package io.wmco.adapter.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.ports.remote.HostEndpoint;
import io.wmco.ports.remote.LocalFile;
import io.wmco.ports.remote.RemoteHost;
import io.wmco.ports.remote.SshCredentials;
import io.wmco.ports.remote.TransferFailedException;
import io.wmco.ports.remote.UploadResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packed uploads against a real OpenSSH sshd, unpacked by GNU tar (the POSIX dialect runs the same shape of command
 * as {@code tar.exe} on Windows): the archives are made by GNU tar as {@code scripts/build-payload.sh} makes them.
 */
class OpenSshdPackedUploadTest {
    @RegisterExtension
    static final OpenSshServer SSHD = new OpenSshServer();

    @RegisterExtension
    static final OpenSshServer SSHD_WITHOUT_TAR = new OpenSshServer(true);

    private static SshCredentials credentials;

    @TempDir
    Path remoteDir;

    @TempDir
    Path local;

    private MinaSshConnector connector;

    @BeforeAll
    static void authorize() throws IOException {
        Path key = SSHD.newClientKey("packed", "-t", "ed25519");
        SSHD.authorize(key);
        SSHD_WITHOUT_TAR.authorize(key);
        credentials = new SshCredentials(Files.readAllBytes(key));
    }

    @BeforeEach
    void newConnector() {
        connector = new MinaSshConnector(
                SshSettings.defaults().withDialect(RemoteFileDialect.POSIX).withConnectTimeout(Duration.ofSeconds(10)),
                new InMemoryHostKeyStore());
    }

    @AfterEach
    void closeConnector() {
        connector.close();
    }

    private RemoteHost connect(OpenSshServer server) {
        return connector.connect(new HostEndpoint("127.0.0.1", server.port(), server.user()), credentials);
    }

    /** A compressible file (like a binary: few distinct bytes) and its packed form made by GNU tar. */
    private LocalFile payloadFile(String name, int size, long seed) throws Exception {
        Path raw = local.resolve(name);
        SplittableRandom r = new SplittableRandom(seed);
        byte[] content = new byte[size];
        for (int i = 0; i < size; i++) {
            content[i] = (byte) r.nextInt(6);
        }
        Files.write(raw, content);
        Path packed = Files.createDirectories(local.resolve("packed")).resolve(name + ".tar.gz");
        Process p = new ProcessBuilder("tar", "--format=ustar", "-czf", packed.toString(), "-C", local.toString(), name)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0, out);
        return new LocalFile(raw, Optional.of(packed));
    }

    @Test
    void packedUploadIsUnpackedToTheRightHashThenSkipped() throws Exception {
        LocalFile file = payloadFile("kubelet.exe", 4 << 20, 1);
        String sha = TestFiles.sha256(file.raw());
        long packedSize = Files.size(file.packed().orElseThrow());
        assertTrue(packedSize < (4 << 20) / 2, "packed " + packedSize);
        Path target = remoteDir.resolve("kubelet.exe");
        Files.writeString(target, "an older kubelet");
        try (RemoteHost host = connect(SSHD)) {
            assertEquals(new UploadResult(true, packedSize), host.uploadIfChanged(file, sha, target.toString()));
            assertEquals(sha, TestFiles.sha256(target));
            assertEquals(UploadResult.SKIPPED, host.uploadIfChanged(file, sha, target.toString()));
        }
        assertEquals(List.of("kubelet.exe"), names(remoteDir), "no archive, staging or temporary file may remain");
    }

    @Test
    void leftoversOfAnInterruptedAttemptAreOverwritten() throws Exception {
        LocalFile file = payloadFile("kube-proxy.exe", 2 << 20, 2);
        Path target = remoteDir.resolve("kube-proxy.exe");
        Files.writeString(remoteDir.resolve("kube-proxy.exe" + MinaRemoteHost.PACKED_SUFFIX), "cut off");
        Files.createDirectories(remoteDir.resolve("kube-proxy.exe" + MinaRemoteHost.STAGING_SUFFIX + "/old"));
        Files.writeString(remoteDir.resolve("kube-proxy.exe" + MinaRemoteHost.TEMP_SUFFIX), "cut off too");
        try (RemoteHost host = connect(SSHD)) {
            assertTrue(host.uploadIfChanged(file, TestFiles.sha256(file.raw()), target.toString())
                    .transferred());
        }
        assertEquals(TestFiles.sha256(file.raw()), TestFiles.sha256(target));
        assertEquals(List.of("kube-proxy.exe"), names(remoteDir));
    }

    @Test
    void corruptPackedFormIsReplacedByTheRawFileInTheSameCallAndForLaterUploads() throws Exception {
        LocalFile file = payloadFile("containerd.exe", 2 << 20, 3);
        Path packed = file.packed().orElseThrow();
        byte[] bytes = Files.readAllBytes(packed);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(packed, bytes);
        String sha = TestFiles.sha256(file.raw());
        try (RemoteHost host = connect(SSHD)) {
            assertEquals(
                    new UploadResult(true, bytes.length + (2 << 20)),
                    host.uploadIfChanged(
                            file, sha, remoteDir.resolve("containerd.exe").toString()),
                    "the packed form, then the raw file");
            assertEquals(
                    new UploadResult(true, 2 << 20),
                    host.uploadIfChanged(
                            file, sha, remoteDir.resolve("again.exe").toString()),
                    "raw only: the packed form is known to be unusable");
        }
        assertEquals(sha, TestFiles.sha256(remoteDir.resolve("containerd.exe")));
        assertEquals(List.of("again.exe", "containerd.exe"), names(remoteDir), "nothing else may remain");
    }

    @Test
    void stalePackedFormIsReplacedByTheRawFile() throws Exception {
        LocalFile file = payloadFile("containerd.exe", 2 << 20, 4);
        Files.write(file.raw(), "a newer containerd".getBytes(StandardCharsets.UTF_8)); // packed form not redone
        String sha = TestFiles.sha256(file.raw());
        Path target = remoteDir.resolve("containerd.exe");
        try (RemoteHost host = connect(SSHD)) {
            UploadResult result = host.uploadIfChanged(file, sha, target.toString());
            assertEquals(Files.size(file.packed().orElseThrow()) + Files.size(file.raw()), result.bytesSent());
        }
        assertEquals(sha, TestFiles.sha256(target));
        assertEquals(List.of("containerd.exe"), names(remoteDir));
    }

    @Test
    void whenTheRawFileFailsTooTheUploadFailsAndThePackedFormIsTriedAgainNextTime() throws Exception {
        LocalFile file = payloadFile("kubelet.exe", 2 << 20, 7);
        String wrong = "0".repeat(64); // neither the packed form nor the file has it
        long packedSize = Files.size(file.packed().orElseThrow());
        Path target = remoteDir.resolve("kubelet.exe");
        try (RemoteHost host = connect(SSHD)) {
            TransferFailedException e = assertThrows(
                    TransferFailedException.class, () -> host.uploadIfChanged(file, wrong, target.toString()));
            assertTrue(e.retryable());
            assertTrue(e.getMessage().contains("verification"), e.getMessage());
            assertEquals(List.of(), names(remoteDir), "nothing may remain after a failure");
            assertEquals(
                    new UploadResult(true, packedSize),
                    host.uploadIfChanged(file, TestFiles.sha256(file.raw()), target.toString()),
                    "the packed form was not blamed for the wrong hash");
        }
    }

    @Test
    void hostWithoutTarGetsTheRawFileInTheSameCallAndRawFilesAfterwards() throws Exception {
        LocalFile first = payloadFile("kubelet.exe", 2 << 20, 5);
        LocalFile second = payloadFile("kube-proxy.exe", 2 << 20, 6);
        try (RemoteHost host = connect(SSHD_WITHOUT_TAR)) {
            UploadResult r1 = host.uploadIfChanged(
                    first,
                    TestFiles.sha256(first.raw()),
                    remoteDir.resolve("kubelet.exe").toString());
            assertEquals(
                    new UploadResult(true, Files.size(first.packed().orElseThrow()) + (2 << 20)),
                    r1,
                    "the packed form, then the raw file");
        }
        try (RemoteHost host = connect(SSHD_WITHOUT_TAR)) {
            UploadResult r2 = host.uploadIfChanged(
                    second,
                    TestFiles.sha256(second.raw()),
                    remoteDir.resolve("kube-proxy.exe").toString());
            assertEquals(new UploadResult(true, 2 << 20), r2, "raw only: the host is known to lack tar");
        }
        assertEquals(TestFiles.sha256(first.raw()), TestFiles.sha256(remoteDir.resolve("kubelet.exe")));
        assertEquals(TestFiles.sha256(second.raw()), TestFiles.sha256(remoteDir.resolve("kube-proxy.exe")));
        assertEquals(List.of("kube-proxy.exe", "kubelet.exe"), names(remoteDir));
    }

    private static List<String> names(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
