package io.wmco.domain.remote;

import static java.util.Objects.requireNonNull;

/**
 * What a remote command returned. Windows tools write warnings to stderr, so success is judged by the exit
 * status alone.
 *
 * @param exitStatus the process exit status
 * @param stdout everything written to standard output (decoded as UTF-8)
 * @param stderr the tail of standard error, bounded by the transport
 */
public record CommandResult(int exitStatus, String stdout, String stderr) {
    public CommandResult {
        requireNonNull(stdout, "stdout cannot be null");
        requireNonNull(stderr, "stderr cannot be null");
    }

    /** True when the command exited with status 0. */
    public boolean succeeded() {
        return exitStatus == 0;
    }
}
