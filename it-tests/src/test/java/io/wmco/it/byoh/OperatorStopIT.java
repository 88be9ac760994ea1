package io.wmco.it.byoh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.wmco.app.WindowsMachineConfigOperator;
import io.wmco.domain.remote.CommandKind;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A clean stop: closing a leading replica in the middle of a configuration, and a following replica, logs no ERROR
 * and no stack trace (the client's reports of its own interrupts are filtered, nothing else), and the leader's
 * workers stop between two steps.
 */
class OperatorStopIT {
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
    void closingTheLeaderMidConfigurationAndTheFollowerLogsNoErrorAndNoStackTrace() throws Exception {
        SimulatedWindowsHost host = env.startHost(0);
        host.faults().sftpWriteBandwidth(400_000); // transfers are still running when the leader closes
        env.instances(Map.of(env.address(0), "username=Administrator"));
        WindowsMachineConfigOperator leader =
                env.startOperator("1.0.0", "--leader-elect=true", "--identity=stop-a", "--lease-duration=4s");
        await().atMost(Duration.ofSeconds(30)).until(leader::leading);
        WindowsMachineConfigOperator follower =
                env.startOperator("1.0.0", "--leader-elect=true", "--identity=stop-b", "--lease-duration=4s");
        await().atMost(Duration.ofSeconds(30)).until(follower::ready);
        await().atMost(Duration.ofMinutes(1))
                .until(() -> !host.commandsOf(CommandKind.REPLACE_FILE).isEmpty());

        ListAppender<ILoggingEvent> log = capture();
        try {
            leader.close();
            int commandsAfterStop = host.commandLog().size();
            follower.close();
            assertEquals(commandsAfterStop, host.commandLog().size(), "nothing was sent to the host after close()");
        } finally {
            release(log);
        }

        List<String> bad = log.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null)
                .map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null
                                ? ""
                                : " / " + e.getThrowableProxy().getClassName()))
                .toList();
        assertEquals(List.of(), bad);
        assertTrue(
                log.list.stream().anyMatch(e -> e.getFormattedMessage().equals("operator stopped")),
                "the capture saw the stop");
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
