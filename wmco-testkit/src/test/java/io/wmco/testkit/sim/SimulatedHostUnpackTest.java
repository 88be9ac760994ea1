package io.wmco.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.remote.CommandResult;
import io.wmco.domain.remote.FileCommands;
import io.wmco.domain.remote.Shell;
import io.wmco.testkit.payload.SingleFileTarGz;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link io.wmco.domain.remote.CommandKind#UNPACK_FILE} on the simulated host: real gzip + tar, loud refusals. */
class SimulatedHostUnpackTest {
    private static final String ARCHIVE = "C:\\k\\kubelet.exe.wmco-tmp.tar.gz";
    private static final String STAGING = "C:\\k\\kubelet.exe.wmco-unpack";
    private static final String TEMP = "C:\\k\\kubelet.exe.wmco-tmp";
    private static KeyPair key;
    private SimulatedWindowsHost host;

    @TempDir
    Path dir;

    @BeforeAll
    static void generateKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        key = g.generateKeyPair();
    }

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
    }

    private SimSshClient start(boolean tar) throws IOException {
        host = SimulatedWindowsHost.builder()
                .bindAddress("127.0.0.1")
                .authorizedKey(key.getPublic())
                .defaultShell(Shell.CMD)
                .emulateKubelet(false)
                .tarExe(tar)
                .start();
        SimSshClient c = SimSshClient.connect(host, "Administrator", key);
        c.run(FileCommands.ensureDirectory("C:\\k"), Shell.CMD);
        return c;
    }

    private byte[] packed(byte[] content, String name) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SingleFileTarGz.write(f, out);
        return out.toByteArray();
    }

    private CommandResult unpack(SimSshClient c) throws IOException {
        return c.run(FileCommands.unpack(ARCHIVE, STAGING, "kubelet.exe", TEMP), Shell.CMD);
    }

    @Test
    void unpacksToTheTemporaryNameAndPrintsItsHashLeavingNoArchiveOrStaging() throws Exception {
        byte[] content = "kubelet ".repeat(50_000).getBytes(StandardCharsets.UTF_8);
        try (SimSshClient c = start(true)) {
            Files.createDirectories(host.resolve(STAGING + "\\left-over")); // an interrupted attempt's staging
            c.upload(packed(content, "kubelet.exe"), "/C:/k/kubelet.exe.wmco-tmp.tar.gz");
            assertEquals(new FileCommands.Unpack.Unpacked(sha256(content)), FileCommands.parseUnpack(unpack(c)));
            assertArrayEquals(content, Files.readAllBytes(host.resolve(TEMP)));
            assertFalse(Files.exists(host.resolve(ARCHIVE)));
            assertFalse(Files.exists(host.resolve(STAGING)));
        }
        assertEquals(List.of(), host.unknownCommands());
    }

    @Test
    void refusesCorruptOrForeignArchivesAndCleansUp() throws Exception {
        byte[] content = "x".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        byte[] corrupt = packed(content, "kubelet.exe");
        corrupt[corrupt.length / 2] ^= 0x7f;
        Files.write(dir.resolve("a.exe"), content);
        Files.write(dir.resolve("kubelet.exe"), content);
        Path two = dir.resolve("two.tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", two.toString(), "kubelet.exe", "a.exe")
                .directory(dir.toFile())
                .start();
        assertTrue(tar.waitFor(1, TimeUnit.MINUTES) && tar.exitValue() == 0);
        try (SimSshClient c = start(true)) {
            for (byte[] bad : List.of(corrupt, packed(content, "other.exe"), Files.readAllBytes(two), content)) {
                c.upload(bad, "/C:/k/kubelet.exe.wmco-tmp.tar.gz");
                CommandResult r = unpack(c);
                assertInstanceOf(FileCommands.Unpack.Failed.class, FileCommands.parseUnpack(r), r.stderr());
                assertTrue(r.stderr().contains("tar.exe exited"), r.stderr());
                assertFalse(Files.exists(host.resolve(ARCHIVE)));
                assertFalse(Files.exists(host.resolve(STAGING)));
                assertFalse(Files.exists(host.resolve(TEMP)));
            }
        }
    }

    @Test
    void withoutTarAnswersAsServer2016Does() throws Exception {
        try (SimSshClient c = start(false)) {
            c.upload(packed(new byte[100], "kubelet.exe"), "/C:/k/kubelet.exe.wmco-tmp.tar.gz");
            assertEquals(new FileCommands.Unpack.TarMissing(), FileCommands.parseUnpack(unpack(c)));
            assertFalse(Files.exists(host.resolve(TEMP)));
        }
    }

    private static String sha256(byte[] b) throws GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
