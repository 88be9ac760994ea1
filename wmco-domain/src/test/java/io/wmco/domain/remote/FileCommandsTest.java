package io.wmco.domain.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The file commands' parsers; the builders are covered by {@link CommandVocabularyTest}. */
class FileCommandsTest {
    @Test
    void parsesSha256LowerCasedOrEmptyWhenMissing() {
        String upper = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
        assertEquals(
                Optional.of(upper.toLowerCase()), FileCommands.parseSha256(new CommandResult(0, upper + "\r\n", "")));
        assertEquals(Optional.empty(), FileCommands.parseSha256(new CommandResult(0, "", "")));
        assertThrows(
                IllegalArgumentException.class,
                () -> FileCommands.parseSha256(new CommandResult(0, "Access denied", "")));
        assertThrows(IllegalArgumentException.class, () -> FileCommands.parseSha256(new CommandResult(1, "", "boom")));
    }
}
