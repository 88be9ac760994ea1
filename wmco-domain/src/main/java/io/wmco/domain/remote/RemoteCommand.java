package io.wmco.domain.remote;

import static java.util.Objects.requireNonNull;

/**
 * A script to run on a remote host together with the shell it is written for. Replaces a boolean
 * "is PowerShell" flag: the transport decides how to wrap it for the host's default shell.
 *
 * <p>Immutable and thread-safe. The script is passed verbatim; callers build it with {@link Quoting} so that
 * untrusted values (user names, paths, node names) can never escape their argument.
 *
 * @param script the command text, never blank
 * @param shell the shell the script is written for
 */
public record RemoteCommand(String script, Shell shell) {
    public RemoteCommand {
        requireNonNull(script, "script cannot be null");
        requireNonNull(shell, "shell cannot be null");
        if (script.isBlank()) {
            throw new IllegalArgumentException("script cannot be blank");
        }
    }

    /** A PowerShell script. */
    public static RemoteCommand powershell(String script) {
        return new RemoteCommand(script, Shell.POWERSHELL);
    }

    /** A cmd.exe command line. */
    public static RemoteCommand cmd(String script) {
        return new RemoteCommand(script, Shell.CMD);
    }
}
