package io.wmco.domain.fleet;

import java.time.Duration;

/**
 * How long an instance waits after its n-th failure in a row: {@link #FIRST} doubled per further failure, at most
 * {@link #MAX}. The work queue's rate limiter is built on this, so the log and the queue agree on the delay.
 * Thread-safe; no state.
 */
public final class Backoff {
    private Backoff() {}

    /** The delay after the first failure. */
    public static final Duration FIRST = Duration.ofSeconds(2);
    /** The longest delay. */
    public static final Duration MAX = Duration.ofMinutes(5);

    /**
     * The delay after {@code failures} failures in a row.
     *
     * @param failures at least 1
     */
    public static Duration after(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1, got " + failures);
        }
        Duration d = FIRST.multipliedBy(1L << Math.min(failures - 1, 20));
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
