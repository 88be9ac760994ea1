package io.wmco.adapter.k8s;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.wmco.domain.event.EventReason;
import io.wmco.ports.cluster.ObjectRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KubeEventRecorderTest {
    private static final ObjectRef NODE = ObjectRef.node("win-1");
    private static final ObjectRef INSTANCES = ObjectRef.configMap("wmco", "windows-instances");

    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Events kept in memory the way the API server keeps them; each call is logged; failures can be injected. */
    static final class FakeApi implements KubeEventApi {
        final Map<String, CoreV1Event> events = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();
        int failWith;

        private void maybeFail() throws ApiException {
            if (failWith != 0) {
                throw new ApiException(failWith, "injected");
            }
        }

        @Override
        public void create(String namespace, CoreV1Event event) throws ApiException {
            calls.add("create " + namespace + "/" + event.getMetadata().getName() + " " + event.getCount());
            maybeFail();
            String key = namespace + "/" + event.getMetadata().getName();
            if (events.containsKey(key)) {
                throw new ApiException(409, "already exists");
            }
            events.put(key, event);
        }

        @Override
        public Optional<CoreV1Event> read(String namespace, String name) throws ApiException {
            calls.add("read " + namespace + "/" + name);
            maybeFail();
            return Optional.ofNullable(events.get(namespace + "/" + name));
        }

        @Override
        public void patchCount(String namespace, String name, int count, OffsetDateTime last) throws ApiException {
            calls.add("patch " + namespace + "/" + name + " " + count);
            maybeFail();
            CoreV1Event e = events.get(namespace + "/" + name);
            if (e == null) {
                throw new ApiException(404, "not found");
            }
            e.count(count).lastTimestamp(last);
        }

        CoreV1Event only() {
            assertEquals(1, events.size(), events.keySet().toString());
            return events.values().iterator().next();
        }
    }

    private final HandClock clock = new HandClock();
    private final FakeApi api = new FakeApi();
    private final KubeEventRecorder recorder = new KubeEventRecorder(api, "wmco", clock);

    @Test
    void firstOccurrenceIsCreatedWithTheMessageVerbatim() {
        recorder.record(NODE, EventReason.CONFIGURATION_FAILED, "disk 100% full");
        recorder.writePending();

        CoreV1Event e = api.only();
        assertEquals("disk 100% full", e.getMessage());
        assertEquals("Warning", e.getType());
        assertEquals("ConfigurationFailed", e.getReason());
        assertEquals("Node", e.getInvolvedObject().getKind());
        assertEquals("win-1", e.getInvolvedObject().getName());
        assertEquals("wmco", e.getSource().getComponent());
        assertEquals("default", e.getMetadata().getNamespace(), "events about cluster-scoped objects");
        assertEquals(1, e.getCount());
        assertTrue(
                e.getMetadata().getName().matches("win-1\\.[0-9a-f]{16}"),
                e.getMetadata().getName());
    }

    @Test
    void repeatsRaiseTheCountOfOneEventAndAreWrittenTogetherAtMostOncePerInterval() {
        recorder.record(INSTANCES, EventReason.CONFIGURATION_RETRYING, "entry 10.0.0.5: unreachable; retrying");
        recorder.writePending();
        Instant lastRecorded = null;
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            lastRecorded = clock.instant();
            recorder.record(INSTANCES, EventReason.CONFIGURATION_RETRYING, "entry 10.0.0.5: unreachable; retrying");
            recorder.writePending();
        }
        assertEquals(1, api.only().getCount(), "repeats inside the interval wait");
        clock.advance(KubeEventRecorder.MIN_UPDATE_INTERVAL);
        recorder.writePending();

        assertEquals(6, api.only().getCount());
        assertEquals(2, api.calls.size(), api.calls.toString());
        assertEquals(lastRecorded, api.only().getLastTimestamp().toInstant());
    }

    @Test
    void everyEntryKeepsItsOwnEventOnTheSameObject() {
        // the client's spam filter let 25 events through per object; one series per message has no such limit
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 40; i++) {
                recorder.record(INSTANCES, EventReason.INVALID_INSTANCE_ENTRY, "entry bad-" + i + ": invalid");
            }
            clock.advance(KubeEventRecorder.MIN_UPDATE_INTERVAL);
            recorder.writePending();
        }
        recorder.record(INSTANCES, EventReason.INVALID_INSTANCE_ENTRY, "entry latest: invalid");
        recorder.writePending();

        assertEquals(41, api.events.size());
        assertTrue(api.events.values().stream().anyMatch(e -> e.getMessage().equals("entry latest: invalid")));
        assertTrue(api.events.values().stream()
                .filter(e -> e.getMessage().startsWith("entry bad-"))
                .allMatch(e -> e.getCount() == 3));
    }

    @Test
    void anEventLeftByAnEarlierProcessIsContinuedNotFailed() {
        recorder.record(INSTANCES, EventReason.CONFIGURATION_RETRYING, "entry 10.0.0.5: unreachable; retrying");
        recorder.writePending();
        recorder.close();

        // a restarted operator meets its own Event: 409 on create, then the count goes on from the stored one
        KubeEventRecorder restarted = new KubeEventRecorder(api, "wmco", clock);
        restarted.record(INSTANCES, EventReason.CONFIGURATION_RETRYING, "entry 10.0.0.5: unreachable; retrying");
        restarted.record(INSTANCES, EventReason.CONFIGURATION_RETRYING, "entry 10.0.0.5: unreachable; retrying");
        assertDoesNotThrow(restarted::writePending);

        assertEquals(3, api.only().getCount());
        clock.advance(KubeEventRecorder.MIN_UPDATE_INTERVAL);
        restarted.record(INSTANCES, EventReason.CONFIGURATION_RETRYING, "entry 10.0.0.5: unreachable; retrying");
        restarted.writePending();
        assertEquals(4, api.only().getCount());
    }

    @Test
    void anExpiredEventIsCreatedAgain() {
        recorder.record(NODE, EventReason.NODE_CONFIGURED, "configured");
        recorder.writePending();
        api.events.clear();
        clock.advance(KubeEventRecorder.MIN_UPDATE_INTERVAL);
        recorder.record(NODE, EventReason.NODE_CONFIGURED, "configured");
        recorder.writePending();

        assertEquals(2, api.only().getCount());
    }

    @Test
    void aFailedWriteIsTriedAgainLater() {
        api.failWith = 503;
        recorder.record(NODE, EventReason.NODE_CONFIGURED, "configured");
        assertDoesNotThrow(recorder::writePending);
        assertEquals(0, api.events.size());
        api.failWith = 0;
        recorder.writePending();
        assertEquals(0, api.events.size(), "waits before trying again");
        clock.advance(KubeEventRecorder.RETRY_AFTER);
        recorder.writePending();

        assertEquals(1, api.only().getCount());
    }

    @Test
    void seriesNotRepeatedForAnHourAreForgotten() {
        recorder.record(NODE, EventReason.NODE_CONFIGURED, "configured");
        recorder.writePending();
        clock.advance(KubeEventRecorder.FORGET_AFTER.plusSeconds(1));
        recorder.writePending();

        assertEquals(0, recorder.seriesCount());
    }

    @Test
    void nullArgumentsAreTheCallersBugAndThrow() {
        assertThrows(NullPointerException.class, () -> recorder.record(null, EventReason.NODE_CONFIGURED, "m"));
        assertThrows(NullPointerException.class, () -> recorder.record(NODE, null, "m"));
        assertThrows(
                NullPointerException.class, () -> recorder.record(NODE, EventReason.NODE_CONFIGURED, (String) null));
        recorder.writePending();
        assertEquals(List.of(), api.calls);
    }

    @Test
    void eventNamesAreValidForLongObjectNames() {
        String name = KubeEventRecorder.eventName("a".repeat(199) + "-b", "k");
        assertTrue(name.matches("a{199}\\.[0-9a-f]{16}"), name);
    }
}
