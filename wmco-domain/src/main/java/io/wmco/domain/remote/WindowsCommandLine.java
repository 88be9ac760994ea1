package io.wmco.domain.remote;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Windows command lines (a service's binary path) from and to argument vectors, by the rules of the Microsoft C
 * runtime ({@code CommandLineToArgvW}): arguments are separated by spaces or tabs; double quotes group; a run of
 * backslashes is literal unless a double quote follows, in which case each pair becomes one backslash and an odd
 * one escapes the quote.
 *
 * <p>Thread-safe; no state.
 */
public final class WindowsCommandLine {
    private WindowsCommandLine() {}

    /**
     * A command line that {@link #split} turns back into exactly {@code argv}. Arguments with spaces, tabs,
     * quotes or nothing at all are quoted.
     *
     * @throws IllegalArgumentException when an argument holds a line break or NUL
     */
    public static String join(List<String> argv) {
        requireNonNull(argv, "argv cannot be null");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv cannot be empty: it needs at least the program");
        }
        StringBuilder sb = new StringBuilder();
        for (String arg : argv) {
            requireNonNull(arg, "argument cannot be null");
            if (arg.indexOf('\n') >= 0 || arg.indexOf('\r') >= 0 || arg.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("argument holds a line break or NUL, which a service command line "
                        + "cannot carry: " + arg.strip());
            }
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            appendQuoted(sb, arg);
        }
        return sb.toString();
    }

    private static void appendQuoted(StringBuilder sb, String arg) {
        boolean needsQuotes = arg.isEmpty() || arg.chars().anyMatch(c -> c == ' ' || c == '\t' || c == '"');
        if (!needsQuotes) {
            sb.append(arg);
            return;
        }
        sb.append('"');
        int backslashes = 0;
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == '\\') {
                backslashes++;
            } else if (c == '"') {
                sb.append("\\".repeat(backslashes * 2 + 1)).append('"');
                backslashes = 0;
            } else {
                sb.append("\\".repeat(backslashes)).append(c);
                backslashes = 0;
            }
        }
        sb.append("\\".repeat(backslashes * 2)).append('"');
    }

    /** The argument vector of a command line, the program first. */
    public static List<String> split(String commandLine) {
        requireNonNull(commandLine, "commandLine cannot be null");
        List<String> argv = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inArg = false;
        boolean quoted = false;
        int i = 0;
        int n = commandLine.length();
        while (i < n) {
            char c = commandLine.charAt(i);
            if (c == '\\') {
                int start = i;
                while (i < n && commandLine.charAt(i) == '\\') {
                    i++;
                }
                int count = i - start;
                inArg = true;
                if (i < n && commandLine.charAt(i) == '"') {
                    current.append("\\".repeat(count / 2));
                    if (count % 2 == 1) {
                        current.append('"');
                        i++;
                    }
                } else {
                    current.append("\\".repeat(count));
                }
                continue;
            }
            if (c == '"') {
                inArg = true;
                if (quoted && i + 1 < n && commandLine.charAt(i + 1) == '"') {
                    current.append('"');
                    i += 2;
                    continue;
                }
                quoted = !quoted;
                i++;
                continue;
            }
            if ((c == ' ' || c == '\t') && !quoted) {
                if (inArg) {
                    argv.add(current.toString());
                    current.setLength(0);
                    inArg = false;
                }
                i++;
                continue;
            }
            current.append(c);
            inArg = true;
            i++;
        }
        if (inArg) {
            argv.add(current.toString());
        }
        return argv;
    }
}
