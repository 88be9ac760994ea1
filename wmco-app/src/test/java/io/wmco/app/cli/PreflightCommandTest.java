package io.wmco.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.remote.CommandKind;
import io.wmco.domain.remote.Shell;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code wmco preflight} against the simulated Windows host: a good host passes every check, and for each check a
 * host that fails exactly that one. The simulator fails any command outside the operator's vocabulary, so
 * {@code unknownCommands()} staying empty proves the CLI speaks only that vocabulary.
 */
class PreflightCommandTest {
    static final List<String> CHECKS = List.of(
            "ssh",
            "host key",
            "shell",
            "hostname",
            "windows build",
            "firewall",
            "ports",
            "container runtime",
            "disk space");

    @TempDir
    static Path dir;

    static KeyPair operatorKey;
    static Path keyFile;
    private SimulatedWindowsHost host;

    @BeforeAll
    static void writeKey() {
        operatorKey = CliTestKeys.rsaKeyPair();
        keyFile = CliTestKeys.write(dir, operatorKey);
    }

    @AfterEach
    void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    private SimulatedWindowsHost start(UnaryOperator<SimulatedWindowsHost.Builder> customize) {
        host = customize
                .apply(SimulatedWindowsHost.builder()
                        .authorizedKey(operatorKey.getPublic())
                        .hostname("WIN-BYOH-1")
                        .emulateKubelet(false))
                .start();
        return host;
    }

    private CliRun preflight(String... extra) {
        return preflightAs("Administrator", extra);
    }

    private CliRun preflightAs(String user, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "preflight",
                "--host",
                host.host(),
                "--port",
                String.valueOf(host.port()),
                "--user",
                user,
                "--key",
                keyFile.toString(),
                "--timeout",
                "5"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** The report line of one check. */
    private static String line(CliRun run, String check) {
        return run.out()
                .lines()
                .filter(l -> l.length() > 6 && l.substring(6).startsWith(check + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + check + " in\n" + run.out()));
    }

    private static String status(CliRun run, String check) {
        return line(run, check).substring(0, 4);
    }

    @Test
    void goodHostPassesEveryCheckWithOneLineEach() {
        start(b -> b.defaultShell(Shell.CMD));

        CliRun run = preflight();

        assertEquals(0, run.exitStatus(), run.all());
        for (String check : CHECKS) {
            assertEquals("PASS", status(run, check), check + " in\n" + run.out());
        }
        assertTrue(line(run, "host key").contains("SHA256:"), run.out());
        assertTrue(line(run, "hostname").contains("node name win-byoh-1"), run.out());
        assertTrue(line(run, "windows build").contains("Windows Server 2022 LTSC (10.0.20348)"), run.out());
        assertTrue(line(run, "shell").contains("cmd; the operator wraps"), run.out());
        assertTrue(run.out().contains("PASSED: all 9 checks"), run.out());
        assertEquals(List.of(), host.unknownCommands());
        assertFalse(run.all().contains(CliTestKeys.privateBase64(operatorKey)));
        assertFalse(run.all().contains("\tat "), "no stack traces");
    }

    @Test
    void pinnedHostKeyThatMatchesPasses() {
        start(b -> b.defaultShell(Shell.POWERSHELL));
        String fingerprint = line(preflight(), "host key").replaceAll("^.*?(SHA256:[^\\s)]+).*$", "$1");

        CliRun run = preflight("--host-key", fingerprint);

        assertEquals(0, run.exitStatus(), run.all());
        assertTrue(line(run, "host key").contains(fingerprint + " (as expected)"), run.out());
        assertTrue(line(run, "shell").contains("PowerShell"), run.out());
    }

    /** For each check: how to break a host for it, and words the failure line or its fix must hold. */
    static Stream<Arguments> brokenHosts() {
        return Stream.of(
                Arguments.of(
                        "ssh",
                        (Consumer<SimulatedWindowsHost>) h -> h.faults().rejectAuthentication(true),
                        UnaryOperator.<SimulatedWindowsHost.Builder>identity(),
                        "refused the key",
                        "administrators_authorized_keys"),
                Arguments.of(
                        "host key",
                        (Consumer<SimulatedWindowsHost>) h -> {},
                        UnaryOperator.<SimulatedWindowsHost.Builder>identity(),
                        "expected SHA256:",
                        "if the host was reinstalled"),
                Arguments.of(
                        "shell",
                        (Consumer<SimulatedWindowsHost>) h -> h.faults().failCommandAlways(CommandKind.HOSTNAME),
                        UnaryOperator.<SimulatedWindowsHost.Builder>identity(),
                        "PowerShell commands fail",
                        "powershell.exe"),
                Arguments.of(
                        "hostname",
                        (Consumer<SimulatedWindowsHost>) h -> {},
                        (UnaryOperator<SimulatedWindowsHost.Builder>) b -> b.hostname("WIN_BYOH"),
                        "WIN_BYOH",
                        "Rename-Computer"),
                Arguments.of(
                        "windows build",
                        (Consumer<SimulatedWindowsHost>) h -> {},
                        (UnaryOperator<SimulatedWindowsHost.Builder>) b -> b.windowsBuild(19041),
                        "Windows build 10.0.19041 is not supported",
                        "supported Windows Server LTSC"),
                Arguments.of(
                        "firewall",
                        (Consumer<SimulatedWindowsHost>) h -> {},
                        (UnaryOperator<SimulatedWindowsHost.Builder>) b -> b.firewallInboundPorts(22, 9182),
                        "no inbound allow rule for TCP 10250 (kubelet)",
                        "New-NetFirewallRule -DisplayName 'wmco 10250'"),
                Arguments.of(
                        "ports",
                        (Consumer<SimulatedWindowsHost>) h -> {},
                        (UnaryOperator<SimulatedWindowsHost.Builder>) b -> b.listeningProcess(9182, "node_exporter"),
                        "TCP 9182 by node_exporter already listening",
                        "Get-NetTCPConnection"),
                Arguments.of(
                        "container runtime",
                        (Consumer<SimulatedWindowsHost>) h -> h.installService(
                                "containerd", "C:\\Program Files\\containerd\\containerd.exe", "Disabled"),
                        UnaryOperator.<SimulatedWindowsHost.Builder>identity(),
                        "containerd service exists but is " + "disabled",
                        "Set-Service containerd -StartupType Automatic"),
                Arguments.of(
                        "disk space",
                        (Consumer<SimulatedWindowsHost>) h -> {},
                        (UnaryOperator<SimulatedWindowsHost.Builder>) b -> b.freeDiskBytes(3L << 30),
                        "3.0 GiB free on C:\\, less than 10 GiB",
                        "extend the volume"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenHosts")
    void hostBrokenForOneCheckFailsThatCheckWithItsFix(
            String check,
            Consumer<SimulatedWindowsHost> breakRunning,
            UnaryOperator<SimulatedWindowsHost.Builder> breakBuilder,
            String detail,
            String fix) {
        start(breakBuilder);
        breakRunning.accept(host);

        CliRun run = check.equals("host key") ? preflight("--host-key", "SHA256:" + "A".repeat(43)) : preflight();

        assertEquals(1, run.exitStatus(), run.all());
        assertEquals("FAIL", status(run, check), run.out());
        assertTrue(line(run, check).contains(detail), line(run, check));
        String fixLine = run.out()
                .lines()
                .dropWhile(l -> !l.equals(line(run, check)))
                .skip(1)
                .findFirst()
                .orElse("");
        assertTrue(fixLine.startsWith("      fix: ") && fixLine.contains(fix), fixLine);
        long failures = run.out().lines().filter(l -> l.startsWith("FAIL  ")).count();
        assertEquals(1, failures, "only the broken check fails (others pass or are skipped):\n" + run.out());
        assertTrue(run.out().contains("FAILED: 1 of 9 checks"), run.out());
        assertEquals(List.of(), host.unknownCommands());
        assertFalse(run.all().contains("\tat "), "no stack traces for expected failures");
        assertFalse(run.all().contains(CliTestKeys.privateBase64(operatorKey)));
    }

    @Test
    void dockerRunningFailsTheContainerRuntimeCheck() throws Exception {
        start(UnaryOperator.identity());
        java.nio.file.Files.createDirectories(host.resolve("C:\\Program Files\\Docker"));
        java.nio.file.Files.writeString(host.resolve("C:\\Program Files\\Docker\\dockerd.exe"), "stand-in");
        host.installService("docker", "\"C:\\Program Files\\Docker\\dockerd.exe\" --run-service", "Automatic");
        try (io.wmco.testkit.sim.SimSshClient c =
                io.wmco.testkit.sim.SimSshClient.connect(host, "Administrator", operatorKey)) {
            assertEquals(
                    0,
                    c.run(io.wmco.domain.remote.ServiceCommands.start("docker"), Shell.CMD)
                            .exitStatus());
        }

        CliRun run = preflight();

        assertEquals(1, run.exitStatus(), run.all());
        assertTrue(line(run, "container runtime").contains("the Docker service runs"), run.out());
    }

    @Test
    void nameWindowsAllowsButAShellWouldInterpretIsNeverPutIntoASuggestion() {
        start(UnaryOperator.identity()).faults().rejectAuthentication(true);
        String hostile = "o'brien&&calc$(x)";

        CliRun run = preflightAs(hostile);

        assertEquals(1, run.exitStatus(), run.all());
        assertTrue(line(run, "ssh").contains("refused the key for user <user>"), run.out());
        assertTrue(run.out().contains("C:\\Users\\<user>\\.ssh\\authorized_keys"), run.out());
        assertFalse(run.all().contains("brien"), "the name must not be echoed: " + run.all());
    }

    @Test
    void unreachableHostFailsSshAndSkipsTheRest() {
        start(UnaryOperator.identity());
        int port = host.port();
        host.close();
        host = null;

        CliRun run = CliRun.of(
                "preflight",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--user",
                "Administrator",
                "--key",
                keyFile.toString(),
                "--timeout",
                "5");

        assertEquals(1, run.exitStatus(), run.all());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("FAIL  ssh") && l.contains("cannot reach")), run.out());
        assertEquals(8, run.out().lines().filter(l -> l.startsWith("SKIP")).count(), run.out());
    }
}
