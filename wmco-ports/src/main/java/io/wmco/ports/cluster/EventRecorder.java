package io.wmco.ports.cluster;

import io.wmco.domain.event.EventReason;
import io.wmco.domain.event.Notice;

/**
 * Records Kubernetes events an administrator sees with {@code kubectl describe} and {@code kubectl get events}.
 * The reason is one of the domain's {@link EventReason}s, which also fixes the event type (Normal or Warning);
 * identical reason and message on the same object are counted on one event by the recorder, so callers keep the
 * message stable while a problem repeats.
 *
 * <p>Thread-safe. Best effort: a failure to record is logged by the adapter and never thrown; a null argument is
 * the caller's bug and throws {@link NullPointerException}.
 */
public interface EventRecorder {

    /**
     * @param regarding the object the event is about
     * @param reason what kind of problem or outcome it is
     * @param message a sentence naming the problem and the fix; never a secret or a plain user name
     */
    void record(ObjectRef regarding, EventReason reason, String message);

    /** Records a notice about {@code regarding}. */
    default void record(ObjectRef regarding, Notice notice) {
        record(regarding, notice.reason(), notice.message());
    }
}
