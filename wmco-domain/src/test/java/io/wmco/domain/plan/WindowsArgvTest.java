package io.wmco.domain.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WindowsArgvTest {

    static Stream<Arguments> hostileArguments() {
        return Stream.of(
                Arguments.of("plain", "plain"),
                Arguments.of("", "\"\""),
                Arguments.of("two words", "\"two words\""),
                Arguments.of("tab\there", "\"tab\there\""),
                Arguments.of("say \"hi\"", "\"say \\\"hi\\\"\""),
                Arguments.of("\"", "\"\\\"\""),
                Arguments.of("C:\\k\\", "C:\\k\\"),
                Arguments.of("C:\\Program Files\\", "\"C:\\Program Files\\\\\""),
                Arguments.of("a\\\"b", "\"a\\\\\\\"b\""),
                Arguments.of("\\\\server\\share", "\\\\server\\share"),
                Arguments.of("x y\\\\", "\"x y\\\\\\\\\""),
                Arguments.of("\\\"", "\"\\\\\\\"\""),
                Arguments.of("a&b|c;d", "a&b|c;d"),
                Arguments.of("$(calc.exe)", "$(calc.exe)"),
                Arguments.of("`whoami`", "`whoami`"),
                Arguments.of("^&^|", "^&^|"),
                Arguments.of("--node-labels=a=b,c=d", "--node-labels=a=b,c=d"),
                Arguments.of("' or 1=1 --", "\"' or 1=1 --\""),
                Arguments.of("\" & calc.exe & \"", "\"\\\" & calc.exe & \\\"\""));
    }

    @ParameterizedTest
    @MethodSource("hostileArguments")
    void quotesEachArgumentSoItStaysOneArgument(String arg, String expected) {
        assertEquals(expected, WindowsArgv.quote(arg));
        String line = WindowsArgv.join("C:\\k\\prog.exe", List.of("--before", arg, "--after"));
        assertEquals(List.of("C:\\k\\prog.exe", "--before", arg, "--after"), parse(line));
    }

    @Test
    void quotesProgramPathsWithSpaces() {
        assertEquals("\"C:\\Program Files\\x.exe\" a", WindowsArgv.join("C:\\Program Files\\x.exe", List.of("a")));
        assertEquals("C:\\k\\x.exe", WindowsArgv.join("C:\\k\\x.exe", List.of()));
    }

    @Test
    void refusesProgramPathsWithQuotes() {
        assertThrows(IllegalArgumentException.class, () -> WindowsArgv.quoteProgram("C:\\a\"b.exe"));
        assertThrows(IllegalArgumentException.class, () -> WindowsArgv.quoteProgram(""));
    }

    @Test
    void randomArgumentsSurviveTheRoundTrip() {
        SplittableRandom random = new SplittableRandom(42);
        char[] alphabet = {'a', ' ', '\t', '"', '\\', '&', '%', '\'', '^', 'Z'};
        for (int n = 0; n < 5000; n++) {
            List<String> args = new ArrayList<>();
            int count = random.nextInt(4);
            for (int i = 0; i < count; i++) {
                StringBuilder sb = new StringBuilder();
                int len = random.nextInt(8);
                for (int j = 0; j < len; j++) {
                    sb.append(alphabet[random.nextInt(alphabet.length)]);
                }
                args.add(sb.toString());
            }
            List<String> expected = new ArrayList<>();
            expected.add("C:\\p.exe");
            expected.addAll(args);
            String line = WindowsArgv.join("C:\\p.exe", args);
            assertEquals(expected, parse(line), line);
        }
    }

    /**
     * A test oracle written from the documented CommandLineToArgvW rules: the program name runs to the next space
     * (or, when it starts with a quote, to the next quote, without escapes); afterwards 2n backslashes before a quote
     * are n backslashes and the quote toggles quoting, 2n+1 are n backslashes and a literal quote, other backslashes
     * are literal, and unquoted spaces and tabs separate arguments.
     */
    static List<String> parse(String line) {
        List<String> argv = new ArrayList<>();
        int i = 0;
        int n = line.length();
        StringBuilder cur = new StringBuilder();
        if (i < n && line.charAt(i) == '"') {
            int end = line.indexOf('"', 1);
            argv.add(line.substring(1, end));
            i = end + 1;
        } else {
            while (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                cur.append(line.charAt(i++));
            }
            argv.add(cur.toString());
            cur.setLength(0);
        }
        boolean quoted = false;
        boolean inArg = false;
        while (i < n) {
            char c = line.charAt(i);
            if (c == '\\') {
                int run = 0;
                while (i < n && line.charAt(i) == '\\') {
                    run++;
                    i++;
                }
                if (i < n && line.charAt(i) == '"') {
                    cur.append("\\".repeat(run / 2));
                    if (run % 2 == 1) {
                        cur.append('"');
                        i++;
                    }
                } else {
                    cur.append("\\".repeat(run));
                }
                inArg = true;
            } else if (c == '"') {
                quoted = !quoted;
                inArg = true;
                i++;
            } else if ((c == ' ' || c == '\t') && !quoted) {
                if (inArg) {
                    argv.add(cur.toString());
                    cur.setLength(0);
                    inArg = false;
                }
                i++;
            } else {
                cur.append(c);
                inArg = true;
                i++;
            }
        }
        if (inArg) {
            argv.add(cur.toString());
        }
        return argv;
    }
}
