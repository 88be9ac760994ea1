package io.wmco.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.adapter.ssh.InMemoryHostKeyStore;
import io.wmco.adapter.ssh.MinaSshConnector;
import io.wmco.adapter.ssh.SshSettings;
import io.wmco.domain.remote.FileCommands;
import io.wmco.domain.remote.HostCommands;
import io.wmco.domain.remote.ServiceCommands;
import io.wmco.domain.remote.ServiceState;
import io.wmco.domain.remote.Shell;
import io.wmco.domain.remote.WindowsCommandLine;
import io.wmco.ports.remote.AuthenticationRejectedException;
import io.wmco.ports.remote.HostEndpoint;
import io.wmco.ports.remote.HostKeyMismatchException;
import io.wmco.ports.remote.LocalFile;
import io.wmco.ports.remote.RemoteAccessException;
import io.wmco.ports.remote.RemoteHost;
import io.wmco.ports.remote.SshCredentials;
import io.wmco.ports.remote.UploadResult;
import io.wmco.testkit.payload.SingleFileTarGz;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The production SSH adapter against the simulator: both sides must agree on every wire form. */
class SimulatedHostWithAdapterTest {
    private static KeyPair operatorKey;
    private static SshCredentials credentials;
    private SimulatedWindowsHost host;
    private MinaSshConnector connector;

    @TempDir
    Path tmp;

    @BeforeAll
    static void generateKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        operatorKey = g.generateKeyPair();
        credentials = SshCredentials.ofPem("-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes())
                        .encodeToString(operatorKey.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }

    @BeforeEach
    void startConnector() {
        connector = new MinaSshConnector(SshSettings.defaults(), new InMemoryHostKeyStore());
    }

    @AfterEach
    void stop() {
        connector.close();
        if (host != null) {
            host.close();
        }
    }

    private void start(Shell shell) {
        start(shell, true);
    }

    private void start(Shell shell, boolean tarExe) {
        host = SimulatedWindowsHost.builder()
                .authorizedKey(operatorKey.getPublic())
                .defaultShell(shell)
                .hostname("win-b")
                .emulateKubelet(false)
                .tarExe(tarExe)
                .start();
    }

    /** A compressible file and its packed form, as a stand-in payload holds them. */
    private LocalFile packedFile(String name, byte[] content) throws IOException {
        Path raw = Files.write(tmp.resolve(name), content);
        Path packed = tmp.resolve("packed").resolve(name + ".tar.gz");
        SingleFileTarGz.pack(raw, packed);
        return new LocalFile(raw, Optional.of(packed));
    }

    @ParameterizedTest
    @EnumSource(Shell.class)
    void packedUploadIsUnpackedByTheHostVerifiedAndSkippedAfterwards(Shell shell) throws Exception {
        start(shell);
        byte[] content = "MZ kubelet text and code ".repeat(80_000).getBytes(StandardCharsets.US_ASCII);
        LocalFile file = packedFile("kubelet.exe", content);
        try (RemoteHost remote = connect()) {
            remote.runChecked("mkdir", FileCommands.ensureDirectory("C:\\k"));
            UploadResult first = remote.uploadIfChanged(file, sha256(content), "C:\\k\\kubelet.exe");
            assertEquals(new UploadResult(true, Files.size(file.packed().orElseThrow())), first);
            assertTrue(first.bytesSent() < content.length / 10, first.toString());
            assertEquals(UploadResult.SKIPPED, remote.uploadIfChanged(file, sha256(content), "C:\\k\\kubelet.exe"));
        }
        assertArrayEquals(content, Files.readAllBytes(host.resolve("C:\\k\\kubelet.exe")));
        try (var names = Files.list(host.resolve("C:\\k"))) {
            assertEquals(
                    List.of("kubelet.exe"),
                    names.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(List.of(), host.unknownCommands());
    }

    @Test
    void hostWithoutTarGetsTheRawFile() throws Exception {
        start(Shell.CMD, false);
        byte[] content = "MZ containerd ".repeat(80_000).getBytes(StandardCharsets.US_ASCII);
        LocalFile file = packedFile("containerd.exe", content);
        try (RemoteHost remote = connect()) {
            remote.runChecked("mkdir", FileCommands.ensureDirectory("C:\\k"));
            UploadResult r = remote.uploadIfChanged(file, sha256(content), "C:\\k\\containerd.exe");
            assertEquals(Files.size(file.packed().orElseThrow()) + content.length, r.bytesSent());
        }
        assertArrayEquals(content, Files.readAllBytes(host.resolve("C:\\k\\containerd.exe")));
        try (var names = Files.list(host.resolve("C:\\k"))) {
            assertEquals(
                    List.of("containerd.exe"),
                    names.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(List.of(), host.unknownCommands());
    }

    private RemoteHost connect() {
        return connector.connect(new HostEndpoint(host.host(), host.port(), "Administrator"), credentials);
    }

    @ParameterizedTest
    @EnumSource(Shell.class)
    void adapterDetectsTheDefaultShellAndRunsTheVocabulary(Shell shell) {
        start(shell);
        try (RemoteHost remote = connect()) {
            assertEquals(shell, remote.defaultShell());
            assertEquals(
                    "win-b",
                    remote.runChecked("hostname", HostCommands.hostname())
                            .stdout()
                            .strip());
            remote.runChecked("mkdir", FileCommands.ensureDirectory("C:\\k"));
            assertEquals(Optional.empty(), remote.sha256("C:\\k\\missing.exe"));
        }
        assertEquals(List.of(), host.unknownCommands());
        assertTrue(Files.isDirectory(host.resolve("C:\\k")));
    }

    @Test
    void theHostCountsTheSftpBytesItReceivedAsTheAdapterReportsThem() throws Exception {
        start(Shell.CMD);
        byte[] content = random(200_000);
        Path local = Files.write(tmp.resolve("kube-proxy.exe"), content);
        try (RemoteHost remote = connect()) {
            remote.runChecked("mkdir", FileCommands.ensureDirectory("C:\\k"));
            assertEquals(0, host.sftpBytesReceived());
            UploadResult sent = remote.uploadIfChanged(local, sha256(content), "C:\\k\\kube-proxy.exe");
            assertEquals(sent.bytesSent(), host.sftpBytesReceived());
            remote.uploadIfChanged(local, sha256(content), "C:\\k\\kube-proxy.exe");
            assertEquals(sent.bytesSent(), host.sftpBytesReceived(), "an unchanged file sends nothing");
        }
    }

    @Test
    void uploadLandsOnceAndTheSecondUploadSendsNothing() throws Exception {
        start(Shell.CMD);
        byte[] content = random(300_000);
        Path local = Files.write(tmp.resolve("kubelet.exe"), content);
        try (RemoteHost remote = connect()) {
            remote.runChecked("mkdir", FileCommands.ensureDirectory("C:\\k"));
            UploadResult first = remote.uploadIfChanged(local, sha256(content), "C:\\k\\kubelet.exe");
            assertTrue(first.transferred());
            assertEquals(content.length, first.bytesSent());
            UploadResult second = remote.uploadIfChanged(local, sha256(content), "C:\\k\\kubelet.exe");
            assertEquals(UploadResult.SKIPPED, second);
            // a running service locks its executable, like Windows
            remote.runChecked(
                    "create",
                    ServiceCommands.create("kubelet", WindowsCommandLine.join(List.of("C:\\k\\kubelet.exe", "--v=2"))));
            remote.runChecked("start", ServiceCommands.start("kubelet"));
            assertEquals(
                    ServiceState.RUNNING,
                    ServiceCommands.parseQuery(remote.run(ServiceCommands.query("kubelet")))
                            .state());
        }
        assertArrayEquals(content, Files.readAllBytes(host.resolve("C:\\k\\kubelet.exe")));
        assertEquals(List.of(), host.unknownCommands());
    }

    @Test
    void droppedTransferFailsRetryablyAndLeavesNoPartialTarget() throws Exception {
        start(Shell.CMD);
        byte[] content = random(1_000_000);
        Path local = Files.write(tmp.resolve("big.bin"), content);
        try (RemoteHost remote = connect()) {
            remote.runChecked("mkdir", FileCommands.ensureDirectory("C:\\k"));
        }
        host.faults().dropConnectionAfterSftpBytes(200_000);
        try (RemoteHost remote = connect()) {
            RemoteAccessException e = assertThrows(
                    RemoteAccessException.class,
                    () -> remote.uploadIfChanged(local, sha256(content), "C:\\k\\big.bin"));
            assertTrue(e.retryable(), e.toString());
        }
        assertFalse(Files.exists(host.resolve("C:\\k\\big.bin")));
        try (RemoteHost remote = connect()) {
            assertTrue(remote.uploadIfChanged(local, sha256(content), "C:\\k\\big.bin")
                    .transferred());
        }
        assertArrayEquals(content, Files.readAllBytes(host.resolve("C:\\k\\big.bin")));
    }

    @Test
    void rejectedAuthenticationAndChangedHostKeyAreNotRetryable() {
        start(Shell.CMD);
        try (RemoteHost remote = connect()) {
            assertEquals(Shell.CMD, remote.defaultShell());
        }
        connector.close();
        InMemoryHostKeyStore pins = new InMemoryHostKeyStore();
        connector = new MinaSshConnector(SshSettings.defaults(), pins);
        connect().close();
        connector.close();
        connector = new MinaSshConnector(SshSettings.defaults(), pins);

        host.faults().rejectAuthentication(true);
        AuthenticationRejectedException rejected = assertThrows(AuthenticationRejectedException.class, this::connect);
        assertFalse(rejected.retryable());
        host.faults().rejectAuthentication(false);

        host.regenerateHostKey();
        HostKeyMismatchException mismatch = assertThrows(HostKeyMismatchException.class, this::connect);
        assertFalse(mismatch.retryable());
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private static String sha256(byte[] content) throws GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
