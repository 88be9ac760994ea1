package io.wmco.domain.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.remote.WindowsCommands.ListeningPort;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The commands {@code wmco preflight} sends: disk space, listening ports, firewall rules. */
class PreflightCommandsTest {

    /** The kinds this class covers (for {@link WindowsCommandsTest#everyKindHasABuilderThatIsRecognisedAsThatKind}). */
    static final Set<CommandKind> COVERED =
            Set.of(CommandKind.DRIVE_FREE_BYTES, CommandKind.LISTENING_TCP_PORTS, CommandKind.FIREWALL_INBOUND_RULES);

    private static CommandResult ok(String stdout) {
        return new CommandResult(0, stdout, "");
    }

    @Test
    void driveFreeBytesRoundTripsTheDriveAndParsesTheNumber() {
        MatchedCommand m = CommandKind.match(
                        WindowsCommands.driveFreeBytes("C:\\").script())
                .orElseThrow();

        assertEquals(CommandKind.DRIVE_FREE_BYTES, m.kind());
        assertEquals(List.of("C:\\"), m.arguments());
        assertEquals(53_687_091_200L, WindowsCommands.parseDriveFreeBytes(ok("53687091200\r\n")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"C:", "C:\\k\\", "CC:\\", "", "C:\\'; Stop-Computer; '"})
    void driveFreeBytesRefusesWhatIsNotADriveRoot(String drive) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> WindowsCommands.driveFreeBytes(drive));
        assertTrue(e.getMessage().contains("drive root"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "lots", "12 GB"})
    void driveFreeBytesRefusesOutputThatIsNotACount(String out) {
        assertThrows(IllegalArgumentException.class, () -> WindowsCommands.parseDriveFreeBytes(ok(out)));
    }

    @Test
    void failedCommandIsAnErrorNotAZero() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> WindowsCommands.parseDriveFreeBytes(new CommandResult(1, "", "access denied")));
        assertTrue(e.getMessage().contains("exit status 1"), e.getMessage());
    }

    @Test
    void listeningPortsParseWithAndWithoutProcessName() {
        assertEquals(
                CommandKind.LISTENING_TCP_PORTS,
                CommandKind.match(WindowsCommands.listeningTcpPorts().script())
                        .orElseThrow()
                        .kind());

        assertEquals(
                List.of(
                        new ListeningPort(22, "sshd"),
                        new ListeningPort(135, ""),
                        new ListeningPort(10250, "some tool")),
                WindowsCommands.parseListeningTcpPorts(ok("22 sshd\r\n135\r\n\r\n10250 some tool\r\n")));
        assertEquals(List.of(), WindowsCommands.parseListeningTcpPorts(ok("")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sshd 22", "0 idle", "70000 x"})
    void listeningPortsRefuseMalformedLines(String line) {
        assertThrows(IllegalArgumentException.class, () -> WindowsCommands.parseListeningTcpPorts(ok(line)));
    }

    @Test
    void firewallRulesRoundTripThePortAndParseTheCount() {
        MatchedCommand m = CommandKind.match(
                        WindowsCommands.firewallInboundRules(10250).script())
                .orElseThrow();

        assertEquals(CommandKind.FIREWALL_INBOUND_RULES, m.kind());
        assertEquals(List.of("10250"), m.arguments());
        assertEquals(2, WindowsCommands.parseFirewallRuleCount(ok("2\r\n")));
        assertThrows(IllegalArgumentException.class, () -> WindowsCommands.parseFirewallRuleCount(ok("yes")));
        assertThrows(IllegalArgumentException.class, () -> WindowsCommands.firewallInboundRules(0));
    }
}
