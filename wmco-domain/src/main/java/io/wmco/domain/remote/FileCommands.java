package io.wmco.domain.remote;

import static io.wmco.domain.remote.CommandArguments.build;
import static io.wmco.domain.remote.CommandArguments.path;
import static java.util.Objects.requireNonNull;

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

    /** A tar entry name the operator writes: one plain file name, no directory, not starting with '-'. */
    private static final Pattern ENTRY_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");

    /** What {@link CommandKind#UNPACK_FILE} prints when the host has no {@code tar.exe}. */
    public static final String TAR_MISSING = "wmco: tar.exe missing";

    /** The exit status of {@link CommandKind#UNPACK_FILE} when the host has no {@code tar.exe}. */
    public static final int TAR_MISSING_EXIT = 3;

    /** What an unpack answered: see {@link #parseUnpack}. */
    public sealed interface Unpack {
        /** The file was unpacked to the temporary name; {@code sha256} is its lower-case hex hash. */
        record Unpacked(String sha256) implements Unpack {}

        /** The host has no tar to unpack with (Windows Server 2016): send the raw file instead. */
        record TarMissing() implements Unpack {}

        /** Unpacking failed (a corrupt archive, a full disk): {@code message} says what the host printed. */
        record Failed(String message) implements Unpack {}
    }

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

    /**
     * {@link CommandKind#UNPACK_FILE}: unpacks {@code entry} from the gzip-compressed tar {@code archive} through
     * {@code stagingDirectory} (created afresh, removed afterwards) to {@code temporary}, printing its SHA-256. Read
     * the result with {@link #parseUnpack}.
     *
     * @throws IllegalArgumentException when {@code entry} is not a plain file name
     */
    public static RemoteCommand unpack(String archive, String stagingDirectory, String entry, String temporary) {
        return build(CommandKind.UNPACK_FILE, path(archive), path(stagingDirectory), entryName(entry), path(temporary));
    }

    /**
     * Reads what {@link #unpack} answered: the lower-case hash when it worked, {@link Unpack.TarMissing} when the
     * host has no tar, else {@link Unpack.Failed} with the host's message.
     */
    public static Unpack parseUnpack(CommandResult result) {
        String out = result.stdout().strip();
        if (result.exitStatus() == TAR_MISSING_EXIT && out.equals(TAR_MISSING)) {
            return new Unpack.TarMissing();
        }
        if (!result.succeeded()) {
            return new Unpack.Failed("exit status " + result.exitStatus() + ": "
                    + CommandOutput.abbreviate(result.stderr().strip()));
        }
        if (!SHA256_HEX.matcher(out).matches()) {
            return new Unpack.Failed(
                    "expected a SHA-256 in hex but the host printed: " + CommandOutput.abbreviate(out));
        }
        return new Unpack.Unpacked(out.toLowerCase(Locale.ROOT));
    }

    /**
     * The name a packed payload file's single tar entry has: the file's own name.
     *
     * @throws IllegalArgumentException when it is not a plain file name of at most 100 characters
     */
    public static String entryName(String name) {
        requireNonNull(name, "entry cannot be null");
        if (!ENTRY_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("tar entry '" + CommandOutput.abbreviate(name) + "' is invalid: use a"
                    + " plain file name of letters, digits, '_', '.', '-' (at most 100, not starting with '.' or '-')");
        }
        return name;
    }

    /** {@link CommandKind#REMOVE_FILE}: removes a file if present. */
    public static RemoteCommand remove(String path) {
        return build(CommandKind.REMOVE_FILE, path(path));
    }
}
