package io.wmco.domain.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.remote.HostCommands.ListeningPort;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Host facts: the commands {@code wmco preflight} sends (disk space, listening ports, firewall rules) and the host name and build the operator reads. */
class HostCommandsTest {

    /** The kinds this class covers (for {@link CommandVocabularyTest#everyKindHasABuilderThatIsRecognisedAsThatKind}). */
    static final Set<CommandKind> COVERED = Set.of(
            CommandKind.DRIVE_FREE_BYTES,
            CommandKind.LISTENING_TCP_PORTS,
            CommandKind.FIREWALL_INBOUND_RULES,
            CommandKind.LAST_BOOT_TIME,
            CommandKind.RESTART_COMPUTER);

    private static CommandResult ok(String stdout) {
        return new CommandResult(0, stdout, "");
    }

    @Test
    void driveFreeBytesRoundTripsTheDriveAndParsesTheNumber() {
        MatchedCommand m =
                CommandKind.match(HostCommands.driveFreeBytes("C:\\").script()).orElseThrow();

        assertEquals(CommandKind.DRIVE_FREE_BYTES, m.kind());
        assertEquals(List.of("C:\\"), m.arguments());
        assertEquals(53_687_091_200L, HostCommands.parseDriveFreeBytes(ok("53687091200\r\n")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"C:", "C:\\k\\", "CC:\\", "", "C:\\'; Stop-Computer; '"})
    void driveFreeBytesRefusesWhatIsNotADriveRoot(String drive) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> HostCommands.driveFreeBytes(drive));
        assertTrue(e.getMessage().contains("drive root"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "lots", "12 GB"})
    void driveFreeBytesRefusesOutputThatIsNotACount(String out) {
        assertThrows(IllegalArgumentException.class, () -> HostCommands.parseDriveFreeBytes(ok(out)));
    }

    @Test
    void failedCommandIsAnErrorNotAZero() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> HostCommands.parseDriveFreeBytes(new CommandResult(1, "", "access denied")));
        assertTrue(e.getMessage().contains("exit status 1"), e.getMessage());
    }

    @Test
    void listeningPortsParseWithAndWithoutProcessName() {
        assertEquals(
                CommandKind.LISTENING_TCP_PORTS,
                CommandKind.match(HostCommands.listeningTcpPorts().script())
                        .orElseThrow()
                        .kind());

        assertEquals(
                List.of(
                        new ListeningPort(22, "sshd"),
                        new ListeningPort(135, ""),
                        new ListeningPort(10250, "some tool")),
                HostCommands.parseListeningTcpPorts(ok("22 sshd\r\n135\r\n\r\n10250 some tool\r\n")));
        assertEquals(List.of(), HostCommands.parseListeningTcpPorts(ok("")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sshd 22", "0 idle", "70000 x"})
    void listeningPortsRefuseMalformedLines(String line) {
        assertThrows(IllegalArgumentException.class, () -> HostCommands.parseListeningTcpPorts(ok(line)));
    }

    @Test
    void firewallRulesRoundTripThePortAndParseTheCount() {
        MatchedCommand m = CommandKind.match(
                        HostCommands.firewallInboundRules(10250).script())
                .orElseThrow();

        assertEquals(CommandKind.FIREWALL_INBOUND_RULES, m.kind());
        assertEquals(List.of("10250"), m.arguments());
        assertEquals(2, HostCommands.parseFirewallRuleCount(ok("2\r\n")));
        assertThrows(IllegalArgumentException.class, () -> HostCommands.parseFirewallRuleCount(ok("yes")));
        assertThrows(IllegalArgumentException.class, () -> HostCommands.firewallInboundRules(0));
    }

    @Test
    void parsesWindowsBuild() {
        assertEquals(20348, HostCommands.parseWindowsBuild(new CommandResult(0, "20348\r\n", "")));
        assertThrows(
                IllegalArgumentException.class, () -> HostCommands.parseWindowsBuild(new CommandResult(0, "ten", "")));
    }

    @Test
    void parsesTheLastBootTimeAsPrintedAndRefusesNothingOrAFailure() {
        assertEquals(
                "2026-12-02T05:00:00.0000000Z",
                HostCommands.parseLastBootTime(new CommandResult(0, "2026-12-02T05:00:00.0000000Z\r\n", "")));
        assertThrows(
                IllegalArgumentException.class,
                () -> HostCommands.parseLastBootTime(new CommandResult(0, " \r\n", "")));
        assertThrows(
                IllegalArgumentException.class,
                () -> HostCommands.parseLastBootTime(new CommandResult(1, "x", "Get-CimInstance : Access denied")));
    }

    @Test
    void theRebootIsExactlyRestartComputerForce() {
        assertEquals(
                CommandKind.LAST_BOOT_TIME,
                CommandKind.match(HostCommands.lastBootTime().script())
                        .orElseThrow()
                        .kind());
        assertEquals("Restart-Computer -Force", HostCommands.restartComputer().script());
        assertEquals(
                CommandKind.RESTART_COMPUTER,
                CommandKind.match("Restart-Computer -Force").orElseThrow().kind());
        assertTrue(CommandKind.match("Restart-Computer").isEmpty());
        // the rename no longer reboots by itself: the reboot is its own command
        assertFalse(HostCommands.renameComputer("winvm-01").script().contains("Restart"));
    }

    @Test
    void parsesHostnameAsPrintedAndRefusesNothing() {
        assertEquals("WIN-A1", HostCommands.parseHostname(new CommandResult(0, "WIN-A1\r\n", "")));
        assertThrows(IllegalArgumentException.class, () -> HostCommands.parseHostname(new CommandResult(0, "", "")));
    }
}
