package io.wmco.adapter.k8s;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.extended.event.EventType;
import io.kubernetes.client.extended.event.legacy.EventRecorder;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.wmco.domain.event.EventReason;
import io.wmco.ports.cluster.ObjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeEventRecorderTest {
    private static final ObjectRef NODE = ObjectRef.node("win-1");

    /** Records what reaches the client's recorder; fails every call when {@code failing}. */
    static final class Delegate implements EventRecorder {
        final List<String> seen = new ArrayList<>();
        boolean failing;

        @Override
        public void event(KubernetesObject o, EventType t, String reason, String format, String... args) {
            throw new AssertionError("the adapter passes references, not objects");
        }

        @Override
        public void event(
                KubernetesObject o, Map<String, String> a, EventType t, String reason, String format, String... args) {
            throw new AssertionError("the adapter passes references, not objects");
        }

        @Override
        public void event(V1ObjectReference ref, EventType t, String reason, String format, String... args) {
            if (failing) {
                throw new IllegalStateException("recorder stopped");
            }
            seen.add(ref.getKind() + "/" + ref.getName() + " " + t + " " + reason + " "
                    + String.format(format, (Object[]) args));
        }

        @Override
        public void event(
                V1ObjectReference ref,
                Map<String, String> a,
                EventType t,
                String reason,
                String format,
                String... args) {
            event(ref, t, reason, format, args);
        }
    }

    private final Delegate delegate = new Delegate();
    private final KubeEventRecorder recorder = new KubeEventRecorder(delegate);

    @Test
    void passesTheMessageAsAnArgumentSoPercentSignsStayText() {
        recorder.record(NODE, EventReason.CONFIGURATION_FAILED, "disk 100% full");

        assertEquals(List.of("Node/win-1 Warning ConfigurationFailed disk 100% full"), delegate.seen);
    }

    @Test
    void nullArgumentsAreTheCallersBugAndThrow() {
        assertThrows(NullPointerException.class, () -> recorder.record(null, EventReason.NODE_CONFIGURED, "m"));
        assertThrows(NullPointerException.class, () -> recorder.record(NODE, null, "m"));
        assertThrows(
                NullPointerException.class, () -> recorder.record(NODE, EventReason.NODE_CONFIGURED, (String) null));
        assertEquals(List.of(), delegate.seen);
    }

    @Test
    void aFailingRecorderIsLoggedNotThrown() {
        delegate.failing = true;

        assertDoesNotThrow(() -> recorder.record(NODE, EventReason.NODE_CONFIGURED, "done"));
    }
}
