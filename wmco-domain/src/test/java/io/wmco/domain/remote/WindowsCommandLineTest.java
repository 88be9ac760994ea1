package io.wmco.domain.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsCommandLineTest {

    @Test
    void splitsByMicrosoftRuntimeRules() {
        assertEquals(
                List.of("C:\\k\\kubelet.exe", "--cert-dir=C:\\var\\lib\\kubelet\\pki\\", "a b", "c\"d", "e\\\\f"),
                WindowsCommandLine.split(
                        "C:\\k\\kubelet.exe --cert-dir=C:\\var\\lib\\kubelet\\pki\\ \"a b\" c\\\"d e\\\\f"));
        assertEquals(List.of("a\\\"b", ""), WindowsCommandLine.split("\"a\\\\\\\"b\"  \"\""));
        assertEquals(List.of("--node-labels=x=y,z=w"), WindowsCommandLine.split("  --node-labels=\"x=y,z=w\"  "));
    }

    @Test
    void joinThenSplitGivesTheSameArguments() {
        List<String> argv = List.of(
                "C:\\Program Files\\k\\kubelet.exe",
                "--config=C:\\k\\kubelet.conf",
                "",
                "trailing\\",
                "with space\\",
                "quote\"inside",
                "back\\\\\"slash",
                "tab\there",
                "'single'");
        assertEquals(argv, WindowsCommandLine.split(WindowsCommandLine.join(argv)));
    }

    @Test
    void refusesLineBreaks() {
        assertThrows(IllegalArgumentException.class, () -> WindowsCommandLine.join(List.of("a\nb")));
        assertThrows(IllegalArgumentException.class, () -> WindowsCommandLine.join(List.of()));
    }
}
