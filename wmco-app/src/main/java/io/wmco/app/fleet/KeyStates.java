package io.wmco.app.fleet;

import static java.util.Objects.requireNonNull;

import io.wmco.app.workflow.PlanRun;
import io.wmco.domain.event.Notice;
import io.wmco.domain.fleet.Backoff;
import io.wmco.domain.fleet.InstanceKey;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the loop remembers per instance key between reconciles: the plan run in progress, the failures in a row and
 * the last notice recorded. Only the worker holding a key changes its plan run and notice (the work queue never
 * hands a key to two workers); the failure count is also read by the queue's rate limiter and reset by input
 * changes, hence atomic. Forgotten when the key has nothing left to do. Thread-safe.
 */
public final class KeyStates {

    /** One key's memory. */
    public static final class KeyState {
        private final AtomicInteger failures = new AtomicInteger();
        private volatile PlanRun run;
        private volatile Notice lastNotice;

        /** The plan run in progress, if any. */
        public Optional<PlanRun> run() {
            return Optional.ofNullable(run);
        }

        public void run(PlanRun run) {
            this.run = run;
        }

        public void discardRun() {
            this.run = null;
        }

        /** Failures in a row (0 after a reconcile that did not fail). */
        public int failures() {
            return failures.get();
        }

        /** Counts a failure; returns the new count. */
        int failed() {
            return failures.incrementAndGet();
        }

        void succeeded() {
            failures.set(0);
        }

        /**
         * Whether {@code notice} differs from the last one recorded for this key (and remembers it): a notice that
         * repeats a wait is recorded once, not on every look.
         */
        boolean isNew(Notice notice) {
            boolean changed = !notice.equals(lastNotice);
            lastNotice = notice;
            return changed;
        }

        /** The latest notice recorded for the key, for the status of an entry. */
        public Optional<Notice> lastNotice() {
            return Optional.ofNullable(lastNotice);
        }
    }

    private final Map<InstanceKey, KeyState> states = new ConcurrentHashMap<>();

    /** The key's memory, created empty on first use. */
    public KeyState of(InstanceKey key) {
        requireNonNull(key, "key cannot be null");
        return states.computeIfAbsent(key, k -> new KeyState());
    }

    /** Failures in a row of a key (0 when unknown). */
    public int failures(InstanceKey key) {
        KeyState s = states.get(key);
        return s == null ? 0 : s.failures();
    }

    /** The delay the work queue waits after the key's last failure. */
    public java.time.Duration backoff(InstanceKey key) {
        return Backoff.after(Math.max(1, failures(key)));
    }

    /** The inputs of these keys changed (ConfigMap, key Secret): a failed one gets a fresh chance at once. */
    public void inputsChanged(Collection<InstanceKey> keys) {
        keys.forEach(k -> {
            KeyState s = states.get(k);
            if (s != null) {
                s.succeeded();
            }
        });
    }

    /** The keys whose plan run is in progress (a first configuration may have no node yet). */
    public java.util.Set<InstanceKey> inProgress() {
        java.util.Set<InstanceKey> keys = new java.util.TreeSet<>();
        states.forEach((k, s) -> {
            if (s.run().isPresent()) {
                keys.add(k);
            }
        });
        return keys;
    }

    /** Forgets a key that has nothing left to do (its entry, Machine and node are gone). */
    public void forget(InstanceKey key) {
        states.remove(key);
    }

    /** Drops every plan run: leadership ended, so the next leader starts over (every step is idempotent). */
    public void discardRuns() {
        states.values().forEach(KeyState::discardRun);
    }
}
