package io.wmco.app.workflow;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.fleet.Failure;
import io.wmco.ports.PortException;

/**
 * A workflow could not go on for a reason of its own, not a port's: a wait ran past its deadline, the host was
 * refused, something only an administrator can provide is missing. Carries the {@link Failure.Kind} the failure
 * policy decides on.
 */
public final class WorkflowException extends PortException {
    private static final long serialVersionUID = 1L;
    private final Failure.Kind kind;

    public WorkflowException(Failure.Kind kind, String message) {
        this(kind, message, null);
    }

    public WorkflowException(Failure.Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = requireNonNull(kind, "kind cannot be null");
    }

    /** The class of failure. */
    public Failure.Kind kind() {
        return kind;
    }

    @Override
    public boolean retryable() {
        return kind.retryable();
    }
}
