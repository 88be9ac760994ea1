package io.wmco.app.fleet;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.extended.controller.reconciler.Result;
import java.time.Duration;

/** How a reconcile of one key ended, as the work queue needs it. */
sealed interface Outcome {

    /** Done: nothing to come back for (the queue forgets the key's backoff). */
    Outcome DONE = new Done();

    /** Failed and retried: the queue's rate limiter (the key's {@link io.wmco.domain.fleet.Backoff}) says when. */
    Outcome RETRY = new Retry();

    /** The queue's answer. */
    Result result();

    /** Done. */
    record Done() implements Outcome {
        @Override
        public Result result() {
            return new Result(false);
        }
    }

    /** Failed: come back after the key's backoff. */
    record Retry() implements Outcome {
        @Override
        public Result result() {
            return new Result(true);
        }
    }

    /** Come back after {@code after} at the latest: a wait for the cluster, the host or a fleet-wide rule. */
    record Requeue(Duration after) implements Outcome {
        public Requeue {
            requireNonNull(after, "after cannot be null");
        }

        @Override
        public Result result() {
            return new Result(true, after);
        }
    }
}
