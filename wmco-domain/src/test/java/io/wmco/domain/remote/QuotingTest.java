package io.wmco.domain.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile user names, paths and node names must never escape their argument. PowerShell literals are checked by
 * reading them back with a small tokenizer of PowerShell single-quoted strings written here (any of the four
 * single-quote characters opens or closes; two in a row stand for the second one), cmd.exe arguments by a
 * scanner of cmd's quote state.
 */
class QuotingTest {

    /** A token read from a script: its value and the index just after its closing quote. */
    record Token(String value, int end) {}

    static boolean isSingleQuote(char c) {
        return c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201A' || c == '\u201B';
    }

    /** Reads a PowerShell single-quoted string starting at {@code start}, as PowerShell's tokenizer does. */
    static Token readSingleQuoted(String src, int start) {
        if (!isSingleQuote(src.charAt(start))) {
            throw new IllegalArgumentException("no single quote at " + start);
        }
        StringBuilder sb = new StringBuilder();
        int i = start + 1;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (isSingleQuote(c)) {
                if (i + 1 < src.length() && isSingleQuote(src.charAt(i + 1))) {
                    sb.append(src.charAt(i + 1));
                    i += 2;
                    continue;
                }
                return new Token(sb.toString(), i + 1);
            }
            sb.append(c);
            i++;
        }
        throw new IllegalArgumentException("unterminated string starting at " + start);
    }

    /** Whether cmd.exe would see an operator, expansion or line break outside double quotes in {@code line}. */
    static boolean cmdSeesSomethingOutsideQuotes(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '%' || c == '!' || c == '\n' || c == '\r') {
                return true; // expanded or split even inside quotes
            } else if (!quoted && "&|<>^()".indexOf(c) >= 0) {
                return true;
            }
        }
        return quoted; // an unbalanced quote swallows the rest of the line
    }

    static Stream<Arguments> hostileValues() {
        return Stream.of(
                // user names
                Arguments.of("username", "O'Brien", true),
                Arguments.of("username", "x' ; Remove-Item C:\\ -Recurse ; '", true),
                Arguments.of("username", "a\u2018b", true),
                Arguments.of("username", "a\u2019b", true),
                Arguments.of("username", "a\u201Ab", true),
                Arguments.of("username", "a\u201Bb", true),
                Arguments.of("username", "\u2019\u2019\u2019", true),
                Arguments.of("username", "'", true),
                Arguments.of("username", "''", true),
                Arguments.of("username", "\u201Cadmin\u201D", true),
                Arguments.of("username", "admin\"", false),
                Arguments.of("username", "a&b|c;d", true),
                Arguments.of("username", "`whoami`", true),
                Arguments.of("username", "$(whoami)", true),
                Arguments.of("username", "%USERNAME%", false),
                Arguments.of("username", "hello!", false),
                // paths
                Arguments.of("path", "C:\\Program Files\\x & calc.exe", true),
                Arguments.of("path", "C:\\k\\$(Invoke-Expression 'calc')", true),
                Arguments.of("path", "C:\\k\\${env:PATH}", true),
                Arguments.of("path", "C:\\Temp\\%PATH%\\x", false),
                Arguments.of("path", "C:\\a|b>c<d^e", true),
                Arguments.of("path", "C:\\a;b", true),
                Arguments.of("path", "C:\\a`nb", true),
                Arguments.of("path", "C:\\a\nb", false),
                Arguments.of("path", "C:\\a\r\nb", false),
                Arguments.of("path", "C:\\dir with spaces\\", true),
                Arguments.of("path", "C:\\k\\\"; calc; \"", false),
                // node names
                Arguments.of("node name", "win-1; shutdown /s", true),
                Arguments.of("node name", "win-1\nshutdown /s", false),
                Arguments.of("node name", "win!PATH!", false),
                Arguments.of("node name", "@(1,2)", true),
                Arguments.of("node name", "$env:COMPUTERNAME", true),
                Arguments.of("node name", "(calc)", true),
                Arguments.of("node name", "", true));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("hostileValues")
    void powershellLiteralRoundTripsThroughTokenizer(String context, String value, boolean cmdAllowed) {
        String literal = Quoting.powershell(value);

        Token token = readSingleQuoted(literal, 0);

        assertEquals(value, token.value(), context);
        assertEquals(literal.length(), token.end(), context + ": the literal must end exactly at its closing quote");
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("hostileValues")
    void powershellLiteralStaysOneArgumentInsideAScript(String context, String value, boolean cmdAllowed) {
        String prefix = "Get-Item -LiteralPath ";
        String suffix = " | Out-Null; Write-Output 'done'";
        String script = prefix + Quoting.powershell(value) + suffix;

        Token token = readSingleQuoted(script, prefix.length());

        assertEquals(value, token.value(), context);
        assertEquals(suffix, script.substring(token.end()), context + ": the rest of the script must be untouched");
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("hostileValues")
    void cmdQuotesWhatItCanCarryAndRefusesTheRest(String context, String value, boolean cmdAllowed) {
        if (cmdAllowed) {
            String arg = Quoting.cmd(value);
            assertEquals('"' + value + '"', arg, context);
            String line = "sc.exe query " + arg + " state= all";
            assertTrue(!cmdSeesSomethingOutsideQuotes(line), context + ": cmd.exe would interpret part of " + line);
        } else {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> Quoting.cmd(value), context);
            assertTrue(e.getMessage().contains("cannot be passed to cmd.exe safely"), e.getMessage());
        }
    }

    @Test
    void tokenizerReadsKnownPowershellForms() {
        assertEquals(new Token("it's", 7), readSingleQuoted("'it''s'", 0));
        assertEquals(new Token("a\u2019b", 6), readSingleQuoted("'a\u2019\u2019b'", 0));
        assertEquals(new Token("a'b", 6), readSingleQuoted("\u2018a\u2019'b\u2019", 0));
        assertEquals(new Token("abc", 5), readSingleQuoted("'abc' + 'x'", 0));
        assertEquals(new Token("$x `n", 7), readSingleQuoted("'$x `n'", 0));
        assertThrows(IllegalArgumentException.class, () -> readSingleQuoted("'unterminated", 0));
    }

    @Test
    void cmdScannerSeesOperatorsOutsideQuotes() {
        assertTrue(cmdSeesSomethingOutsideQuotes("echo a & calc"));
        assertTrue(cmdSeesSomethingOutsideQuotes("echo \"a\" | calc"));
        assertTrue(cmdSeesSomethingOutsideQuotes("echo \"%PATH%\""));
        assertTrue(cmdSeesSomethingOutsideQuotes("echo \"a"));
        assertTrue(!cmdSeesSomethingOutsideQuotes("echo \"a & b | c\""));
    }

    @Test
    void bothRefuseNul() {
        assertThrows(IllegalArgumentException.class, () -> Quoting.powershell("a\0b"));
        assertThrows(IllegalArgumentException.class, () -> Quoting.cmd("a\0b"));
    }
}
