package io.wmco.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Marker;

/**
 * Drops the ERROR lines the Kubernetes client logs when the operator stops its informers and its leader elector,
 * and nothing else. The client's informer {@code stop()} always interrupts its controller thread and shuts its
 * listener pool down with {@code shutdownNow}, and each interrupted thread logs the interrupt at ERROR with a stack
 * trace ({@code ProcessorListener}: "processor interrupted", {@code informer.cache.Controller}: "processLoop get
 * interrupted"); {@code LeaderElector.close()} does the same to its renew or acquire loop. No order of stopping
 * avoids that (the operator already stops its own controllers without interrupting them), so this filter is the
 * last resort. It denies an event only when all of these hold:
 * <ul>
 *   <li>the level is ERROR;</li>
 *   <li>the logger is one of those three client classes;</li>
 *   <li>the event's exception (or one of its causes) is an {@link InterruptedException}, a
 *       {@link CancellationException} or a {@link RejectedExecutionException}: what stopping the threads produces,
 *       never what a failing API call produces.</li>
 * </ul>
 * Any other error of those classes, and every event of every other logger, is kept. A turbo filter (configured once
 * for the whole logger context) rather than an appender filter, so that every appender gets the same log.
 */
public final class StopNoiseFilter extends TurboFilter {
    static final Set<String> LOGGERS = Set.of(
            "io.kubernetes.client.informer.cache.ProcessorListener",
            "io.kubernetes.client.informer.cache.Controller",
            "io.kubernetes.client.extended.leaderelection.LeaderElector");

    @Override
    public FilterReply decide(
            Marker marker, Logger logger, Level level, String format, Object[] params, Throwable thrown) {
        if (level != Level.ERROR || logger == null || !LOGGERS.contains(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        // SLF4J takes a trailing Throwable argument as the event's exception
        Throwable t = thrown != null
                ? thrown
                : params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last
                        ? last
                        : null;
        for (; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException
                    || t instanceof CancellationException
                    || t instanceof RejectedExecutionException) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }
}
