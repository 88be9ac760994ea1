package io.wmco.app.loop;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.extended.controller.Controller;
import io.kubernetes.client.extended.controller.builder.ControllerBuilder;
import io.kubernetes.client.extended.controller.reconciler.Reconciler;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.workqueue.DefaultRateLimitingQueue;
import io.kubernetes.client.extended.workqueue.RateLimitingQueue;
import io.kubernetes.client.extended.workqueue.ratelimiter.ItemExponentialFailureRateLimiter;
import io.kubernetes.client.extended.workqueue.ratelimiter.RateLimiter;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.wmco.app.fleet.InstanceReconciler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's four control loops on the client's controller framework, each a rate-limited work queue and a
 * {@link Controller} with its workers: instances ({@code --max-parallel-configurations} workers, the backoff of
 * {@code InstanceLoop.rateLimiter()}), CSRs (2 workers), user data and windows-exporter endpoints (1 each).
 *
 * <p>Start and stop hold one lock, so loops are never started after (or while) they are being stopped: a start
 * that comes after {@link #stop} does nothing. Stopping shuts every work queue down, which lets each worker finish
 * the key it holds and then return; {@link #stop} waits for that (the plans stop between steps on their own) and
 * never interrupts a worker, since the framework reports an interrupt as an error. Enqueueing before the start or
 * after the stop is ignored. Thread-safe.
 */
public final class Loops {
    private static final Logger LOG = LoggerFactory.getLogger(Loops.class);

    private record Running(Controller controller, Future<?> run, ExecutorService queueThread) {}

    private final SharedInformerFactory factory;
    private final Object lock = new Object();
    private final ExecutorService runners = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "wmco-loop");
        t.setDaemon(true);
        return t;
    });
    private final List<Running> running = new ArrayList<>();
    private boolean stopped;
    private volatile RateLimitingQueue<Request> instances;
    private volatile RateLimitingQueue<Request> csrs;
    private volatile RateLimitingQueue<Request> userData;
    private volatile RateLimitingQueue<Request> exporter;

    public Loops(SharedInformerFactory factory) {
        this.factory = requireNonNull(factory, "factory cannot be null");
    }

    /**
     * Starts the loops, unless they were stopped already or {@code closing} says the operator closes.
     *
     * @return whether they run now
     */
    public boolean start(
            BooleanSupplier closing,
            Reconciler instanceLoop,
            RateLimiter<Request> instanceBackoff,
            int instanceWorkers,
            Reconciler csr,
            Reconciler userDataLoop,
            Reconciler exporterLoop) {
        synchronized (lock) {
            if (stopped || closing.getAsBoolean() || !running.isEmpty()) {
                return false;
            }
            instances = run(InstanceReconciler.NAME, instanceLoop, instanceBackoff, instanceWorkers);
            csrs = run("csr-approver", csr, defaultLimiter(), 2);
            userData = run("user-data", userDataLoop, defaultLimiter(), 1);
            exporter = run("metrics-endpoints", exporterLoop, defaultLimiter(), 1);
            return true;
        }
    }

    private static RateLimiter<Request> defaultLimiter() {
        return new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(500), Duration.ofMinutes(5));
    }

    private RateLimitingQueue<Request> run(
            String name, Reconciler reconciler, RateLimiter<Request> limiter, int workers) {
        ExecutorService queueThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "wmco-queue-" + name);
            t.setDaemon(true);
            return t;
        });
        RateLimitingQueue<Request> queue = new DefaultRateLimitingQueue<>(queueThread, limiter);
        Controller controller = ControllerBuilder.defaultBuilder(factory)
                .withName(name)
                .withWorkQueue(queue)
                .withReconciler(reconciler)
                .withWorkerCount(workers)
                .build();
        running.add(new Running(controller, runners.submit(controller::run), queueThread));
        return queue;
    }

    public void instance(Request key) {
        add(instances, key);
    }

    public void csr(Request key) {
        add(csrs, key);
    }

    public void userData(Request key) {
        add(userData, key);
    }

    public void exporter(Request key) {
        add(exporter, key);
    }

    private static void add(RateLimitingQueue<Request> queue, Request key) {
        if (queue != null) {
            queue.add(key);
        }
    }

    /**
     * Stops every loop and waits up to {@code timeout} for their workers to return; later starts do nothing.
     * Idempotent.
     *
     * @return false when some worker was still busy when the time was up
     */
    public boolean stop(Duration timeout) {
        List<Running> stopping;
        synchronized (lock) {
            stopped = true;
            stopping = List.copyOf(running);
            running.clear();
        }
        stopping.forEach(r -> r.controller().shutdown());
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean all = true;
        for (Running r : stopping) {
            try {
                r.run().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                all = false;
            } catch (ExecutionException e) {
                LOG.warn("a control loop ended with {}", e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                all = false;
            }
            r.queueThread().shutdownNow();
        }
        runners.shutdown();
        return all;
    }
}
