package io.wmco.adapter.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wmco.domain.remote.CommandResult;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PosixFileCommandsTest {
    private final PosixFileCommands commands = new PosixFileCommands();

    @Test
    void quotesSingleQuotesSoNothingEscapes() {
        assertEquals("'it'\\''s $(rm -rf /)'", PosixFileCommands.quote("it's $(rm -rf /)"));
    }

    @Test
    void readsSha256sumOutputAndEmptyOutputAsMissing() {
        String hash = "A".repeat(64);
        assertEquals(Optional.of("a".repeat(64)), commands.parseHash(new CommandResult(0, hash + " */tmp/f\n", "")));
        assertEquals(Optional.empty(), commands.parseHash(new CommandResult(0, "", "")));
        assertThrows(IllegalArgumentException.class, () -> commands.parseHash(new CommandResult(0, "garbage\n", "")));
        assertThrows(IllegalArgumentException.class, () -> commands.parseHash(new CommandResult(1, "", "denied")));
    }
}
