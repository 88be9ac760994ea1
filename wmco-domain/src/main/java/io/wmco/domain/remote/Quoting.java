package io.wmco.domain.remote;

import static java.util.Objects.requireNonNull;

/**
 * Turns untrusted values (user names, paths, node names, addresses) into arguments that can never escape their
 * place in a PowerShell script or a cmd.exe command line.
 *
 * <p>PowerShell values become single-quoted literals, in which nothing expands; every character PowerShell
 * treats as a single quote (the ASCII one and the typographic U+2018..U+201B) is doubled. cmd.exe has no
 * reliable escape for {@code %} or {@code !} inside quotes, so values holding them, double quotes, line breaks
 * or NUL are refused rather than guessed at.
 *
 * <p>Thread-safe; no state.
 */
public final class Quoting {
    private Quoting() {}

    /**
     * A PowerShell single-quoted string literal holding exactly {@code value}.
     *
     * @throws IllegalArgumentException when the value holds a NUL character
     */
    public static String powershell(String value) {
        requireNonNull(value, "value cannot be null");
        StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                throw new IllegalArgumentException("value holds a NUL character, which no shell argument can carry");
            }
            sb.append(c);
            if (isPowershellSingleQuote(c)) {
                sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    /** Whether PowerShell's tokenizer treats {@code c} as a single quote. */
    static boolean isPowershellSingleQuote(char c) {
        return c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201A' || c == '\u201B';
    }

    /**
     * A cmd.exe argument holding exactly {@code value}, double-quoted.
     *
     * @throws IllegalArgumentException when the value holds {@code "}, {@code %}, {@code !}, a line break or NUL,
     *     which cmd.exe cannot carry safely inside an argument; the message names the character
     */
    public static String cmd(String value) {
        requireNonNull(value, "value cannot be null");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String problem = switch (c) {
                case '"' -> "a double quote";
                case '%' -> "a percent sign (cmd.exe expands %VAR% even inside quotes)";
                case '!' -> "an exclamation mark (expanded when delayed expansion is on)";
                case '\n', '\r' -> "a line break";
                case '\0' -> "a NUL character";
                default -> null;
            };
            if (problem != null) {
                throw new IllegalArgumentException(
                        "value holds " + problem + ", which cannot be passed to cmd.exe safely");
            }
        }
        return '"' + value + '"';
    }
}
