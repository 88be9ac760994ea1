package io.wmco.domain.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandVocabularyTest {

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
                        a -> FileCommands.ensureDirectory(a.get(0))),
                Arguments.of(CommandKind.REMOVE_DIRECTORY, (Function<List<String>, RemoteCommand>)
                        a -> FileCommands.removeDirectory(a.get(0))),
                Arguments.of(CommandKind.FILE_SHA256, (Function<List<String>, RemoteCommand>)
                        a -> FileCommands.sha256(a.get(0))),
                Arguments.of(CommandKind.REPLACE_FILE, (Function<List<String>, RemoteCommand>)
                        a -> FileCommands.replace(a.get(0), a.get(1))),
                Arguments.of(CommandKind.UNPACK_FILE, (Function<List<String>, RemoteCommand>)
                        a -> FileCommands.unpack(a.get(0), a.get(1), "kubelet.exe", a.get(0) + ".tmp")),
                Arguments.of(CommandKind.REMOVE_FILE, (Function<List<String>, RemoteCommand>)
                        a -> FileCommands.remove(a.get(0))),
                Arguments.of(CommandKind.SERVICE_CREATE, (Function<List<String>, RemoteCommand>)
                        a -> ServiceCommands.create("kubelet", a.get(1))),
                Arguments.of(CommandKind.SERVICE_SET_BINARY_PATH, (Function<List<String>, RemoteCommand>)
                        a -> ServiceCommands.setBinaryPath("kubelet", a.get(1))),
                Arguments.of(CommandKind.HNS_NETWORK_NAMES, (Function<List<String>, RemoteCommand>)
                        a -> HnsCommands.networkNames(a.get(0))),
                Arguments.of(CommandKind.HNS_NETWORK_REMOVE, (Function<List<String>, RemoteCommand>)
                        a -> HnsCommands.removeNetwork(a.get(0), a.get(1))),
                Arguments.of(CommandKind.HNS_ENDPOINT_ENSURE, (Function<List<String>, RemoteCommand>)
                        a -> HnsCommands.ensureEndpoint(a.get(0), a.get(1), a.get(0) + "-ep")),
                Arguments.of(CommandKind.RENAME_COMPUTER, (Function<List<String>, RemoteCommand>)
                        a -> HostCommands.renameComputer(a.get(0))),
                Arguments.of(CommandKind.CHILD_NAMES, (Function<List<String>, RemoteCommand>)
                        a -> HostConfigCommands.childNames(a.get(0))),
                Arguments.of(CommandKind.ROOT_CERT_IMPORT, (Function<List<String>, RemoteCommand>)
                        a -> HostConfigCommands.importRootCertificate(a.get(0))),
                Arguments.of(CommandKind.MACHINE_ENV_SET, (Function<List<String>, RemoteCommand>)
                        a -> HostConfigCommands.setMachineVariable("HTTP_PROXY", a.get(1))));
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
                    case MACHINE_ENV_SET -> List.of("HTTP_PROXY", second);
                    case REPLACE_FILE, HNS_NETWORK_REMOVE -> List.of(first, second);
                    case HNS_ENDPOINT_ENSURE -> List.of(first, second, first + "-ep");
                    case UNPACK_FILE -> List.of(first, second, "kubelet.exe", first + ".tmp");
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
                ServiceCommands.query("hybrid-overlay-node"),
                ServiceCommands.start("hybrid-overlay-node"),
                ServiceCommands.stop("hybrid-overlay-node"),
                ServiceCommands.delete("hybrid-overlay-node"))) {
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
                CommandKind.match(HostCommands.hostname().script())
                        .orElseThrow()
                        .kind());
        assertEquals(
                CommandKind.WINDOWS_BUILD,
                CommandKind.match(HostCommands.windowsBuild().script())
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
        covered.addAll(HostCommandsTest.COVERED);
        covered.addAll(HostConfigCommandsTest.COVERED);
        assertEquals(EnumSet.allOf(CommandKind.class), covered, "a kind without a builder test");
    }

    @Test
    void scriptsOutsideTheVocabularyAreNotRecognised() {
        String ok = FileCommands.remove("C:\\k\\x").script();
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
        String script =
                FileCommands.remove("x' -Force; Remove-Item C:\\ -Recurse; '").script();
        assertEquals(
                "$ErrorActionPreference = 'Stop'; if (Test-Path -LiteralPath 'x'' -Force; Remove-Item C:\\ "
                        + "-Recurse; ''' -PathType Leaf) { Remove-Item -LiteralPath 'x'' -Force; Remove-Item C:\\ -Recurse; "
                        + "''' -Force }",
                script);
    }

    @Test
    void rejectsServiceNamesWithWildcardsOrSpaces() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceCommands.start("kube*"));
        assertTrue(e.getMessage().contains("service name"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ServiceCommands.query("my service"));
        assertThrows(IllegalArgumentException.class, () -> FileCommands.ensureDirectory(" "));
        assertThrows(IllegalArgumentException.class, () -> FileCommands.remove("a\0b"));
    }
}
