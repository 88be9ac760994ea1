package io.wmco.adapter.k8s;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.extended.event.EventType;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.wmco.domain.event.EventReason;
import io.wmco.ports.cluster.EventRecorder;
import io.wmco.ports.cluster.ObjectRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EventRecorder} on the client's legacy ({@code v1} core) event recorder, which queues events, aggregates
 * repeats into counts and writes them from a background thread once recording has started. Best effort: nothing is
 * thrown to the caller.
 */
final class KubeEventRecorder implements EventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(KubeEventRecorder.class);

    private final io.kubernetes.client.extended.event.legacy.EventRecorder delegate;

    KubeEventRecorder(io.kubernetes.client.extended.event.legacy.EventRecorder delegate) {
        this.delegate = requireNonNull(delegate, "delegate cannot be null");
    }

    /**
     * Hands the event to the client's recorder. A null argument is the caller's bug and throws
     * {@link NullPointerException}; a failure of the recorder itself is logged and swallowed (events are best
     * effort).
     */
    @Override
    public void record(ObjectRef regarding, EventReason reason, String message) {
        requireNonNull(regarding, "regarding cannot be null");
        requireNonNull(reason, "reason cannot be null");
        requireNonNull(message, "message cannot be null");
        try {
            // The message goes in as an argument: the recorder formats its third argument, and '%' in a message
            // must not be read as a format directive.
            delegate.event(
                    reference(regarding),
                    reason.severity() == EventReason.Severity.WARNING ? EventType.Warning : EventType.Normal,
                    reason.text(),
                    "%s",
                    message);
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not record event {} on {} {}: {}", reason, regarding.kind(), regarding.name(), e.toString());
        }
    }

    static V1ObjectReference reference(ObjectRef ref) {
        V1ObjectReference r = new V1ObjectReference()
                .apiVersion(ref.apiVersion())
                .kind(ref.kind())
                .name(ref.name());
        if (!ref.namespace().isEmpty()) {
            r.namespace(ref.namespace());
        }
        if (!ref.uid().isEmpty()) {
            r.uid(ref.uid());
        }
        return r;
    }
}
