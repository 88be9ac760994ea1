package io.wmco.ports.remote;

/** The host could not be reached, or a connection or command timed out. Retryable with backoff. */
public final class HostUnreachableException extends RemoteAccessException {
    private static final long serialVersionUID = 1L;

    public HostUnreachableException(String host, String message, Throwable cause) {
        super(host, message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
