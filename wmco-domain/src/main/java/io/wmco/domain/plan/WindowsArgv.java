package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Builds Windows command lines that {@code CommandLineToArgvW} (and the Go and MSVC runtimes, which follow the
 * same rules) split back into exactly the intended arguments.
 *
 * <p>Rules for arguments after the program name: an argument without space, tab or double quote, and not empty,
 * is written as is. Otherwise it is wrapped in double quotes; inside, a run of n backslashes followed by a double
 * quote becomes 2n+1 backslashes and the quote, a run of n backslashes at the end becomes 2n (so the closing
 * quote stays a quote), and any other backslash stays single.
 *
 * <p>The program name is parsed differently (up to the next quote, without escapes), so it may not contain a
 * double quote; it is quoted when it holds a space or tab.
 *
 * <p>Thread-safe; no state.
 */
public final class WindowsArgv {
    private WindowsArgv() {}

    /** One argument (not the program name) quoted for a Windows command line. */
    public static String quote(String arg) {
        requireNonNull(arg, "arg cannot be null");
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"')) {
            return arg;
        }
        StringBuilder sb = new StringBuilder(arg.length() + 8).append('"');
        int backslashes = 0;
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == '\\') {
                backslashes++;
                continue;
            }
            if (c == '"') {
                sb.append("\\".repeat(2 * backslashes + 1)).append('"');
            } else {
                sb.append("\\".repeat(backslashes)).append(c);
            }
            backslashes = 0;
        }
        return sb.append("\\".repeat(2 * backslashes)).append('"').toString();
    }

    /**
     * The program name as the first token of a command line.
     *
     * @throws IllegalArgumentException when it holds a double quote, which the first token cannot carry
     */
    public static String quoteProgram(String program) {
        requireNonNull(program, "program cannot be null");
        if (program.isEmpty() || program.indexOf('"') >= 0) {
            throw new IllegalArgumentException("program path '" + program
                    + "' must be non-empty and free of double quotes to start a Windows command line");
        }
        return program.indexOf(' ') >= 0 || program.indexOf('\t') >= 0 ? '"' + program + '"' : program;
    }

    /** A whole command line: the program followed by each argument, separated by single spaces. */
    public static String join(String program, List<String> args) {
        requireNonNull(args, "args cannot be null");
        StringBuilder sb = new StringBuilder(quoteProgram(program));
        for (String a : args) {
            sb.append(' ').append(quote(a));
        }
        return sb.toString();
    }
}
