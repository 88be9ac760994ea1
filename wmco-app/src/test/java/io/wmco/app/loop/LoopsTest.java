package io.wmco.app.loop;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.extended.controller.reconciler.Reconciler;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.controller.reconciler.Result;
import io.kubernetes.client.extended.workqueue.ratelimiter.ItemExponentialFailureRateLimiter;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loops on the client's controller framework: one worker per key, stop waits for workers, no start after it. */
class LoopsTest {
    private static final Reconciler IDLE = r -> new Result(false);

    /** Holds the first reconcile of {@code held} until released; counts concurrency per key. */
    static final class Probe implements Reconciler {
        final String held;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> most = new ConcurrentHashMap<>();
        final List<String> seen = new CopyOnWriteArrayList<>();

        Probe(String held) {
            this.held = held;
        }

        @Override
        public Result reconcile(Request request) {
            String key = request.getName();
            int now = active.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            most.computeIfAbsent(key, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
            seen.add(key);
            try {
                if (key.equals(held) && entered.getCount() > 0) {
                    entered.countDown();
                    release.await(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                active.get(key).decrementAndGet();
            }
            return new Result(false);
        }
    }

    private final Loops loops = new Loops(new SharedInformerFactory(new ApiClient().setReadTimeout(0)));

    @AfterEach
    void stop() {
        loops.stop(Duration.ofSeconds(10));
    }

    private boolean start(Probe instances, int workers) {
        return loops.start(
                () -> false,
                instances,
                new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(10), Duration.ofSeconds(1)),
                workers,
                IDLE,
                IDLE,
                IDLE);
    }

    @Test
    void aKeyIsNeverReconciledTwiceAtOnceWhileOtherKeysGoOn() throws Exception {
        Probe probe = new Probe("byoh/a");
        assertTrue(start(probe, 3));

        loops.instance(new Request("byoh/a"));
        assertTrue(probe.entered.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 5; i++) {
            loops.instance(new Request("byoh/a")); // events while the first reconcile still runs
        }
        loops.instance(new Request("byoh/b"));
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.seen.contains("byoh/b"));
        assertEquals(1, probe.active.get("byoh/a").get(), "b ran while a was still busy");
        probe.release.countDown();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> probe.seen.stream().filter("byoh/a"::equals).count() == 2);
        assertEquals(1, probe.most.get("byoh/a").get(), "never two workers on one key");
        // the five events made exactly one more run: no third one comes
        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(2))
                .until(() -> probe.seen.stream().filter("byoh/a"::equals).count() == 2);
    }

    @Test
    void stopWaitsForTheBusyWorkerAndNoLoopStartsAfterwards() throws Exception {
        Probe probe = new Probe("byoh/a");
        assertTrue(start(probe, 1));
        loops.instance(new Request("byoh/a"));
        assertTrue(probe.entered.await(60, TimeUnit.SECONDS));

        ExecutorService stopper = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> stopped = stopper.submit(() -> loops.stop(Duration.ofSeconds(20)));
            assertFalse(waitsFor(stopped, 300), "stop returns only once the worker is done");
            probe.release.countDown();
            assertTrue(stopped.get(60, TimeUnit.SECONDS));
        } finally {
            stopper.shutdownNow();
        }
        assertFalse(start(new Probe("x"), 1), "a start after the stop does nothing");
        loops.instance(new Request("byoh/a"));
        assertEquals(1, probe.seen.size());
    }

    private static boolean waitsFor(Future<Boolean> f, long millis) throws Exception {
        try {
            f.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }
}
