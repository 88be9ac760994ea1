package io.wmco.it.byoh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.wmco.app.WindowsMachineConfigOperator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 14, item 1: many bad entries and unreachable hosts held for several retry rounds lose no event. Each entry
 * keeps one event whose count grows, an entry added afterwards still gets its event, every entry's latest state is
 * on the {@code wmco_instance_state} metric, and nothing is logged at ERROR or with a stack trace.
 */
class EntryProblemsIT {
    private static final int BAD = 20;
    private static final int UNREACHABLE = 5;
    private static final int ROUNDS = 4;
    private ByohEnvironment env;

    @BeforeEach
    void setUp() throws Exception {
        env = new ByohEnvironment();
    }

    @AfterEach
    void tearDown() throws Exception {
        env.close();
    }

    @Test
    void manyBadAndUnreachableEntriesEachKeepTheirEventAndALaterBadEntryStillGetsOne() throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < BAD; i++) {
            // half with an impossible address, half with a value that names no user
            entries.put(i % 2 == 0 ? "10.200.0." + (300 + i) : "10.201.0." + i, i % 2 == 0 ? "username=a" : "user=a");
        }
        for (int i = 0; i < UNREACHABLE; i++) {
            entries.put(env.address(i), "username=Administrator"); // nothing listens there
        }
        env.instances(entries);
        ListAppender<ILoggingEvent> log = capture();
        try {
            WindowsMachineConfigOperator operator = env.startOperator("1.0.0");

            // several retry rounds of every unreachable host
            await("every unreachable host retried " + ROUNDS + " times")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> retries().size() == UNREACHABLE
                            && retries().stream().allMatch(e -> count(e) >= ROUNDS));

            entries.put("10.202.0.999", "username=a");
            env.instances(entries);
            await("the event of the entry added last")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> env.events("InvalidInstanceEntry").stream()
                            .anyMatch(e -> e.getMessage().contains("10.202.0.999")));

            List<CoreV1Event> invalid = env.events("InvalidInstanceEntry");
            assertEquals(BAD + 1, invalid.size(), messages(invalid).toString());
            for (String key : entries.keySet()) {
                if (key.startsWith("10.20")) {
                    assertEquals(
                            1, invalid.stream().filter(e -> mentions(e, key)).count(), key);
                }
            }
            List<CoreV1Event> retrying = retries();
            for (int i = 0; i < UNREACHABLE; i++) {
                String key = env.address(i);
                List<CoreV1Event> mine =
                        retrying.stream().filter(e -> mentions(e, key)).toList();
                assertEquals(1, mine.size(), "one event for every attempt of " + key + ": " + messages(retrying));
                assertFalse(
                        mine.get(0).getMessage().matches(".*(attempt \\d|retrying in \\d).*"),
                        mine.get(0).getMessage());
            }

            String metrics = metrics(operator);
            for (String key : entries.keySet()) {
                String state = key.startsWith("10.20") ? "InvalidInstanceEntry" : "ConfigurationRetrying";
                assertTrue(
                        metrics.contains(
                                "wmco_instance_state{instance=\"byoh/" + key + "\",state=\"" + state + "\"} 1.0"),
                        key + " in "
                                + metrics.lines()
                                        .filter(l -> l.startsWith("wmco_instance"))
                                        .toList());
            }
            assertFalse(metrics.contains("username"), "no user name in the metrics");
        } finally {
            release(log);
        }
        List<String> bad = log.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null)
                .map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage())
                .toList();
        assertEquals(List.of(), bad);
    }

    private List<CoreV1Event> retries() throws Exception {
        return env.events("ConfigurationRetrying");
    }

    private static int count(CoreV1Event e) {
        return e.getCount() == null ? 1 : e.getCount();
    }

    /** Whether the event is about the entry {@code key} (and not one whose key merely starts the same). */
    private static boolean mentions(CoreV1Event e, String key) {
        return e.getMessage().matches(".*\\b" + java.util.regex.Pattern.quote(key) + "(?![0-9.]).*");
    }

    private static List<String> messages(List<CoreV1Event> events) {
        return events.stream().map(e -> count(e) + "x " + e.getMessage()).toList();
    }

    private static String metrics(WindowsMachineConfigOperator operator) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + operator.metricsPort() + "/metrics"))
                .build();
        return HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static ListAppender<ILoggingEvent> capture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
        return appender;
    }

    private static void release(ListAppender<ILoggingEvent> appender) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
    }
}
