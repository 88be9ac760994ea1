package io.wmco.app.workflow;

import io.wmco.ports.PortException;

/**
 * A workflow could not go on: a wait ran out, or the host is in a state the plan cannot handle. Retryable ones
 * are redone with backoff; the others are reported and wait for the administrator.
 */
public final class WorkflowException extends PortException {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    public WorkflowException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    public WorkflowException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    @Override
    public boolean retryable() {
        return retryable;
    }
}
