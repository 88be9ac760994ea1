package io.wmco.app.workflow;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** What one look at a step gave: done, or still waiting for the cluster or the host. */
sealed interface StepResult {

    /** The step is done. */
    StepResult DONE = new Done();

    /** The step is done. */
    record Done() implements StepResult {}

    /**
     * The step waits; the key is looked at again after {@code recheck} at the latest (sooner when an event of its
     * node arrives).
     *
     * @param what what is awaited, for the log
     */
    record Waiting(String what, Duration recheck) implements StepResult {
        public Waiting {
            requireNonNull(what, "what cannot be null");
            requireNonNull(recheck, "recheck cannot be null");
        }
    }
}
