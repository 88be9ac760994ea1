package io.wmco.ports;

/**
 * Root of the unchecked exceptions a port may throw. Every adapter classifies its own transport errors into
 * this family so that control loops decide on data ({@link #retryable()}) and never see transport types.
 *
 * <p>Not-found is never an exception: ports return {@code Optional.empty()} for it.
 */
public abstract class PortException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the object (host, node, secret) it concerns; never a secret value
     * @param cause the underlying error; may be null only when the adapter itself detected the failure
     */
    protected PortException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether repeating the same call later may succeed. Control loops requeue retryable failures with
     * backoff and report non-retryable ones (event, condition) without requeueing.
     */
    public abstract boolean retryable();
}
