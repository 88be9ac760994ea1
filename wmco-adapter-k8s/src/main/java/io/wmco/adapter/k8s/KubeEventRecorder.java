package io.wmco.adapter.k8s;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1EventSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.wmco.domain.event.EventReason;
import io.wmco.ports.cluster.EventRecorder;
import io.wmco.ports.cluster.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EventRecorder} that keeps one core {@code v1} Event per series, a series being the object, the reason and
 * the message: a repeat raises the series' {@code count} and {@code lastTimestamp} on the same Event. It replaces the
 * client's legacy recorder, whose spam filter keys on the object alone (every entry of the {@code windows-instances}
 * ConfigMap shares its burst of 25, so retries of a few unreachable hosts silenced every other entry) and whose
 * aggregator folds more than ten messages of one reason into one. Here no series can hide another; what bounds the
 * writes instead is that a series is written at most once per {@link #MIN_UPDATE_INTERVAL} (repeats in between are
 * counted and written together) and that callers record each repeat only when a problem recurs.
 *
 * <p>Event names are derived from the series ({@code <object>.<hash>}), so a restarted operator finds its Events
 * again: a create that meets 409 reads the Event and continues its count (409 is expected, never an error); a patch
 * that meets 404 (the Event expired) creates it again. Writes run on one background thread started by
 * {@link #start()}; {@link #record} only updates memory and never blocks on the API server. Series not repeated for
 * {@link #FORGET_AFTER} are forgotten, the oldest first beyond {@link #MAX_SERIES}. Best effort: a failed write is
 * logged at WARN without a stack trace and tried again later. Thread-safe.
 *
 * <p>(Over 300 lines because the series memory, its writer thread and the 409/404 rules are one piece that is only
 * correct together; the API calls live in {@link KubeEventApi}.)
 */
final class KubeEventRecorder implements EventRecorder, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubeEventRecorder.class);
    /** How often one series is written at most; repeats in between are written together. */
    static final Duration MIN_UPDATE_INTERVAL = Duration.ofSeconds(10);
    /** How long a failed write waits before it is tried again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(10);
    /** How long the writer sleeps between two looks for due series (a record or close wakes it sooner). */
    private static final Duration WRITER_TICK = Duration.ofSeconds(1);
    /** A series not repeated for this long is forgotten (the API server expires its Event after an hour). */
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    /** The most series remembered at once. */
    static final int MAX_SERIES = 5000;
    /** Longest message written (the API server's events.k8s.io limit, also kept for core events). */
    static final int MAX_MESSAGE = 1024;
    /** Where events about cluster-scoped objects (nodes, CSRs) go, as {@code kubectl} expects them. */
    static final String CLUSTER_SCOPED_NAMESPACE = "default";

    /** One Event's memory: what was recorded, how often, and how much of it is written. */
    private static final class Series {
        final String namespace;
        final String name;
        final ObjectRef regarding;
        final EventReason reason;
        final String message;
        final Instant first;
        Instant last;
        /** Occurrences recorded by this process. */
        int recorded;
        /** Of those, how many the API server has (added to {@link #base}). */
        int written;
        /** The count the Event already had when this process found it (another process wrote it before). */
        int base;

        boolean exists;
        Instant notBefore = Instant.MIN;

        Series(String namespace, String name, ObjectRef regarding, EventReason reason, String message, Instant at) {
            this.namespace = namespace;
            this.name = name;
            this.regarding = regarding;
            this.reason = reason;
            this.message = message;
            this.first = at;
            this.last = at;
        }

        boolean dirty() {
            return written < recorded;
        }
    }

    private final KubeEventApi api;
    private final String component;
    private final Clock clock;
    private final Map<String, Series> series = new LinkedHashMap<>();
    private final Object lock = new Object();
    private Thread writer;
    private boolean closed;

    KubeEventRecorder(KubeEventApi api, String component, Clock clock) {
        this.api = requireNonNull(api, "api cannot be null");
        this.component = requireNonNull(component, "component cannot be null");
        this.clock = requireNonNull(clock, "clock cannot be null");
    }

    /**
     * Counts one occurrence of the series; it is written by the background thread. A null argument is the caller's
     * bug and throws {@link NullPointerException}.
     */
    @Override
    public void record(ObjectRef regarding, EventReason reason, String message) {
        requireNonNull(regarding, "regarding cannot be null");
        requireNonNull(reason, "reason cannot be null");
        requireNonNull(message, "message cannot be null");
        String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
        String key = seriesKey(regarding, reason, text);
        Instant now = clock.instant();
        synchronized (lock) {
            Series s = series.get(key);
            if (s == null) {
                String ns = regarding.namespace().isEmpty() ? CLUSTER_SCOPED_NAMESPACE : regarding.namespace();
                s = new Series(ns, eventName(regarding.name(), key), regarding, reason, text, now);
                series.put(key, s);
            }
            s.recorded++;
            s.last = now;
            lock.notifyAll();
        }
    }

    /** Starts the writer thread. Idempotent. */
    void start() {
        synchronized (lock) {
            if (writer != null || closed) {
                return;
            }
            writer = new Thread(this::writeLoop, "wmco-events");
            writer.setDaemon(true);
            writer.start();
        }
    }

    /** Stops the writer thread; occurrences not yet written are dropped. Idempotent. */
    @Override
    public void close() {
        Thread t;
        synchronized (lock) {
            closed = true;
            t = writer;
            lock.notifyAll();
        }
        if (t != null) {
            t.interrupt();
        }
    }

    private void writeLoop() {
        while (true) {
            synchronized (lock) {
                if (closed) {
                    return;
                }
            }
            writePending();
            synchronized (lock) {
                if (closed) {
                    return;
                }
                try {
                    lock.wait(WRITER_TICK.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * Writes every series with unwritten occurrences whose turn has come; forgets old series. Called by the writer
     * thread every {@link #WRITER_TICK}, and by tests.
     */
    void writePending() {
        Instant now = clock.instant();
        List<Series> due = new ArrayList<>();
        synchronized (lock) {
            forgetOld(now);
            for (Series s : series.values()) {
                if (s.dirty() && !now.isBefore(s.notBefore)) {
                    due.add(s);
                }
            }
        }
        for (Series s : due) {
            write(s, now);
        }
    }

    private void write(Series s, Instant now) {
        int recorded;
        Instant last;
        synchronized (lock) {
            recorded = s.recorded;
            last = s.last;
        }
        try {
            if (!s.exists) {
                createOrAdopt(s, recorded, last);
            } else {
                try {
                    api.patchCount(s.namespace, s.name, s.base + recorded, at(last));
                } catch (ApiException e) {
                    if (e.getCode() != 404) {
                        throw e;
                    }
                    // expired or deleted: start the Event again with what this process counted
                    s.exists = false;
                    s.base = 0;
                    createOrAdopt(s, recorded, last);
                }
            }
            synchronized (lock) {
                s.written = recorded;
                s.notBefore = now.plus(MIN_UPDATE_INTERVAL);
            }
        } catch (ApiException e) {
            synchronized (lock) {
                s.notBefore = now.plus(RETRY_AFTER);
            }
            LOG.warn(
                    "could not record event {} on {} {} (HTTP {}); trying again in {}s",
                    s.reason,
                    s.regarding.kind(),
                    s.regarding.name(),
                    e.getCode(),
                    RETRY_AFTER.toSeconds());
        } catch (RuntimeException e) {
            synchronized (lock) {
                s.notBefore = now.plus(RETRY_AFTER);
            }
            LOG.warn(
                    "could not record event {} on {} {}: {}",
                    s.reason,
                    s.regarding.kind(),
                    s.regarding.name(),
                    e.toString());
        }
    }

    /** Creates the Event; when it exists already (an earlier process), continues its count. */
    private void createOrAdopt(Series s, int recorded, Instant last) throws ApiException {
        try {
            api.create(s.namespace, event(s, recorded, last));
            s.base = 0;
            s.exists = true;
        } catch (ApiException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            Optional<CoreV1Event> found = api.read(s.namespace, s.name);
            int before = found.map(CoreV1Event::getCount).orElse(0);
            s.base = before;
            api.patchCount(s.namespace, s.name, before + recorded, at(last));
            s.exists = true;
        }
    }

    private CoreV1Event event(Series s, int count, Instant last) {
        return new CoreV1Event()
                .metadata(new V1ObjectMeta().name(s.name).namespace(s.namespace))
                .involvedObject(reference(s.regarding))
                .reason(s.reason.text())
                .message(s.message)
                .type(s.reason.severity() == EventReason.Severity.WARNING ? "Warning" : "Normal")
                .source(new V1EventSource().component(component))
                .reportingComponent(component)
                .firstTimestamp(at(s.first))
                .lastTimestamp(at(last))
                .count(count);
    }

    private void forgetOld(Instant now) {
        series.values().removeIf(s -> !s.dirty() && s.last.plus(FORGET_AFTER).isBefore(now));
        if (series.size() > MAX_SERIES) {
            List<String> oldest = series.entrySet().stream()
                    .sorted(Comparator.comparing(e -> e.getValue().last))
                    .limit(series.size() - MAX_SERIES)
                    .map(Map.Entry::getKey)
                    .toList();
            oldest.forEach(series::remove);
        }
    }

    /** How many series are remembered, for tests. */
    int seriesCount() {
        synchronized (lock) {
            return series.size();
        }
    }

    private static OffsetDateTime at(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static String seriesKey(ObjectRef r, EventReason reason, String message) {
        return String.join(
                "\u0000", r.apiVersion(), r.kind(), r.namespace(), r.name(), r.uid(), reason.text(), message);
    }

    /** {@code <object name>.<16 hex digits of the series>}: a valid name, the same in every process. */
    static String eventName(String objectName, String seriesKey) {
        String prefix = objectName.length() > 200 ? objectName.substring(0, 200) : objectName;
        while (!prefix.isEmpty() && !Character.isLetterOrDigit(prefix.charAt(prefix.length() - 1))) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seriesKey.getBytes(StandardCharsets.UTF_8));
            return prefix + "." + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
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
