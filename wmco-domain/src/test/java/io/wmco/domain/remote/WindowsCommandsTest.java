package io.wmco.domain.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.remote.WindowsCommands.ServiceState;
import io.wmco.domain.remote.WindowsCommands.ServiceStatus;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WindowsCommandsTest {

    static final List<String> HOSTILE = List.of(
            "C:\\k\\kubelet.exe",
            "C:\\Program Files\\it's here\\x.exe",
            "a'; Remove-Item -Recurse C:\\ ; '",
            "$(Stop-Computer)",
            "`n`r back`ticks",
            "line1\nline2\r\nline3",
            "\u2018typographic\u2019 \u201Aquotes\u201B''",
            "%0 %1 placeholders",
            "\"double\" & | ; < >",
            "' ''' '");

    /** Every builder, as (kind, number of its arguments, builder). */
    static Stream<Arguments> builders() {
        return Stream.of(
                Arguments.of(CommandKind.ENSURE_DIRECTORY, (Function<List<String>, RemoteCommand>)
                        a -> WindowsCommands.ensureDirectory(a.get(0))),
                Arguments.of(CommandKind.REMOVE_DIRECTORY, (Function<List<String>, RemoteCommand>)
                        a -> WindowsCommands.removeDirectory(a.get(0))),
                Arguments.of(CommandKind.FILE_SHA256, (Function<List<String>, RemoteCommand>)
                        a -> WindowsCommands.fileSha256(a.get(0))),
                Arguments.of(CommandKind.REPLACE_FILE, (Function<List<String>, RemoteCommand>)
                        a -> WindowsCommands.replaceFile(a.get(0), a.get(1))),
                Arguments.of(CommandKind.REMOVE_FILE, (Function<List<String>, RemoteCommand>)
                        a -> WindowsCommands.removeFile(a.get(0))),
                Arguments.of(CommandKind.SERVICE_CREATE, (Function<List<String>, RemoteCommand>)
                        a -> WindowsCommands.createService("kubelet", a.get(1))),
                Arguments.of(CommandKind.SERVICE_SET_BINARY_PATH, (Function<List<String>, RemoteCommand>)
                        a -> WindowsCommands.setServiceBinaryPath("kubelet", a.get(1))),
                Arguments.of(CommandKind.HNS_NETWORK_NAMES, (Function<List<String>, RemoteCommand>)
                        a -> WindowsCommands.hnsNetworkNames(a.get(0))),
                Arguments.of(CommandKind.HNS_NETWORK_REMOVE, (Function<List<String>, RemoteCommand>)
                        a -> WindowsCommands.removeHnsNetwork(a.get(0), a.get(1))),
                Arguments.of(CommandKind.HNS_ENDPOINT_ENSURE, (Function<List<String>, RemoteCommand>)
                        a -> WindowsCommands.ensureHnsEndpoint(a.get(0), a.get(1), a.get(0) + "-ep")),
                Arguments.of(CommandKind.RENAME_COMPUTER_AND_REBOOT, (Function<List<String>, RemoteCommand>)
                        a -> WindowsCommands.renameComputerAndReboot(a.get(0))));
    }

    @ParameterizedTest
    @MethodSource("builders")
    void hostileValuesComeBackExactlyThroughMatch(CommandKind kind, Function<List<String>, RemoteCommand> builder) {
        for (String first : HOSTILE) {
            for (String second : HOSTILE) {
                RemoteCommand command = builder.apply(List.of(first, second));
                assertEquals(Shell.POWERSHELL, command.shell());
                MatchedCommand matched = CommandKind.match(command.script())
                        .orElseThrow(() -> new AssertionError(kind + " not recognised: " + command.script()));
                assertEquals(kind, matched.kind());
                List<String> expected = switch (kind) {
                    case SERVICE_CREATE, SERVICE_SET_BINARY_PATH -> List.of("kubelet", second);
                    case REPLACE_FILE, HNS_NETWORK_REMOVE -> List.of(first, second);
                    case HNS_ENDPOINT_ENSURE -> List.of(first, second, first + "-ep");
                    default -> List.of(first);
                };
                assertEquals(expected, matched.arguments(), command.script());
            }
        }
    }

    @Test
    void serviceCommandsRoundTripTheirName() {
        Set<CommandKind> seen = EnumSet.noneOf(CommandKind.class);
        for (RemoteCommand c : List.of(
                WindowsCommands.queryService("hybrid-overlay-node"),
                WindowsCommands.startService("hybrid-overlay-node"),
                WindowsCommands.stopService("hybrid-overlay-node"),
                WindowsCommands.deleteService("hybrid-overlay-node"))) {
            MatchedCommand m = CommandKind.match(c.script()).orElseThrow();
            assertEquals(List.of("hybrid-overlay-node"), m.arguments());
            seen.add(m.kind());
        }
        assertEquals(
                EnumSet.of(
                        CommandKind.SERVICE_QUERY,
                        CommandKind.SERVICE_START,
                        CommandKind.SERVICE_STOP,
                        CommandKind.SERVICE_DELETE),
                seen);
    }

    @Test
    void argumentlessCommandsAndTheProbeAreRecognised() {
        assertEquals(
                CommandKind.HOSTNAME,
                CommandKind.match(WindowsCommands.hostname().script())
                        .orElseThrow()
                        .kind());
        assertEquals(
                CommandKind.WINDOWS_BUILD,
                CommandKind.match(WindowsCommands.windowsBuild().script())
                        .orElseThrow()
                        .kind());
        assertEquals(
                CommandKind.PROBE,
                CommandKind.match(ShellWrapper.PROBE).orElseThrow().kind());
    }

    @Test
    void everyKindHasABuilderThatIsRecognisedAsThatKind() {
        Set<CommandKind> covered = EnumSet.of(CommandKind.PROBE);
        builders().forEach(a -> covered.add((CommandKind) a.get()[0]));
        covered.addAll(List.of(
                CommandKind.SERVICE_QUERY,
                CommandKind.SERVICE_START,
                CommandKind.SERVICE_STOP,
                CommandKind.SERVICE_DELETE,
                CommandKind.HOSTNAME,
                CommandKind.WINDOWS_BUILD));
        covered.addAll(PreflightCommandsTest.COVERED);
        assertEquals(EnumSet.allOf(CommandKind.class), covered, "a kind without a builder test");
    }

    @Test
    void scriptsOutsideTheVocabularyAreNotRecognised() {
        String ok = WindowsCommands.removeFile("C:\\k\\x").script();
        assertTrue(CommandKind.match(ok).isPresent());
        assertFalse(CommandKind.match(ok + "; Stop-Computer").isPresent());
        assertFalse(CommandKind.match(ok.replace("'C:\\k\\x'", "'C:\\k\\x' + $(Stop-Computer)"))
                .isPresent());
        assertFalse(CommandKind.match("Get-Help").isPresent());
        // the second occurrence of a placeholder must hold the same value as the first
        assertFalse(CommandKind.match(ok.replaceFirst("'C:\\\\k\\\\x'", "'C:\\\\k\\\\y'"))
                .isPresent());
        // an unbalanced quote cannot pass as a literal
        assertFalse(CommandKind.match("$ErrorActionPreference = 'Stop'; Start-Service -Name 'a'b'")
                .isPresent());
    }

    @Test
    void injectionAttemptStaysInsideOneLiteral() {
        String script = WindowsCommands.removeFile("x' -Force; Remove-Item C:\\ -Recurse; '")
                .script();
        assertEquals(
                "$ErrorActionPreference = 'Stop'; if (Test-Path -LiteralPath 'x'' -Force; Remove-Item C:\\ "
                        + "-Recurse; ''' -PathType Leaf) { Remove-Item -LiteralPath 'x'' -Force; Remove-Item C:\\ -Recurse; "
                        + "''' -Force }",
                script);
    }

    @Test
    void rejectsServiceNamesWithWildcardsOrSpaces() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> WindowsCommands.startService("kube*"));
        assertTrue(e.getMessage().contains("service name"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WindowsCommands.queryService("my service"));
        assertThrows(IllegalArgumentException.class, () -> WindowsCommands.ensureDirectory(" "));
        assertThrows(IllegalArgumentException.class, () -> WindowsCommands.removeFile("a\0b"));
    }

    @Test
    void parsesSha256LowerCasedOrEmptyWhenMissing() {
        String upper = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
        assertEquals(
                Optional.of(upper.toLowerCase()),
                WindowsCommands.parseSha256(new CommandResult(0, upper + "\r\n", "")));
        assertEquals(Optional.empty(), WindowsCommands.parseSha256(new CommandResult(0, "", "")));
        assertThrows(
                IllegalArgumentException.class,
                () -> WindowsCommands.parseSha256(new CommandResult(0, "Access denied", "")));
        assertThrows(
                IllegalArgumentException.class, () -> WindowsCommands.parseSha256(new CommandResult(1, "", "boom")));
    }

    @Test
    void parsesServiceStatus() {
        assertEquals(
                ServiceStatus.MISSING, WindowsCommands.parseServiceStatus(new CommandResult(0, "Missing\r\n", "")));
        ServiceStatus running = WindowsCommands.parseServiceStatus(
                new CommandResult(0, "Running\r\nAutomatic\r\n\"C:\\k\\kubelet.exe\" --v=2\r\n", ""));
        assertEquals(new ServiceStatus(ServiceState.RUNNING, "Automatic", "\"C:\\k\\kubelet.exe\" --v=2"), running);
        assertTrue(running.exists());
        assertThrows(
                IllegalArgumentException.class,
                () -> WindowsCommands.parseServiceStatus(new CommandResult(0, "Running\r\n", "")));
        assertThrows(
                IllegalArgumentException.class,
                () -> WindowsCommands.parseServiceStatus(new CommandResult(0, "Sleeping\r\nManual\r\nx\r\n", "")));
    }

    @Test
    void parsesHnsEndpointAddress() {
        assertEquals("10.132.0.2", WindowsCommands.parseHnsEndpointAddress(new CommandResult(0, "10.132.0.2\r\n", "")));
        assertThrows(
                IllegalArgumentException.class,
                () -> WindowsCommands.parseHnsEndpointAddress(new CommandResult(0, "10.132.0.256", "")));
        assertThrows(
                IllegalArgumentException.class,
                () -> WindowsCommands.parseHnsEndpointAddress(new CommandResult(1, "", "HNS network not found")));
    }

    @Test
    void parsesWindowsBuild() {
        assertEquals(20348, WindowsCommands.parseWindowsBuild(new CommandResult(0, "20348\r\n", "")));
        assertThrows(
                IllegalArgumentException.class,
                () -> WindowsCommands.parseWindowsBuild(new CommandResult(0, "ten", "")));
    }
}
