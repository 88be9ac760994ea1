package io.wmco.adapter.ssh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.remote.CommandResult;
import io.wmco.domain.remote.RemoteCommand;
import io.wmco.domain.remote.Shell;
import io.wmco.ports.PortException;
import io.wmco.ports.remote.AuthenticationRejectedException;
import io.wmco.ports.remote.HostEndpoint;
import io.wmco.ports.remote.HostKeyMismatchException;
import io.wmco.ports.remote.HostUnreachableException;
import io.wmco.ports.remote.InvalidPrivateKeyException;
import io.wmco.ports.remote.RemoteHost;
import io.wmco.ports.remote.SshCredentials;
import io.wmco.ports.remote.UploadResult;
import java.io.FilterInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The adapter against a real OpenSSH sshd on loopback (the POSIX file dialect: the server is Linux). The sshd runs as
 * the current user on this machine, so "remote" paths are local paths the test can inspect.
 *
 * <p>Over 300 lines: it covers the whole {@link RemoteHost} contract (commands, uploads, keys, host keys, connection
 * sharing) against the one sshd this class starts; split by topic, each part would start its own.
 */
class OpenSshdAdapterTest {

    @RegisterExtension
    static final OpenSshServer SSHD = new OpenSshServer();

    private static Path clientKey;
    private static SshCredentials credentials;

    @TempDir
    Path remoteDir;

    private InMemoryHostKeyStore hostKeys;
    private MinaSshConnector connector;

    @BeforeAll
    static void authorizeClientKey() throws IOException {
        clientKey = SSHD.newClientKey("main", "-t", "ed25519");
        SSHD.authorize(clientKey);
        credentials = new SshCredentials(Files.readAllBytes(clientKey));
    }

    @BeforeEach
    void newConnector() {
        hostKeys = new InMemoryHostKeyStore();
        connector = new MinaSshConnector(settings(), hostKeys);
    }

    @AfterEach
    void closeConnector() {
        connector.close();
    }

    private static SshSettings settings() {
        return SshSettings.defaults().withDialect(RemoteFileDialect.POSIX).withConnectTimeout(Duration.ofSeconds(10));
    }

    private HostEndpoint endpoint() {
        return new HostEndpoint("127.0.0.1", SSHD.port(), SSHD.user());
    }

    private RemoteHost connect() {
        return connector.connect(endpoint(), credentials);
    }

    @ParameterizedTest
    @CsvSource({"0", "1", "42"})
    void reportsTheExitStatusOfACommand(int status) {
        try (RemoteHost host = connect()) {
            CommandResult result = host.run(RemoteCommand.cmd("echo out-" + status + "; exit " + status));
            assertEquals(status, result.exitStatus());
            assertEquals("out-" + status + "\n", result.stdout());
            assertEquals(status == 0, result.succeeded());
        }
    }

    @Test
    void detectsThatALinuxShellIsNotPowerShell() {
        try (RemoteHost host = connect()) {
            assertEquals(Shell.CMD, host.defaultShell());
        }
    }

    @Test
    void stderrOutputDoesNotFailACommand() {
        try (RemoteHost host = connect()) {
            CommandResult result = host.run(RemoteCommand.cmd("echo fine; echo 'WARNING: deprecated' >&2; exit 0"));
            assertTrue(result.succeeded());
            assertEquals("fine\n", result.stdout());
            assertEquals("WARNING: deprecated\n", result.stderr());
            assertEquals(
                    result,
                    host.runChecked(
                            "a command that warns",
                            RemoteCommand.cmd("echo fine; echo 'WARNING: deprecated' >&2; exit 0")));
        }
    }

    @Test
    void keepsOnlyTheTailOfALargeStderr() {
        connector.close();
        connector = new MinaSshConnector(settings().withMaxStderrBytes(1024), hostKeys);
        try (RemoteHost host = connect()) {
            CommandResult result = host.run(RemoteCommand.cmd(
                    "i=0; while [ $i -lt 5000 ]; do echo line-$i >&2; i=$((i+1)); done; echo END >&2; exit 3"));
            assertEquals(3, result.exitStatus());
            assertTrue(result.stderr().startsWith("..."), result.stderr());
            assertTrue(result.stderr().endsWith("line-4999\nEND\n"), result.stderr());
            assertTrue(
                    result.stderr().length() <= 1024 + 3,
                    "stderr kept " + result.stderr().length() + " chars");
        }
    }

    @Test
    void aCommandThatOutlivesItsTimeoutFailsRetryably() {
        connector.close();
        connector = new MinaSshConnector(settings().withCommandTimeout(Duration.ofMillis(500)), hostKeys);
        try (RemoteHost host = connect()) {
            HostUnreachableException e =
                    assertThrows(HostUnreachableException.class, () -> host.run(RemoteCommand.cmd("sleep 20")));
            assertTrue(e.retryable());
            assertTrue(e.getMessage().contains("did not finish"), e.getMessage());
        }
    }

    @Test
    void uploads64MiBThenSendsNothingWhenUploadingTheSameFileAgain(@TempDir Path local) {
        Path file = TestFiles.random(local.resolve("payload.bin"), 64L << 20, 64);
        String sha = TestFiles.sha256(file);
        Path target = remoteDir.resolve("kubelet.exe");
        try (RemoteHost host = connect()) {
            UploadResult first = host.uploadIfChanged(file, sha, target.toString());
            assertEquals(new UploadResult(true, 64L << 20), first);
            assertEquals(sha, TestFiles.sha256(target));
            assertEquals(sha, host.sha256(target.toString()).orElseThrow());

            UploadResult second = host.uploadIfChanged(file, sha, target.toString());
            assertEquals(UploadResult.SKIPPED, second);
            assertEquals(0, second.bytesSent());
        }
        assertEquals(List.of("kubelet.exe"), names(remoteDir), "no temporary file may remain");
    }

    @Test
    void replacesAFileWhoseContentDiffers(@TempDir Path local) throws IOException {
        Path target = remoteDir.resolve("hybrid-overlay.exe");
        Files.writeString(target, "old version");
        Path file = TestFiles.random(local.resolve("new.bin"), 3 << 20, 7);
        try (RemoteHost host = connect()) {
            UploadResult result = host.uploadIfChanged(file, TestFiles.sha256(file), target.toString());
            assertTrue(result.transferred());
            assertEquals(3 << 20, result.bytesSent());
        }
        assertEquals(TestFiles.sha256(file), TestFiles.sha256(target));
    }

    @Test
    void writeIfChangedWritesOnlyWhenTheContentDiffers() throws IOException {
        Path target = remoteDir.resolve("kubelet.conf");
        byte[] v1 = "apiVersion: v1\nkind: Config\n".getBytes(StandardCharsets.UTF_8);
        byte[] v2 = "apiVersion: v1\nkind: Config\nclusters: []\n".getBytes(StandardCharsets.UTF_8);
        try (RemoteHost host = connect()) {
            assertEquals(new UploadResult(true, v1.length), host.writeIfChanged(v1, target.toString()));
            assertEquals(UploadResult.SKIPPED, host.writeIfChanged(v1, target.toString()));
            assertEquals(new UploadResult(true, v2.length), host.writeIfChanged(v2, target.toString()));
        }
        assertEquals(new String(v2, StandardCharsets.UTF_8), Files.readString(target));
        assertEquals(List.of("kubelet.conf"), names(remoteDir));
    }

    @Test
    void hashOfAMissingFileIsEmpty() {
        try (RemoteHost host = connect()) {
            assertTrue(host.sha256(remoteDir.resolve("absent").toString()).isEmpty());
        }
    }

    @Test
    void wrongExpectedHashFailsTheTransferAndLeavesNoFile(@TempDir Path local) {
        Path file = TestFiles.random(local.resolve("f.bin"), 1 << 20, 3);
        Path target = remoteDir.resolve("f.bin");
        try (RemoteHost host = connect()) {
            var e = assertThrows(
                    io.wmco.ports.remote.TransferFailedException.class,
                    () -> host.uploadIfChanged(file, "0".repeat(64), target.toString()));
            assertTrue(e.getMessage().contains("expected"), e.getMessage());
        }
        assertEquals(List.of(), names(remoteDir));
    }

    @Test
    void aKeyTheHostDoesNotKnowIsRejectedAndNotRetryable() throws IOException {
        Path other = SSHD.newClientKey("unauthorized", "-t", "ed25519");
        SshCredentials stranger = new SshCredentials(Files.readAllBytes(other));
        AuthenticationRejectedException e =
                assertThrows(AuthenticationRejectedException.class, () -> connector.connect(endpoint(), stranger));
        assertFalse(e.retryable());
        assertEquals(endpoint().hostId(), e.host());
        assertTrue(e.getMessage().contains("public key rejected"), e.getMessage());
        assertFalse(e.getMessage().contains(SSHD.user()), "user names stay out of messages: " + e.getMessage());
    }

    @Test
    void aClosedPortIsUnreachableAndRetryable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HostUnreachableException e = assertThrows(
                HostUnreachableException.class,
                () -> connector.connect(new HostEndpoint("127.0.0.1", port, "root"), credentials));
        assertTrue(e.retryable());
        assertTrue(e.getCause() != null, "the cause is kept");
    }

    @Test
    void bytesThatAreNotAKeyAreRefusedNamingTheAcceptedFormats() {
        SshCredentials garbage = SshCredentials.ofPem(
                "-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0LWJ5dGVz\n-----END RSA PRIVATE KEY-----\n");
        InvalidPrivateKeyException e =
                assertThrows(InvalidPrivateKeyException.class, () -> connector.connect(endpoint(), garbage));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("PKCS#1") && e.getMessage().contains("OpenSSH"), e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("c2VjcmV0LWJ5dGVz"), "key material leaked: " + t);
        }
    }

    @Test
    void aPassphraseProtectedKeyIsRefusedWithoutConnecting(@TempDir Path keys) throws IOException {
        Path key = keys.resolve("protected");
        OpenSshServer.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "a passphrase", "-f", key.toString());
        SshCredentials protectedKey = new SshCredentials(Files.readAllBytes(key));
        InvalidPrivateKeyException e = assertThrows(
                InvalidPrivateKeyException.class, () -> new MinaKeyPairReader().authorizedKeyLine(protectedKey));
        assertTrue(e.getMessage().contains("without a passphrase"), e.getMessage());
        assertThrows(InvalidPrivateKeyException.class, () -> connector.connect(endpoint(), protectedKey));
        assertEquals(0, connector.openConnections());
    }

    @Test
    void pinsTheHostKeyOnFirstUseAndReportsAChangedKey() {
        try (RemoteHost host = connect()) {
            assertTrue(host.run(RemoteCommand.cmd("true")).succeeded());
        }
        String pinned = SSHD.hostKeyFingerprint();
        assertEquals(pinned, hostKeys.pinned(endpoint().hostId()).orElseThrow());

        connector.close();
        SSHD.restartWithNewHostKey();
        String presented = SSHD.hostKeyFingerprint();
        connector = new MinaSshConnector(settings(), hostKeys);
        HostKeyMismatchException e = assertThrows(HostKeyMismatchException.class, this::connect);
        assertFalse(e.retryable());
        assertEquals(pinned, e.pinnedFingerprint());
        assertEquals(presented, e.presentedFingerprint());
        assertTrue(
                e.getMessage().contains(endpoint().hostId())
                        && e.getMessage().contains(pinned)
                        && e.getMessage().contains(presented),
                e.getMessage());

        hostKeys.forget(endpoint().hostId());
        try (RemoteHost host = connect()) {
            assertTrue(host.run(RemoteCommand.cmd("true")).succeeded());
        }
        assertEquals(presented, hostKeys.pinned(endpoint().hostId()).orElseThrow());
    }

    @Test
    void aConnectionKilledMidTransferFailsRetryablyAndLeavesNoFileAtTheTarget(@TempDir Path local) {
        Path file = TestFiles.random(local.resolve("big.bin"), 32L << 20, 11);
        String sha = TestFiles.sha256(file);
        Path target = remoteDir.resolve("kube-proxy.exe");
        AtomicBoolean killed = new AtomicBoolean();
        long killAfter = 8L << 20;
        MinaRemoteHost.ContentSource killing = () -> new FilterInputStream(Files.newInputStream(file)) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                if (read >= killAfter && killed.compareAndSet(false, true)) {
                    SSHD.killConnections();
                }
                return n;
            }
        };
        try (RemoteHost host = connect()) {
            PortException e = assertThrows(
                    PortException.class, () -> ((MinaRemoteHost) host).upload(killing, sha, target.toString()));
            assertTrue(killed.get(), "the connection was killed during the transfer");
            assertTrue(e.retryable(), "a dropped connection is retryable: " + e);
            assertTrue(e.getCause() != null, "the cause is kept");
        }
        assertFalse(Files.exists(target), "the target never holds a partial file");

        try (RemoteHost again = connect()) {
            assertEquals(new UploadResult(true, 32L << 20), again.uploadIfChanged(file, sha, target.toString()));
        }
        assertEquals(sha, TestFiles.sha256(target));
    }

    @Test
    void sharesOneConnectionPerHostAndClosesItWhenIdle() throws Exception {
        connector.close();
        connector = new MinaSshConnector(settings().withIdleCloseTimeout(Duration.ofMillis(300)), hostKeys);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<CommandResult>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    try (RemoteHost host = connect()) {
                        return host.run(RemoteCommand.cmd("echo " + n));
                    }
                }));
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals(i + "\n", results.get(i).get().stdout());
            }
        } finally {
            pool.shutdownNow();
        }
        RemoteHost a = connect();
        RemoteHost b = connect();
        assertEquals(1, connector.openConnections());
        a.close();
        b.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> connector.openConnections() == 0);
        assertThrows(IllegalStateException.class, () -> a.run(RemoteCommand.cmd("true")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "rsa-pkcs1:-t rsa -b 2048 -m PEM",
                "rsa-pkcs8:-t rsa -b 2048 -m PKCS8",
                "rsa-openssh:-t rsa -b 2048",
                "ed25519:-t ed25519",
                "ecdsa:-t ecdsa -b 256",
                "ecdsa384:-t ecdsa -b 384"
            })
    void authenticatesWithEveryAcceptedKeyFormat(String spec) throws IOException {
        String name = spec.substring(0, spec.indexOf(':'));
        Path key = SSHD.newClientKey(name, spec.substring(spec.indexOf(':') + 1).split(" "));
        SSHD.authorize(key);
        SshCredentials creds = new SshCredentials(Files.readAllBytes(key));

        String[] pub = Files.readString(Path.of(key + ".pub")).strip().split(" ");
        assertEquals(pub[0] + " " + pub[1], new MinaKeyPairReader().authorizedKeyLine(creds));

        try (RemoteHost host = connector.connect(endpoint(), creds)) {
            assertEquals("ok\n", host.run(RemoteCommand.cmd("echo ok")).stdout());
        }
    }

    private static List<String> names(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
