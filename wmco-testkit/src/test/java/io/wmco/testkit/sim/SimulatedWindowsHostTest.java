package io.wmco.testkit.sim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.remote.CommandKind;
import io.wmco.domain.remote.CommandOutput;
import io.wmco.domain.remote.CommandResult;
import io.wmco.domain.remote.FileCommands;
import io.wmco.domain.remote.HnsCommands;
import io.wmco.domain.remote.HostCommands;
import io.wmco.domain.remote.RemoteCommand;
import io.wmco.domain.remote.ServiceCommands;
import io.wmco.domain.remote.ServiceState;
import io.wmco.domain.remote.ServiceStatus;
import io.wmco.domain.remote.Shell;
import io.wmco.domain.remote.ShellWrapper;
import io.wmco.domain.remote.WindowsCommandLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The simulated host over real SSH sessions: shells, the command vocabulary, SFTP, reboots, authentication and the
 * injected faults. Over 300 lines because every test shares the start and connect helpers and one operator key
 * generated for the class; the longest test walks the whole vocabulary on one host.
 */
class SimulatedWindowsHostTest {
    private static final String USER = "Administrator";
    private static KeyPair operatorKey;
    private SimulatedWindowsHost host;

    @BeforeAll
    static void generateKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        operatorKey = g.generateKeyPair();
    }

    @AfterEach
    void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    private SimulatedWindowsHost start(Shell shell) {
        host = SimulatedWindowsHost.builder()
                .bindAddress("127.0.0.1")
                .authorizedKey(operatorKey.getPublic())
                .defaultShell(shell)
                .hostname("win-a")
                .windowsBuild(20348)
                .emulateKubelet(false)
                .start();
        return host;
    }

    private SimSshClient connect() throws IOException {
        return SimSshClient.connect(host, USER, operatorKey);
    }

    @Test
    void probeSucceedsInAPowerShellDefaultShell() throws IOException {
        start(Shell.POWERSHELL);
        try (SimSshClient c = connect()) {
            CommandResult r = c.runWire(ShellWrapper.PROBE);
            assertEquals(0, r.exitStatus());
            assertEquals("5", r.stdout().strip());
            assertEquals(
                    "win-a",
                    c.run(HostCommands.hostname(), Shell.POWERSHELL).stdout().strip());
        }
        assertEquals(List.of(), host.unknownCommands());
        assertFalse(host.commandsOf(CommandKind.HOSTNAME).get(0).wrapped());
    }

    @Test
    void probeFailsInACmdDefaultShellAndWrappedPowerShellRuns() throws IOException {
        start(Shell.CMD);
        try (SimSshClient c = connect()) {
            CommandResult probe = c.runWire(ShellWrapper.PROBE);
            assertNotEquals(0, probe.exitStatus());
            assertTrue(probe.stderr().contains("is not recognized"), probe.stderr());
            CommandResult build = c.run(HostCommands.windowsBuild(), Shell.CMD);
            assertEquals(20348, HostCommands.parseWindowsBuild(build));
        }
        assertEquals(List.of(), host.unknownCommands());
        assertTrue(host.commandsOf(CommandKind.WINDOWS_BUILD).get(0).wrapped());
    }

    @Test
    void unwrappedPowerShellSentToCmdIsRejectedAsDrift() throws IOException {
        start(Shell.CMD);
        try (SimSshClient c = connect()) {
            CommandResult r = c.runWire(HostCommands.hostname().script());
            assertEquals(1, r.exitStatus());
            assertTrue(r.stderr().startsWith("simulator: unknown command: "), r.stderr());
        }
        assertEquals(1, host.unknownCommands().size());
    }

    @ParameterizedTest
    @EnumSource(Shell.class)
    void unknownCommandFailsLoudlyAndIsRecorded(Shell shell) throws IOException {
        start(shell);
        String script = "Get-Help; Stop-Computer " + "x".repeat(300);
        try (SimSshClient c = connect()) {
            CommandResult r = c.run(RemoteCommand.powershell(script), shell);
            assertEquals(1, r.exitStatus());
            assertEquals(
                    "simulator: unknown command: " + script.substring(0, 200),
                    r.stderr().strip());
            CommandResult cmd = c.run(RemoteCommand.cmd("sc.exe query kubelet"), shell);
            assertNotEquals(0, cmd.exitStatus());
        }
        assertEquals(2, host.unknownCommands().size());
    }

    @Test
    void sftpUploadLandsAtTheWindowsPath() throws IOException {
        start(Shell.CMD);
        byte[] content = "hello from sftp".getBytes(StandardCharsets.UTF_8);
        try (SimSshClient c = connect()) {
            assertEquals(
                    0,
                    c.run(FileCommands.ensureDirectory("C:\\k\\cni"), Shell.CMD).exitStatus());
            c.upload(content, "/C:/k/cni/conf.json");
            assertArrayEquals(content, Files.readAllBytes(host.resolve("C:\\k\\cni\\conf.json")));
            assertArrayEquals(content, Files.readAllBytes(host.resolve("c:\\K\\CNI\\CONF.JSON")));
            Optional<String> hash =
                    FileCommands.parseSha256(c.run(FileCommands.sha256("C:\\k\\cni\\conf.json"), Shell.CMD));
            assertEquals(Optional.of(sha256(content)), hash);
        }
    }

    @Test
    void fullVocabularyChangesStateLikeWindows() throws IOException {
        start(Shell.CMD);
        Shell sh = Shell.CMD;
        byte[] exe = randomBytes(100_000);
        String kubeletCmdLine = WindowsCommandLine.join(
                List.of("C:\\k\\kubelet.exe", "--v=2", "--node-labels=node.openshift.io/os_id=Windows"));
        try (SimSshClient c = connect()) {
            // directories and files
            assertEquals(
                    0, c.run(FileCommands.ensureDirectory("C:\\k\\sub"), sh).exitStatus());
            assertEquals(
                    0, c.run(FileCommands.ensureDirectory("C:\\k\\sub"), sh).exitStatus());
            assertTrue(Files.isDirectory(host.resolve("C:\\k\\sub")));
            assertEquals(
                    Optional.empty(), FileCommands.parseSha256(c.run(FileCommands.sha256("C:\\k\\kubelet.exe"), sh)));
            c.upload(exe, "/C:/k/kubelet.exe.tmp");
            assertEquals(
                    Optional.of(sha256(exe)),
                    FileCommands.parseSha256(c.run(FileCommands.sha256("C:\\k\\kubelet.exe.tmp"), sh)));
            assertEquals(
                    0,
                    c.run(FileCommands.replace("C:\\k\\kubelet.exe.tmp", "C:\\k\\kubelet.exe"), sh)
                            .exitStatus());
            assertFalse(Files.exists(host.resolve("C:\\k\\kubelet.exe.tmp")));
            assertArrayEquals(exe, Files.readAllBytes(host.resolve("C:\\k\\kubelet.exe")));
            assertEquals(
                    1,
                    c.run(FileCommands.replace("C:\\k\\missing", "C:\\k\\x"), sh)
                            .exitStatus());

            // services
            assertEquals(ServiceStatus.MISSING, status(c, "kubelet"));
            assertEquals(1, c.run(ServiceCommands.start("kubelet"), sh).exitStatus());
            assertEquals(
                    0,
                    c.run(ServiceCommands.create("kubelet", kubeletCmdLine), sh).exitStatus());
            assertEquals(
                    1,
                    c.run(ServiceCommands.create("kubelet", kubeletCmdLine), sh).exitStatus());
            assertEquals(new ServiceStatus(ServiceState.STOPPED, "Automatic", kubeletCmdLine), status(c, "kubelet"));
            assertEquals("restart/10000", host.service("kubelet").orElseThrow().recoveryActions());
            assertEquals(0, c.run(ServiceCommands.start("kubelet"), sh).exitStatus());
            assertEquals(ServiceState.RUNNING, status(c, "KUBELET").state());
            CommandResult locked = c.run(FileCommands.remove("C:\\k\\kubelet.exe"), sh);
            assertEquals(1, locked.exitStatus());
            assertTrue(locked.stderr().contains("kubelet"), locked.stderr());
            assertEquals(1, c.run(FileCommands.removeDirectory("C:\\k"), sh).exitStatus());
            String newCmdLine = kubeletCmdLine + " --v=4";
            assertEquals(
                    0,
                    c.run(ServiceCommands.setBinaryPath("kubelet", newCmdLine), sh)
                            .exitStatus());
            assertEquals(newCmdLine, status(c, "kubelet").binaryPath());
            assertEquals(
                    1,
                    c.run(ServiceCommands.setBinaryPath("nosuch", newCmdLine), sh)
                            .exitStatus());
            assertEquals(0, c.run(ServiceCommands.stop("kubelet"), sh).exitStatus());
            assertEquals(ServiceState.STOPPED, status(c, "kubelet").state());
            assertEquals(0, c.run(ServiceCommands.stop("nosuch"), sh).exitStatus());
            assertEquals(0, c.run(ServiceCommands.delete("kubelet"), sh).exitStatus());
            assertEquals(ServiceStatus.MISSING, status(c, "kubelet"));
            assertEquals(0, c.run(ServiceCommands.delete("kubelet"), sh).exitStatus());

            // a service whose executable is missing cannot start
            assertEquals(
                    0,
                    c.run(
                                    ServiceCommands.create(
                                            "windows_exporter", "C:\\k\\windows_exporter.exe --collectors.enabled=cpu"),
                                    sh)
                            .exitStatus());
            CommandResult noExe = c.run(ServiceCommands.start("windows_exporter"), sh);
            assertEquals(1, noExe.exitStatus());
            assertTrue(noExe.stderr().contains("cannot find the file"), noExe.stderr());

            // files and directories go away
            assertEquals(0, c.run(FileCommands.remove("C:\\k\\kubelet.exe"), sh).exitStatus());
            assertFalse(Files.exists(host.resolve("C:\\k\\kubelet.exe")));
            assertEquals(0, c.run(FileCommands.remove("C:\\k\\kubelet.exe"), sh).exitStatus());
            assertEquals(0, c.run(FileCommands.removeDirectory("C:\\k"), sh).exitStatus());
            assertFalse(Files.exists(host.resolve("C:\\k")));
            assertEquals(0, c.run(FileCommands.removeDirectory("C:\\k"), sh).exitStatus());

            // HNS networks need the module
            assertEquals(
                    1, c.run(HnsCommands.networkNames("C:\\k\\hns.psm1"), sh).exitStatus());
            assertEquals(0, c.run(FileCommands.ensureDirectory("C:\\k"), sh).exitStatus());
            c.upload("# hns".getBytes(StandardCharsets.UTF_8), "/C:/k/hns.psm1");
            host.seedHnsNetwork("OVNKubernetesHybridOverlayNetwork");
            host.seedHnsNetwork("nat");
            assertEquals(
                    List.of("OVNKubernetesHybridOverlayNetwork", "nat").stream()
                            .sorted()
                            .toList(),
                    CommandOutput.lines(c.run(HnsCommands.networkNames("C:\\k\\hns.psm1"), sh)).stream()
                            .sorted()
                            .toList());
            assertEquals(
                    0,
                    c.run(HnsCommands.removeNetwork("C:\\k\\hns.psm1", "OVNKubernetesHybridOverlayNetwork"), sh)
                            .exitStatus());
            assertEquals(Set.of("nat"), host.hnsNetworks());
            CommandResult noNetwork = c.run(
                    HnsCommands.ensureEndpoint("C:\\k\\hns.psm1", "OVNKubernetesHybridOverlayNetwork", "VIPEndpoint"),
                    sh);
            assertEquals(1, noNetwork.exitStatus());
            host.seedHnsNetwork("OVNKubernetesHybridOverlayNetwork", "10.132.2.0/23");
            for (int i = 0; i < 2; i++) {
                assertEquals(
                        "10.132.2.2",
                        HnsCommands.parseEndpointAddress(c.run(
                                HnsCommands.ensureEndpoint(
                                        "C:\\k\\hns.psm1", "OVNKubernetesHybridOverlayNetwork", "VIPEndpoint"),
                                sh)));
            }
            assertEquals(java.util.Map.of("VIPEndpoint", "10.132.2.2"), host.hnsEndpoints());

            assertEquals("win-a", c.run(HostCommands.hostname(), sh).stdout().strip());
            assertEquals(20348, HostCommands.parseWindowsBuild(c.run(HostCommands.windowsBuild(), sh)));
            assertEquals(
                    0,
                    c.runWire(ShellWrapper.wireForm(RemoteCommand.powershell(ShellWrapper.PROBE), sh))
                            .exitStatus());
        }
        assertEquals(List.of(), host.unknownCommands());
        Set<CommandKind> seen = host.commandLog().stream()
                .map(CommandLogEntry::kind)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(CommandKind.class)));
        // covered by renameAndRebootRestartsAutomaticServicesUnderTheNewName
        seen.addAll(List.of(CommandKind.RENAME_COMPUTER, CommandKind.RESTART_COMPUTER, CommandKind.LAST_BOOT_TIME));
        seen.addAll(List.of(
                CommandKind.DRIVE_FREE_BYTES,
                CommandKind.LISTENING_TCP_PORTS,
                CommandKind.FIREWALL_INBOUND_RULES)); // covered by SimulatedHostPreflightFactsTest
        seen.addAll(SimulatedHostSettingsTest.COVERED);
        seen.add(CommandKind.UNPACK_FILE); // covered by SimulatedHostUnpackTest
        assertEquals(EnumSet.allOf(CommandKind.class), seen);
    }

    @Test
    void renameAndRebootRestartsAutomaticServicesUnderTheNewName() throws IOException {
        start(Shell.POWERSHELL);
        Shell sh = Shell.POWERSHELL;
        String bootBefore;
        try (SimSshClient c = connect()) {
            c.run(FileCommands.ensureDirectory("C:\\k"), sh);
            c.upload(new byte[] {1}, "/C:/k/kube-proxy.exe");
            assertEquals(
                    0,
                    c.run(ServiceCommands.create("kube-proxy", "C:\\k\\kube-proxy.exe"), sh)
                            .exitStatus());
            assertEquals(0, c.run(ServiceCommands.start("kube-proxy"), sh).exitStatus());
            host.installService("manual-one", "C:\\k\\kube-proxy.exe", "Manual");
            assertEquals(0, c.run(ServiceCommands.start("manual-one"), sh).exitStatus());
            assertEquals(1, c.run(HostCommands.renameComputer("bad name!"), sh).exitStatus());
            assertEquals(0, c.run(HostCommands.renameComputer("winvm-01"), sh).exitStatus());
            // the name takes effect only at the reboot
            assertEquals("win-a", c.run(HostCommands.hostname(), sh).stdout().strip());
            bootBefore = HostCommands.parseLastBootTime(c.run(HostCommands.lastBootTime(), sh));
            assertEquals(0, c.run(HostCommands.restartComputer(), sh).exitStatus());
            await().atMost(Duration.ofSeconds(10)).until(() -> !c.isOpen());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> host.rebootLog().size() == 1);
        assertEquals(1, host.reboots());
        assertEquals("winvm-01", host.hostname());
        assertEquals(
                ServiceState.RUNNING, host.service("kube-proxy").orElseThrow().state());
        assertEquals(
                ServiceState.STOPPED, host.service("manual-one").orElseThrow().state());
        try (SimSshClient c = connect()) {
            assertEquals("winvm-01", c.run(HostCommands.hostname(), sh).stdout().strip());
            assertNotEquals(bootBefore, HostCommands.parseLastBootTime(c.run(HostCommands.lastBootTime(), sh)));
        }
        assertEquals(List.of(), host.unknownCommands());
    }

    @Test
    void aRebootingHostDropsNewConnectionsUntilItIsBack() throws IOException {
        host = SimulatedWindowsHost.builder()
                .authorizedKey(operatorKey.getPublic())
                .defaultShell(Shell.POWERSHELL)
                .hostname("win-a")
                .emulateKubelet(false)
                .rebootDowntime(Duration.ofSeconds(3))
                .start();
        try (SimSshClient c = connect()) {
            assertEquals(
                    0, c.run(HostCommands.restartComputer(), Shell.POWERSHELL).exitStatus());
        }
        await().atMost(Duration.ofSeconds(5)).until(host::isDown);
        assertThrows(IOException.class, this::connect);
        await().atMost(Duration.ofSeconds(10)).until(() -> !host.isDown());
        try (SimSshClient c = connect()) {
            assertEquals(
                    "win-a",
                    c.run(HostCommands.hostname(), Shell.POWERSHELL).stdout().strip());
        }
        SimulatedWindowsHost.Reboot r = host.rebootLog().get(0);
        assertTrue(Duration.between(r.down(), r.up()).compareTo(Duration.ofSeconds(3)) >= 0, r.toString());
        // the unknown-command rule still holds next to the new command
        try (SimSshClient c = connect()) {
            assertEquals(1, c.runWire("Restart-Computer").exitStatus());
        }
        assertEquals(1, host.unknownCommands().size());
    }

    @Test
    void hostileValuesReachTheHostExactly() throws IOException {
        start(Shell.CMD);
        String name = "C:\\k\\it's $(Stop-Computer) `n; & \"x\" \u2019";
        try (SimSshClient c = connect()) {
            assertEquals(0, c.run(FileCommands.ensureDirectory(name), Shell.CMD).exitStatus());
        }
        assertTrue(Files.isDirectory(host.drive().resolve("k").resolve("it's $(Stop-Computer) `n; & \"x\" \u2019")));
        assertEquals(
                List.of(name),
                host.commandsOf(CommandKind.ENSURE_DIRECTORY).get(0).arguments());
    }

    @Test
    void rejectsAuthenticationWhenToldAndUnknownKeysAlways() throws Exception {
        start(Shell.CMD);
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair stranger = g.generateKeyPair();
        assertThrows(
                IOException.class,
                () -> SimSshClient.connect(host, USER, stranger).close());
        assertThrows(
                IOException.class,
                () -> SimSshClient.connect(host, "guest", operatorKey).close());
        host.faults().rejectAuthentication(true);
        assertThrows(IOException.class, () -> connect().close());
        host.faults().rejectAuthentication(false);
        try (SimSshClient c = connect()) {
            assertTrue(c.isOpen());
        }
    }

    @Test
    void keysAuthorisedAndRevokedWhileRunningApplyToNewConnectionsOnly() throws Exception {
        start(Shell.CMD);
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair next = g.generateKeyPair();
        assertThrows(
                IOException.class, () -> SimSshClient.connect(host, USER, next).close());
        host.authorizeKey(next.getPublic());
        try (SimSshClient open = connect()) {
            host.revokeKey(operatorKey.getPublic());
            assertThrows(IOException.class, () -> connect().close());
            assertEquals(0, open.run(HostCommands.hostname(), Shell.CMD).exitStatus(), "an open session stays");
            try (SimSshClient c = SimSshClient.connect(host, USER, next)) {
                assertTrue(c.isOpen());
            }
        }
    }

    @Test
    void droppedConnectionsCloseOpenSessionsOnly() throws IOException {
        start(Shell.CMD);
        try (SimSshClient open = connect()) {
            host.dropConnections();
            await().atMost(Duration.ofSeconds(10)).until(() -> !open.isOpen());
        }
        try (SimSshClient c = connect()) {
            assertEquals(0, c.run(HostCommands.hostname(), Shell.CMD).exitStatus());
        }
    }

    @Test
    void regeneratedHostKeyIsPresentedToNewConnections() throws IOException {
        start(Shell.CMD);
        try (SimSshClient before = connect()) {
            assertEquals(host.hostKey(), before.seenHostKey());
            host.regenerateHostKey();
            try (SimSshClient after = connect()) {
                assertNotEquals(before.seenHostKey(), after.seenHostKey());
                assertEquals(host.hostKey(), after.seenHostKey());
            }
        }
    }

    @Test
    void injectedFailuresHitTheNamedKindOnlyAndRunOut() throws IOException {
        start(Shell.CMD);
        host.faults().failCommand(CommandKind.HOSTNAME, 2);
        try (SimSshClient c = connect()) {
            for (int i = 0; i < 2; i++) {
                CommandResult r = c.run(HostCommands.hostname(), Shell.CMD);
                assertEquals(1, r.exitStatus());
                assertTrue(r.stderr().contains("injected failure of HOSTNAME"), r.stderr());
                assertEquals(0, c.run(HostCommands.windowsBuild(), Shell.CMD).exitStatus());
            }
            assertEquals(0, c.run(HostCommands.hostname(), Shell.CMD).exitStatus());
            host.faults().failCommandAlways(CommandKind.ENSURE_DIRECTORY);
            for (int i = 0; i < 3; i++) {
                assertEquals(
                        1,
                        c.run(FileCommands.ensureDirectory("C:\\k"), Shell.CMD).exitStatus());
            }
            assertFalse(Files.exists(host.resolve("C:\\k")));
        }
    }

    @Test
    void delayedKindAnswersNoSoonerThanItsDelay() throws IOException {
        start(Shell.CMD);
        host.faults().delay(CommandKind.HOSTNAME, Duration.ofMillis(400));
        assertThrows(
                IllegalArgumentException.class, () -> host.faults().delay(CommandKind.HOSTNAME, Duration.ofHours(1)));
        try (SimSshClient c = connect()) {
            long t0 = System.nanoTime();
            assertEquals(0, c.run(HostCommands.hostname(), Shell.CMD).exitStatus());
            assertTrue(Duration.ofNanos(System.nanoTime() - t0).toMillis() >= 400);
        }
    }

    @Test
    void connectionDropsOnceAfterTheConfiguredSftpBytes() throws IOException {
        start(Shell.CMD);
        byte[] big = randomBytes(1_000_000);
        host.faults().dropConnectionAfterSftpBytes(100_000);
        try (SimSshClient c = connect()) {
            assertThrows(IOException.class, () -> c.upload(big, "/C:/big.bin"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !c.isOpen());
        }
        long written = Files.exists(host.resolve("C:\\big.bin")) ? Files.size(host.resolve("C:\\big.bin")) : 0;
        assertTrue(written <= 100_000, "wrote " + written);
        List<String> dropped = host.faults().droppedWrites();
        assertEquals(1, dropped.size(), dropped.toString());
        assertTrue(dropped.get(0).endsWith("big.bin"), dropped.toString());
        try (SimSshClient c = connect()) {
            c.upload(big, "/C:/big.bin");
        }
        assertArrayEquals(big, Files.readAllBytes(host.resolve("C:\\big.bin")));
    }

    @Test
    void bandwidthLimitSlowsSftpWrites() throws IOException {
        start(Shell.CMD);
        host.faults().sftpWriteBandwidth(1_000_000);
        byte[] data = randomBytes(500_000);
        try (SimSshClient c = connect()) {
            long t0 = System.nanoTime();
            c.upload(data, "/C:/slow.bin");
            long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            assertTrue(ms >= 450, "500 kB at 1 MB/s took only " + ms + " ms");
        }
        assertArrayEquals(data, Files.readAllBytes(host.resolve("C:\\slow.bin")));
    }

    @Test
    void acceptsKeysGivenAsAuthorizedKeysLines() throws Exception {
        String line =
                org.apache.sshd.common.config.keys.PublicKeyEntry.toString(operatorKey.getPublic()) + " operator@wmco";
        host = SimulatedWindowsHost.builder()
                .authorizedKeyLine(line)
                .emulateKubelet(false)
                .start();
        try (SimSshClient c = connect()) {
            assertTrue(c.isOpen());
        }
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SimulatedWindowsHost.builder().authorizedKeyLine("ssh-rsa not-base64!"));
        assertTrue(e.getMessage().contains("OpenSSH public key"), e.getMessage());
    }

    @Test
    void refusesToStartWithoutAnAuthorizedKey() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> SimulatedWindowsHost.builder().start());
        assertTrue(e.getMessage().contains("authorizedKey"), e.getMessage());
    }

    private static ServiceStatus status(SimSshClient c, String name) throws IOException {
        return ServiceCommands.parseQuery(c.run(ServiceCommands.query(name), Shell.CMD));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
