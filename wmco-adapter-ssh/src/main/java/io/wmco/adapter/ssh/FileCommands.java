package io.wmco.adapter.ssh;

import io.wmco.domain.remote.CommandResult;
import io.wmco.domain.remote.Shell;
import java.util.Optional;

/**
 * The remote side of file operations in one {@link RemoteFileDialect}: the exact text sent over SSH and how its
 * output is read. Stateless and thread-safe.
 */
interface FileCommands {

    /** Text to send to print the SHA-256 of {@code path} (hex); prints nothing and exits 0 when it is missing. */
    String hashWire(String path, Shell defaultShell);

    /**
     * Reads the answer of {@link #hashWire}.
     *
     * @return the lower-case hash, or empty when the file does not exist
     * @throws IllegalArgumentException when the command failed or printed something other than a hash
     */
    Optional<String> parseHash(CommandResult result);

    /** Text to send to replace {@code target} by {@code temp} in one rename. */
    String replaceWire(String temp, String target, Shell defaultShell);

    /** Text to send to remove {@code path} if it exists. */
    String removeWire(String path, Shell defaultShell);

    /** Text to send to remove the directory tree {@code path} if it exists. */
    String removeDirectoryWire(String path, Shell defaultShell);

    /**
     * Text to send to unpack {@code entry} from the gzip-compressed tar {@code archive} through a fresh
     * {@code staging} directory to {@code temp} and print its SHA-256, removing archive and staging afterwards
     * (see {@link io.wmco.domain.remote.CommandKind#UNPACK_FILE}).
     */
    String unpackWire(String archive, String staging, String entry, String temp, Shell defaultShell);

    /** Reads the answer of {@link #unpackWire}. */
    io.wmco.domain.remote.FileCommands.Unpack parseUnpack(CommandResult result);
}
