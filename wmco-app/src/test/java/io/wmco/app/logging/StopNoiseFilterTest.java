package io.wmco.app.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StopNoiseFilterTest {
    private static final LoggerContext CONTEXT = new LoggerContext();

    static Throwable thrown(String kind) {
        return switch (kind) {
            case "interrupted" -> new InterruptedException();
            case "cancelled" -> new CancellationException();
            case "rejected" -> new RejectedExecutionException("shut down");
            case "wrappedInterrupt" -> new IllegalStateException("stopped", new InterruptedException());
            case "io" -> new IOException("connection reset");
            case "none" -> null;
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
        "io.kubernetes.client.informer.cache.ProcessorListener,            ERROR, interrupted,      DENY",
        "io.kubernetes.client.informer.cache.Controller,                   ERROR, interrupted,      DENY",
        "io.kubernetes.client.extended.leaderelection.LeaderElector,       ERROR, rejected,         DENY",
        "io.kubernetes.client.extended.leaderelection.LeaderElector,       ERROR, cancelled,        DENY",
        "io.kubernetes.client.extended.leaderelection.LeaderElector,       ERROR, wrappedInterrupt, DENY",
        // real errors of the same classes stay
        "io.kubernetes.client.informer.cache.Controller,                   ERROR, io,               NEUTRAL",
        "io.kubernetes.client.extended.leaderelection.LeaderElector,       ERROR, none,             NEUTRAL",
        // other loggers, and other levels, are never touched
        "io.kubernetes.client.extended.controller.DefaultController,       ERROR, interrupted,      NEUTRAL",
        "io.wmco.app.WindowsMachineConfigOperator,                         ERROR, interrupted,      NEUTRAL",
        "io.kubernetes.client.informer.cache.ProcessorListener,            WARN,  interrupted,      NEUTRAL",
    })
    void dropsOnlyTheClientsErrorsAboutItsOwnStop(String logger, String level, String thrown, FilterReply expected) {
        StopNoiseFilter filter = new StopNoiseFilter();
        Throwable t = thrown(thrown);

        // log.error("...", e) and log.error("... {}", e): the exception as such or as the last argument
        assertEquals(
                expected, filter.decide(null, CONTEXT.getLogger(logger), Level.toLevel(level), "stopped", null, t));
        assertEquals(
                expected,
                filter.decide(
                        null, CONTEXT.getLogger(logger), Level.toLevel(level), "stopped: {}", new Object[] {t}, null));
    }
}
