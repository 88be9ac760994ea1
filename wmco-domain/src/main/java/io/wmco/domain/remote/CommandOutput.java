package io.wmco.domain.remote;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Reading what a command printed, shared by the command families ({@link FileCommands}, {@link ServiceCommands},
 * {@link HnsCommands}, {@link HostCommands}). Thread-safe; no state.
 */
public final class CommandOutput {
    private CommandOutput() {}

    /** The non-blank lines of the output, stripped (CRLF or LF). */
    public static List<String> lines(CommandResult result) {
        requireNonNull(result, "result cannot be null");
        return result.stdout()
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
    }

    /**
     * The result when it succeeded.
     *
     * @throws IllegalArgumentException naming the kind, the exit status and the start of stderr otherwise
     */
    static CommandResult succeeded(CommandResult result, CommandKind kind) {
        requireNonNull(result, "result cannot be null");
        if (!result.succeeded()) {
            throw new IllegalArgumentException(
                    kind + " failed with exit status " + result.exitStatus() + ": " + abbreviate(result.stderr()));
        }
        return result;
    }

    /** The trimmed standard output of a successful result. */
    static String stdout(CommandResult result, CommandKind kind) {
        return succeeded(result, kind).stdout().strip();
    }

    /** At most 200 characters of {@code s}, for messages. */
    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
