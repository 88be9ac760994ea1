package io.wmco.domain.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
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

    @Test
    void unpackAnswersAreReadAsHashTarMissingOrFailure() {
        String upper = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
        assertEquals(
                new FileCommands.Unpack.Unpacked(upper.toLowerCase()),
                FileCommands.parseUnpack(new CommandResult(0, upper + "\r\n", "")));
        assertEquals(
                new FileCommands.Unpack.TarMissing(),
                FileCommands.parseUnpack(new CommandResult(3, FileCommands.TAR_MISSING + "\r\n", "")));
        // exit 3 alone is not the marker: a script that failed otherwise is a failure, never a fallback
        assertInstanceOf(
                FileCommands.Unpack.Failed.class, FileCommands.parseUnpack(new CommandResult(3, "", "tar: error")));
        FileCommands.Unpack failed = FileCommands.parseUnpack(new CommandResult(1, "", "tar.exe exited with 1\r\n"));
        assertEquals(new FileCommands.Unpack.Failed("exit status 1: tar.exe exited with 1"), failed);
        assertInstanceOf(
                FileCommands.Unpack.Failed.class, FileCommands.parseUnpack(new CommandResult(0, "not a hash", "")));
    }

    @Test
    void unpackRefusesEntryNamesThatAreNotPlainFileNames() {
        for (String bad :
                List.of("", "..", "../x.exe", "a\\b.exe", "C:\\x", "-rf", ".hidden", "a b", "x".repeat(101))) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> FileCommands.unpack("C:\\k\\a.tar.gz", "C:\\k\\s", bad, "C:\\k\\t"),
                    bad);
        }
        assertEquals("kubelet.exe", FileCommands.entryName("kubelet.exe"));
    }
}
