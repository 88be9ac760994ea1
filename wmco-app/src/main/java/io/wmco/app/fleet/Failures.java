package io.wmco.app.fleet;

import io.wmco.app.workflow.WorkflowException;
import io.wmco.domain.fleet.Failure;
import io.wmco.ports.PortException;
import io.wmco.ports.cluster.ClusterException;
import io.wmco.ports.remote.AuthenticationRejectedException;
import io.wmco.ports.remote.CommandFailedException;
import io.wmco.ports.remote.HostKeyMismatchException;
import io.wmco.ports.remote.HostUnreachableException;
import io.wmco.ports.remote.InvalidPrivateKeyException;
import io.wmco.ports.remote.TransferFailedException;

/**
 * The one place where exceptions become the domain's {@link Failure}s: each port exception family maps to the kind
 * the failure policy decides on. Anything no port declares is {@link Failure.Kind#UNEXPECTED} (a bug). Thread-safe;
 * no state.
 */
final class Failures {
    private Failures() {}

    static Failure of(RuntimeException e) {
        return new Failure(kind(e), message(e));
    }

    private static Failure.Kind kind(RuntimeException e) {
        if (e instanceof WorkflowException w) {
            return w.kind();
        } else if (e instanceof HostUnreachableException) {
            return Failure.Kind.HOST_UNREACHABLE;
        } else if (e instanceof AuthenticationRejectedException) {
            return Failure.Kind.AUTHENTICATION_REJECTED;
        } else if (e instanceof HostKeyMismatchException) {
            return Failure.Kind.HOST_KEY_CHANGED;
        } else if (e instanceof CommandFailedException || e instanceof TransferFailedException) {
            return Failure.Kind.REMOTE_ERROR;
        } else if (e instanceof InvalidPrivateKeyException) {
            return Failure.Kind.MISCONFIGURED;
        } else if (e instanceof ClusterException c) {
            return c.retryable() ? Failure.Kind.CLUSTER_UNAVAILABLE : Failure.Kind.CLUSTER_REJECTED;
        } else if (e instanceof PortException p) {
            return p.retryable() ? Failure.Kind.TRANSIENT : Failure.Kind.MISCONFIGURED;
        }
        return Failure.Kind.UNEXPECTED;
    }

    private static String message(RuntimeException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
