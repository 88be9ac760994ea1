package io.wmco.ports.remote;

import io.wmco.domain.remote.CommandResult;

/**
 * A command ran and exited non-zero. Thrown by {@link RemoteHost#runChecked}; {@link RemoteHost#run} returns
 * the result instead. Retryable: configuration steps are idempotent and a failed one is redone.
 */
public final class CommandFailedException extends RemoteAccessException {
    private static final long serialVersionUID = 1L;

    private final transient CommandResult result;
    private final String description;

    public CommandFailedException(String host, String description, CommandResult result) {
        super(host, description + " failed with exit status " + result.exitStatus() + tail(result.stderr()), null);
        this.description = description;
        this.result = result;
    }

    private static String tail(String stderr) {
        String s = stderr.strip();
        if (s.isEmpty()) {
            return "";
        }
        return ": " + (s.length() > 500 ? "..." + s.substring(s.length() - 500) : s);
    }

    /** What the command was for, as given by the caller. */
    public String description() {
        return description;
    }

    public CommandResult result() {
        return result;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
