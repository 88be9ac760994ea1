package io.wmco.app.loop;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Lets workflow threads wait for a condition on cluster state without polling on a timer: informer event
 * handlers call {@link #signal()} on every change, and {@link #await} re-evaluates its condition after each
 * signal until it holds or the deadline passes. Thread-safe.
 */
public final class ChangeSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long generation;

    /** Called on every relevant change (informer add, update, delete). Cheap; never blocks for long. */
    public void signal() {
        lock.lock();
        try {
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code check} yields a value.
     *
     * @param what what is awaited, for the timeout message (e.g. "node for 10.0.0.5 to register")
     * @param check evaluated at once and after every change; reads caches only
     * @param timeout how long to wait at most
     * @return the value the check produced
     * @throws TimeoutException when the deadline passes first
     * @throws InterruptedException when the waiting thread is interrupted (shutdown)
     */
    public <T> T await(String what, Supplier<Optional<T>> check, Duration timeout)
            throws TimeoutException, InterruptedException {
        requireNonNull(check, "check cannot be null");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen;
            lock.lock();
            try {
                seen = generation;
            } finally {
                lock.unlock();
            }
            Optional<T> value = check.get();
            if (value.isPresent()) {
                return value.get();
            }
            lock.lock();
            try {
                while (generation == seen) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException("timed out after " + timeout.toSeconds() + "s waiting for " + what);
                    }
                    changed.awaitNanos(left);
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
