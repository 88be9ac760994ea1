package io.wmco.app.workflow;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.plan.FileStep;
import io.wmco.domain.plan.StepOverlap;
import io.wmco.ports.remote.LocalFile;
import io.wmco.ports.remote.RemoteHost;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.MDC;

/**
 * Runs one run of independent transfers ({@link StepOverlap#runLength}) with up to {@link StepOverlap#TRANSFER_WINDOW}
 * in flight on the same connection ({@link RemoteHost} takes concurrent calls, each on its own channel), so that the
 * host's verification hash of one file overlaps the upload of the next.
 *
 * <p>What stays as when they ran one after the other:
 * <ul>
 *   <li>transfers start in plan order and are reported done in plan order, on the calling thread, with each one's
 *       own duration; the call returns only when every transfer it started has ended, so the step after the run sees
 *       all of them done and verified;</li>
 *   <li>a transfer once started runs to its end: it either renames a verified file over its target or fails and
 *       removes its temporary file (the adapter's contract), never half of it. After a failure no further transfer
 *       starts; the one still in flight finishes; the failure of the earliest step in plan order is thrown, any other
 *       added to it as suppressed;</li>
 *   <li>a stop ({@code cancelled}) is noticed before each transfer starts; an interrupt of the waiting thread is passed
 *       on to the transfers in flight (as it would have reached a transfer on that thread), waited for, and kept set.
 *       </li>
 * </ul>
 * Not thread-safe: one call at a time per run (the work queue gives a key to one worker).
 */
final class OverlappedTransfers {

    /** How a run ended when it threw nothing. */
    enum Ending {
        /** Every transfer is done. */
        ALL_DONE,
        /** A stop or an interrupt came first: the transfers reported done are done, the rest did not start. */
        STOPPED
    }

    private final Executor helpers;
    private final Clock clock;

    OverlappedTransfers(Executor helpers, Clock clock) {
        this.helpers = requireNonNull(helpers, "helpers cannot be null");
        this.clock = requireNonNull(clock, "clock cannot be null");
    }

    /**
     * @param host the connected host
     * @param payload a payload file by name, with its packed form when it has one
     * @param starting called on this thread as each transfer is handed to a helper, in order (for the log)
     * @param done called on this thread for each transfer done, in order, with how long it took
     * @throws RuntimeException the earliest failing transfer's exception, once every started transfer has ended
     */
    Ending run(
            List<FileStep.Transfer> steps,
            RemoteHost host,
            Function<String, LocalFile> payload,
            BooleanSupplier cancelled,
            Consumer<FileStep.Transfer> starting,
            BiConsumer<FileStep.Transfer, Duration> done) {
        List<Task> tasks = new ArrayList<>();
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        int reported = 0;
        Throwable failure = null;
        boolean stopped = false;
        boolean interrupted = false;
        while (true) {
            while (failure == null
                    && !stopped
                    && tasks.size() < steps.size()
                    && tasks.size() - reported < StepOverlap.TRANSFER_WINDOW
                    && tasks.stream().noneMatch(Task::failed)) {
                if (cancelled.getAsBoolean()) {
                    stopped = true;
                    break;
                }
                FileStep.Transfer step = steps.get(tasks.size());
                starting.accept(step);
                Task task = new Task(step, host, payload, mdc);
                tasks.add(task);
                helpers.execute(task);
            }
            if (reported == tasks.size()) {
                break;
            }
            Task next = tasks.get(reported);
            try {
                next.ended.await();
            } catch (InterruptedException e) {
                // set again at the end: with the flag set, even an ended task's latch would throw
                interrupted = true;
                stopped = true;
                tasks.subList(reported, tasks.size()).forEach(Task::interrupt);
                awaitUninterruptibly(tasks.subList(reported, tasks.size()));
                continue;
            }
            reported++;
            if (next.failure != null) {
                if (failure == null) {
                    failure = next.failure;
                } else {
                    failure.addSuppressed(next.failure);
                }
            } else if (failure == null) {
                done.accept(next.step, next.took);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        return stopped || reported < steps.size() ? Ending.STOPPED : Ending.ALL_DONE;
    }

    private static void awaitUninterruptibly(List<Task> tasks) {
        for (Task t : tasks) {
            boolean again = true;
            while (again) {
                try {
                    t.ended.await();
                    again = false;
                } catch (InterruptedException e) {
                    // keep waiting: a transfer must end before the run is given up; the caller sets the flag again
                }
            }
        }
    }

    /** One transfer on a helper thread. */
    private final class Task implements Runnable {
        final FileStep.Transfer step;
        private final RemoteHost host;
        private final Function<String, LocalFile> payload;
        private final Map<String, String> mdc;
        final CountDownLatch ended = new CountDownLatch(1);
        private volatile Thread runner;
        private volatile boolean interrupted;
        volatile Throwable failure;
        volatile Duration took = Duration.ZERO;

        Task(FileStep.Transfer step, RemoteHost host, Function<String, LocalFile> payload, Map<String, String> mdc) {
            this.step = step;
            this.host = host;
            this.payload = payload;
            this.mdc = mdc;
        }

        boolean failed() {
            return failure != null;
        }

        /** Passes an interrupt on: to the helper thread while the transfer runs. */
        synchronized void interrupt() {
            interrupted = true;
            Thread t = runner;
            if (t != null) {
                t.interrupt();
            }
        }

        @Override
        public void run() {
            synchronized (this) {
                runner = Thread.currentThread();
                if (interrupted) {
                    runner.interrupt();
                }
            }
            if (mdc != null) {
                MDC.setContextMap(mdc);
            }
            Instant began = clock.instant();
            try {
                FileSteps.transfer(step, host, payload);
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                took = Duration.between(began, clock.instant());
                MDC.clear();
                synchronized (this) {
                    runner = null;
                    Thread.interrupted(); // the pool's thread goes back clean
                }
                ended.countDown();
            }
        }
    }
}
