package io.wmco.domain.fleet;

import static java.util.Objects.requireNonNull;

/**
 * Why an action on an instance failed, as data. The app maps every exception of the ports to one failure, once,
 * where the action ran; {@link FailurePolicy} decides what follows. Immutable.
 *
 * @param kind the class of failure
 * @param message what failed, naming the object; stable while the same problem repeats (the port exceptions'
 *     messages are), never a secret or a plain user name
 */
public record Failure(Kind kind, String message) {

    /** The classes of failure the policy tells apart, each retryable or not by default. */
    public enum Kind {
        /** The host did not answer, or a connection or command timed out. */
        HOST_UNREACHABLE(true),
        /** The host refused the operator's user and key. */
        AUTHENTICATION_REJECTED(false),
        /** The host presented a key other than the pinned one. */
        HOST_KEY_CHANGED(false),
        /** A command exited non-zero or a transfer broke off; steps are idempotent and are redone. */
        REMOTE_ERROR(true),
        /** The API server was unavailable or the object changed under us. */
        CLUSTER_UNAVAILABLE(true),
        /** The API server refused the request (forbidden, invalid). */
        CLUSTER_REJECTED(false),
        /** A wait for cluster or host state ran past its deadline. */
        TIMED_OUT(true),
        /** The host cannot become a node (address, host name, Windows build) or the plan cannot be made. */
        REFUSED(false),
        /**
         * The host turned out to be one another entry already handles (the name it reported is that entry's node):
         * nothing was changed on it ({@link DuplicateInstances#byNodeName}).
         */
        DUPLICATE(false),
        /** Something only an administrator can provide is missing or unusable (a key, a CA, an annotation). */
        MISCONFIGURED(false),
        /** A condition that clears by itself (a name that does not resolve yet, a host rebooting). */
        TRANSIENT(true),
        /** A bug: an exception no port declares. Retried, and logged with its stack trace. */
        UNEXPECTED(true);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        /** Whether repeating the action later may succeed. */
        public boolean retryable() {
            return retryable;
        }
    }

    public Failure {
        requireNonNull(kind, "kind cannot be null");
        requireNonNull(message, "message cannot be null");
    }

    public boolean retryable() {
        return kind.retryable();
    }
}
