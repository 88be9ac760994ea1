package io.wmco.domain.remote;

import static io.wmco.domain.remote.CommandArguments.build;
import static io.wmco.domain.remote.CommandArguments.path;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Files and directories on a Windows host: each builder beside the parser of its output. Every command is
 * idempotent (ensure, remove-if-present). Thread-safe; no state.
 */
public final class FileCommands {
    private FileCommands() {}

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9A-Fa-f]{64}");

    /** {@link CommandKind#ENSURE_DIRECTORY}: creates a directory and its parents; succeeds when it exists. */
    public static RemoteCommand ensureDirectory(String path) {
        return build(CommandKind.ENSURE_DIRECTORY, path(path));
    }

    /** {@link CommandKind#REMOVE_DIRECTORY}: removes a directory tree if present. */
    public static RemoteCommand removeDirectory(String path) {
        return build(CommandKind.REMOVE_DIRECTORY, path(path));
    }

    /**
     * {@link CommandKind#FILE_SHA256}: prints the SHA-256 of a file (upper-case hex), nothing when the file is
     * missing. Read the result with {@link #parseSha256}.
     */
    public static RemoteCommand sha256(String path) {
        return build(CommandKind.FILE_SHA256, path(path));
    }

    /**
     * The lower-case SHA-256 printed by {@link #sha256}, or empty when the file is missing.
     *
     * @throws IllegalArgumentException when the command failed or printed something that is not a hash
     */
    public static Optional<String> parseSha256(CommandResult result) {
        String out = CommandOutput.stdout(result, CommandKind.FILE_SHA256);
        if (out.isEmpty()) {
            return Optional.empty();
        }
        if (!SHA256_HEX.matcher(out).matches()) {
            throw new IllegalArgumentException(
                    "expected a SHA-256 in hex but the host printed: " + CommandOutput.abbreviate(out));
        }
        return Optional.of(out.toLowerCase(Locale.ROOT));
    }

    /** {@link CommandKind#REPLACE_FILE}: renames {@code source} over {@code target} (same volume: atomic on NTFS). */
    public static RemoteCommand replace(String source, String target) {
        return build(CommandKind.REPLACE_FILE, path(source), path(target));
    }

    /** {@link CommandKind#REMOVE_FILE}: removes a file if present. */
    public static RemoteCommand remove(String path) {
        return build(CommandKind.REMOVE_FILE, path(path));
    }
}
