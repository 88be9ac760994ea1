package io.wmco.ports.cluster;

import io.wmco.ports.PortException;

/**
 * An error talking to the Kubernetes API. Adapters map HTTP failures: 409 to {@link Kind#CONFLICT}; 429, 5xx and
 * I/O failures to {@link Kind#UNAVAILABLE}; 400, 401, 403, 422 to {@link Kind#REJECTED}. A 404 is not an error:
 * ports return {@code Optional.empty()} or treat deletes as done.
 */
public final class ClusterException extends PortException {
    private static final long serialVersionUID = 1L;

    /** The classes of cluster failure. */
    public enum Kind {
        /** The object changed under us; re-read and retry. */
        CONFLICT(true),
        /** The API server is overloaded, restarting or unreachable; retry with backoff. */
        UNAVAILABLE(true),
        /** The request is invalid or forbidden; retrying the same request will fail again. */
        REJECTED(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final Kind kind;
    private final int status;

    /**
     * @param kind the failure class
     * @param status HTTP status, or 0 when no response arrived
     * @param message what was attempted, naming the object
     * @param cause the client's exception
     */
    public ClusterException(Kind kind, int status, String message, Throwable cause) {
        super(message + (status > 0 ? " (HTTP " + status + ")" : ""), cause);
        this.kind = kind;
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    /** HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    @Override
    public boolean retryable() {
        return kind.retryable;
    }
}
