package io.wmco.domain.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostConfigCommandsTest {
    /** The kinds these tests build and match (besides the hostile-value table of {@link CommandVocabularyTest}). */
    static final Set<CommandKind> COVERED = Set.of(CommandKind.MACHINE_ENV_REMOVE, CommandKind.ROOT_CERT_REMOVE);

    @Test
    void removalsRoundTripTheirStrictArgument() {
        MatchedCommand env = CommandKind.match(
                        HostConfigCommands.removeMachineVariable("NO_PROXY").script())
                .orElseThrow();
        assertEquals(CommandKind.MACHINE_ENV_REMOVE, env.kind());
        assertEquals(List.of("NO_PROXY"), env.arguments());
        String thumbprint = "2B88AD17748D8EDC67CE3F4F93DDE700D709CFB8";
        MatchedCommand cert = CommandKind.match(
                        HostConfigCommands.removeRootCertificate(thumbprint).script())
                .orElseThrow();
        assertEquals(CommandKind.ROOT_CERT_REMOVE, cert.kind());
        assertEquals(List.of(thumbprint), cert.arguments());
    }

    @Test
    void strictArgumentsAreRefusedWithTheRule() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HostConfigCommands.removeMachineVariable("A B"))
                .getMessage()
                .contains("letters, digits and '_'"));
        assertThrows(IllegalArgumentException.class, () -> HostConfigCommands.removeMachineVariable("1A"));
        assertThrows(IllegalArgumentException.class, () -> HostConfigCommands.removeRootCertificate("2b88"));
        assertThrows(IllegalArgumentException.class, () -> HostConfigCommands.setMachineVariable("HTTP_PROXY", ""));
    }

    @Test
    void changedIsReadFromTheOutput() {
        assertTrue(HostConfigCommands.parseChanged(new CommandResult(0, "Changed\r\n", "")));
        assertFalse(HostConfigCommands.parseChanged(new CommandResult(0, "", "")));
        assertThrows(
                IllegalArgumentException.class,
                () -> HostConfigCommands.parseChanged(new CommandResult(0, "something else", "")));
        assertThrows(
                IllegalArgumentException.class, () -> HostConfigCommands.parseChanged(new CommandResult(1, "", "x")));
    }

    @Test
    void namesAreListedOnePerLine() {
        assertEquals(
                List.of("a.crt", "b.crt"),
                HostConfigCommands.parseNames(new CommandResult(0, "a.crt\r\nb.crt\r\n", "")));
        assertEquals(List.of(), HostConfigCommands.parseNames(new CommandResult(0, "", "")));
    }
}
