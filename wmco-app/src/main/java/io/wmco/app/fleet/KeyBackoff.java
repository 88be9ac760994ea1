package io.wmco.app.fleet;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.workqueue.ratelimiter.RateLimiter;
import io.wmco.domain.fleet.Backoff;
import io.wmco.domain.fleet.InstanceKey;
import java.time.Duration;

/**
 * The instance work queue's rate limiter: a failed key comes back after {@link Backoff#after} its failures in a
 * row, as {@link KeyStates} counts them (the reconciler counts a failure before it asks for the requeue, and resets
 * the count on the next reconcile that does not fail, or when the key's inputs change). One count serves the
 * queue, the log line and the failure policy. Thread-safe.
 */
final class KeyBackoff implements RateLimiter<Request> {
    private final KeyStates states;

    KeyBackoff(KeyStates states) {
        this.states = requireNonNull(states, "states cannot be null");
    }

    @Override
    public Duration when(Request item) {
        return InstanceKey.parse(item.getName()).map(states::backoff).orElse(Backoff.FIRST);
    }

    /** Nothing to do: the count is reset by the reconcile that succeeded. */
    @Override
    public void forget(Request item) {}

    @Override
    public int numRequeues(Request item) {
        return InstanceKey.parse(item.getName()).map(states::failures).orElse(0);
    }
}
