package io.wmco.adapter.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.remote.CommandKind;
import io.wmco.domain.remote.CommandResult;
import io.wmco.domain.remote.MatchedCommand;
import io.wmco.domain.remote.RemoteCommand;
import io.wmco.domain.remote.Shell;
import io.wmco.domain.remote.ShellWrapper;
import io.wmco.ports.remote.HostEndpoint;
import io.wmco.ports.remote.HostUnreachableException;
import io.wmco.ports.remote.RemoteHost;
import io.wmco.ports.remote.SshCredentials;
import io.wmco.ports.remote.UploadResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The adapter against an in-process MINA server that answers like Windows OpenSSH with either default shell: the
 * shell probe, wrapping in both directions, and the Windows file dialect over SFTP paths such as {@code /C:/k/x}.
 * The server understands only the probe, the file commands of {@link CommandKind} and an {@code echo} per shell.
 */
class InProcessWindowsLikeServerTest {
    private final List<String> received = new CopyOnWriteArrayList<>();
    private SshServer server;
    private MinaSshConnector connector;
    private SshCredentials credentials;

    @TempDir
    Path root;

    /** The key exchanges the server offers (empty: MINA's defaults). */
    private List<String> serverKex = List.of();

    /** How long the server takes to answer the shell probe. */
    private volatile Duration probeDelay = Duration.ZERO;

    private RemoteHost start(Shell defaultShell) throws Exception {
        return start(defaultShell, SshSettings.defaults());
    }

    private RemoteHost start(Shell defaultShell, SshSettings settings) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair client = gen.generateKeyPair();
        var pem = new java.io.ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(client, "test", null, pem);
        credentials = new SshCredentials(pem.toByteArray());

        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        server.setPublickeyAuthenticator((user, key, session) -> key.equals(client.getPublic()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setCommandFactory((channel, command) -> new WindowsLikeShell(defaultShell, command));
        if (!serverKex.isEmpty()) {
            server.setKeyExchangeFactories(server.getKeyExchangeFactories().stream()
                    .filter(f -> serverKex.contains(f.getName()))
                    .toList());
        }
        server.start();
        connector = new MinaSshConnector(settings, new InMemoryHostKeyStore());
        return connector.connect(new HostEndpoint("127.0.0.1", server.getPort(), "Administrator"), credentials);
    }

    @AfterEach
    void stop() throws IOException {
        if (connector != null) {
            connector.close();
        }
        if (server != null) {
            server.stop(true);
        }
    }

    @Test
    void agreesOnMlKemWhenTheHostOffersItAndOnSntrup761WhenNot() throws Exception {
        try (RemoteHost host = start(Shell.POWERSHELL)) {
            host.run(RemoteCommand.cmd("echo one"));
            assertEquals("mlkem768x25519-sha256", negotiatedKex());
        }
        stop();
        serverKex = List.of("sntrup761x25519-sha512@openssh.com", "curve25519-sha256");
        try (RemoteHost host = start(Shell.POWERSHELL)) {
            host.run(RemoteCommand.cmd("echo two"));
            assertEquals("sntrup761x25519-sha512@openssh.com", negotiatedKex());
        }
    }

    private String negotiatedKex() {
        return server.getActiveSessions().get(0).getNegotiatedKexParameter(KexProposalOption.ALGORITHMS);
    }

    @ParameterizedTest
    @EnumSource(Shell.class)
    void detectsTheDefaultShellOnce(Shell defaultShell) throws Exception {
        try (RemoteHost host = start(defaultShell)) {
            assertEquals(defaultShell, host.defaultShell());
            host.run(RemoteCommand.cmd("echo one"));
            host.run(RemoteCommand.cmd("echo two"));
        }
        assertEquals(1, received.stream().filter(ShellWrapper.PROBE::equals).count(), received.toString());
    }

    @Test
    void aShellSlowerToAnswerTheProbeThanTheCommandTimeoutStillConnects() throws Exception {
        probeDelay = Duration.ofMillis(800);
        SshSettings settings = SshSettings.defaults().withCommandTimeout(Duration.ofMillis(200));
        try (RemoteHost host = start(Shell.POWERSHELL, settings)) {
            assertEquals(Shell.POWERSHELL, host.defaultShell());
            assertEquals("ok", host.run(RemoteCommand.cmd("echo ok")).stdout().strip());
        }
    }

    @Test
    void aShellThatNeverAnswersTheProbeFailsWithinTheConnectTimeout() {
        probeDelay = Duration.ofSeconds(6);
        SshSettings settings = SshSettings.defaults().withConnectTimeout(Duration.ofMillis(1500));
        HostUnreachableException e =
                assertThrows(HostUnreachableException.class, () -> start(Shell.POWERSHELL, settings));
        assertTrue(e.getMessage().contains("did not finish within PT1.5S"), e.getMessage());
    }

    @Test
    void wrapsPowerShellForACmdDefaultAndSendsCmdAsIs() throws Exception {
        try (RemoteHost host = start(Shell.CMD)) {
            CommandResult ps = host.run(RemoteCommand.powershell("Write-Output 'it''s powershell'"));
            assertEquals("it's powershell\r\n", ps.stdout());
            CommandResult cmd = host.run(RemoteCommand.cmd("echo plain cmd"));
            assertEquals("plain cmd\r\n", cmd.stdout());
        }
        String wrapped = received.get(1);
        assertTrue(wrapped.startsWith(ShellWrapper.POWERSHELL_PREFIX), wrapped);
        assertEquals(
                "Write-Output 'it''s powershell'",
                ShellWrapper.decode(wrapped.substring(ShellWrapper.POWERSHELL_PREFIX.length())));
        assertEquals("echo plain cmd", received.get(2));
    }

    @Test
    void wrapsCmdForAPowerShellDefaultAndSendsPowerShellAsIs() throws Exception {
        try (RemoteHost host = start(Shell.POWERSHELL)) {
            assertEquals(
                    "via cmd\r\n", host.run(RemoteCommand.cmd("echo via cmd")).stdout());
            assertEquals(
                    "direct\r\n",
                    host.run(RemoteCommand.powershell("Write-Output 'direct'")).stdout());
        }
        assertEquals(ShellWrapper.CMD_PREFIX + "echo via cmd", received.get(1));
        assertEquals("Write-Output 'direct'", received.get(2));
    }

    @ParameterizedTest
    @EnumSource(Shell.class)
    void writesWindowsPathsThroughSftpDrivePathsAndTheWindowsFileCommands(Shell defaultShell) throws Exception {
        Files.createDirectories(root.resolve("C:").resolve("k"));
        byte[] v1 = "kind: KubeletConfiguration\n".getBytes(StandardCharsets.UTF_8);
        try (RemoteHost host = start(defaultShell)) {
            assertEquals(Optional.empty(), host.sha256("C:\\k\\kubelet.yaml"));
            assertEquals(new UploadResult(true, v1.length), host.writeIfChanged(v1, "C:\\k\\kubelet.yaml"));
            assertEquals(UploadResult.SKIPPED, host.writeIfChanged(v1, "C:\\k\\kubelet.yaml"));
            assertEquals(Optional.of(TestFiles.sha256(v1)), host.sha256("C:\\k\\kubelet.yaml"));
        }
        Path written = root.resolve("C:").resolve("k").resolve("kubelet.yaml");
        assertEquals(new String(v1, StandardCharsets.UTF_8), Files.readString(written));
        try (Stream<Path> files = Files.list(written.getParent())) {
            assertEquals(
                    List.of("kubelet.yaml"),
                    files.map(p -> p.getFileName().toString()).toList());
        }
        assertTrue(
                received.stream()
                        .anyMatch(w -> script(w, defaultShell)
                                .startsWith(CommandKind.REPLACE_FILE.template().substring(0, 20))),
                received.toString());
        assertFalse(received.stream().anyMatch(w -> w.contains("sha256sum")), "no POSIX command is sent");
    }

    private static String script(String wire, Shell defaultShell) {
        if (defaultShell == Shell.CMD && wire.startsWith(ShellWrapper.POWERSHELL_PREFIX)) {
            return ShellWrapper.decode(wire.substring(ShellWrapper.POWERSHELL_PREFIX.length()));
        }
        return wire;
    }

    /** Answers like Windows OpenSSH whose default shell is {@code defaultShell}, for a tiny vocabulary. */
    private final class WindowsLikeShell implements Command {
        private final Shell defaultShell;
        private final String wire;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        WindowsLikeShell(Shell defaultShell, String wire) {
            this.defaultShell = defaultShell;
            this.wire = wire;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            received.add(wire);
            Thread t = new Thread(
                    () -> {
                        int status;
                        try {
                            if (ShellWrapper.PROBE.equals(wire)) {
                                Thread.sleep(probeDelay.toMillis());
                            }
                            status = answer();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        } catch (IOException | RuntimeException e) {
                            status = 99;
                            write(err, e.toString());
                        }
                        write(out, "");
                        exit.onExit(status);
                    },
                    "windows-like-shell");
            t.setDaemon(true);
            t.start();
        }

        private int answer() throws IOException {
            if (defaultShell == Shell.CMD && wire.startsWith(ShellWrapper.POWERSHELL_PREFIX)) {
                return powershell(ShellWrapper.decode(wire.substring(ShellWrapper.POWERSHELL_PREFIX.length())));
            }
            if (defaultShell == Shell.POWERSHELL && wire.startsWith(ShellWrapper.CMD_PREFIX)) {
                return cmd(wire.substring(ShellWrapper.CMD_PREFIX.length()));
            }
            return defaultShell == Shell.CMD ? cmd(wire) : powershell(wire);
        }

        private int cmd(String line) {
            if (line.startsWith("echo ")) {
                write(out, line.substring(5) + "\r\n");
                return 0;
            }
            write(err, "'" + line.split(" ")[0] + "' is not recognized as an internal or external command\r\n");
            return 1;
        }

        private int powershell(String script) throws IOException {
            if (script.equals(ShellWrapper.PROBE)) {
                write(out, "5\r\n");
                return 0;
            }
            if (script.startsWith("Write-Output '") && script.endsWith("'")) {
                write(out, script.substring(14, script.length() - 1).replace("''", "'") + "\r\n");
                return 0;
            }
            Optional<MatchedCommand> m = CommandKind.match(script);
            if (m.isEmpty()) {
                write(err, "unknown command: " + script + "\r\n");
                return 1;
            }
            switch (m.get().kind()) {
                case FILE_SHA256 -> {
                    Path p = local(m.get().argument(0));
                    if (Files.isRegularFile(p)) {
                        write(out, TestFiles.sha256(p).toUpperCase(Locale.ROOT) + "\r\n");
                    }
                    return 0;
                }
                case REPLACE_FILE -> {
                    Files.move(
                            local(m.get().argument(0)),
                            local(m.get().argument(1)),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    return 0;
                }
                case REMOVE_FILE -> {
                    Files.deleteIfExists(local(m.get().argument(0)));
                    return 0;
                }
                default -> {
                    write(err, "not simulated here: " + m.get().kind() + "\r\n");
                    return 1;
                }
            }
        }

        private Path local(String windowsPath) {
            Path p = root;
            for (String part : windowsPath.split("\\\\")) {
                p = p.resolve(part);
            }
            return p;
        }

        private void write(OutputStream s, String text) {
            try {
                s.write(text.getBytes(StandardCharsets.UTF_8));
                s.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void destroy(ChannelSession channel) {}

        @Override
        public void setInputStream(InputStream in) {}

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }
    }
}
