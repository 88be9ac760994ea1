package io.wmco.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.app.loop.ChangeSignal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ChangeSignalTest {

    @Test
    void returnsAtOnceWhenTheConditionAlreadyHolds() throws Exception {
        ChangeSignal signal = new ChangeSignal();
        assertEquals("x", signal.await("x", () -> Optional.of("x"), Duration.ofMillis(1)));
    }

    @Test
    void wakesOnSignalAndReEvaluates() throws Exception {
        ChangeSignal signal = new ChangeSignal();
        AtomicReference<String> state = new AtomicReference<>();
        AtomicInteger checks = new AtomicInteger();
        CountDownLatch firstCheckDone = new CountDownLatch(1);
        CompletableFuture<String> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return signal.await(
                        "state",
                        () -> {
                            checks.incrementAndGet();
                            Optional<String> seen = Optional.ofNullable(state.get());
                            firstCheckDone.countDown();
                            return seen;
                        },
                        Duration.ofSeconds(30));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(firstCheckDone.await(10, TimeUnit.SECONDS));
        state.set("ready");
        signal.signal();
        assertEquals("ready", waiter.get(10, TimeUnit.SECONDS));
        assertTrue(checks.get() >= 2);
    }

    @Test
    void timesOutNamingWhatWasAwaited() {
        ChangeSignal signal = new ChangeSignal();
        TimeoutException e = assertThrows(
                TimeoutException.class,
                () -> signal.await("node 10.0.0.5 to register", Optional::empty, Duration.ofMillis(50)));
        assertTrue(e.getMessage().contains("node 10.0.0.5 to register"), e.getMessage());
    }
}
