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
}
