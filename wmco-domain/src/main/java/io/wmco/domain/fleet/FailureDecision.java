package io.wmco.domain.fleet;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.event.Notice;
import java.time.Duration;

/**
 * What {@link FailurePolicy} decided after a failure. Every decision carries the {@link Notice} to record; the
 * app carries the decision out and never decides itself. Immutable.
 */
public sealed interface FailureDecision {

    /** What to tell the administrator. */
    Notice notice();

    /** Try again later; the work queue's rate limiter (the {@link Backoff}) says when. */
    record Retry(Notice notice) implements FailureDecision {
        public Retry {
            requireNonNull(notice, "notice cannot be null");
        }
    }

    /**
     * Only an administrator can fix this: report it and do not retry before {@code recheck} has passed (or the
     * ConfigMap or the key Secret changes, which requeues every instance at once).
     */
    record Report(Notice notice, Duration recheck) implements FailureDecision {
        public Report {
            requireNonNull(notice, "notice cannot be null");
            requireNonNull(recheck, "recheck cannot be null");
        }
    }

    /** Delete the Machine so that its MachineSet replaces it (its host can never let the operator in). */
    record DeleteMachine(String namespace, String name, Notice notice) implements FailureDecision {
        public DeleteMachine {
            requireNonNull(namespace, "namespace cannot be null");
            requireNonNull(name, "name cannot be null");
            requireNonNull(notice, "notice cannot be null");
        }
    }

    /** Delete the node without cleaning its host, which is gone; the removal is then complete. */
    record ForceDeleteNode(String node, Notice notice) implements FailureDecision {
        public ForceDeleteNode {
            requireNonNull(node, "node cannot be null");
            requireNonNull(notice, "notice cannot be null");
        }
    }
}
