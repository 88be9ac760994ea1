package io.wmco.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The operator's log pattern (logback.xml) keeps SSH user names that MINA SSHD prints out of the log. */
class LogConfigurationTest {
    private static final String SESSION = "ClientSessionImpl[secret-admin@/127.0.0.1:22]";

    private static String format(String message, Throwable thrown) throws IOException {
        String xml;
        try (InputStream in = LogConfigurationTest.class.getResourceAsStream("/logback.xml")) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = Pattern.compile("<pattern>(.*)</pattern>").matcher(xml);
        assertTrue(m.find(), "logback.xml has a pattern");
        LoggerContext context = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(m.group(1));
        layout.start();
        LoggingEvent event = new LoggingEvent(
                "x",
                context.getLogger("org.apache.sshd.client.session.ClientSessionImpl"),
                Level.WARN,
                message,
                thrown,
                null);
        return layout.doLayout(event);
    }

    @Test
    void sessionUserNamesAreMaskedInMessagesAndStackTraces() throws IOException {
        String line = format(
                "exceptionCaught(" + SESSION + ")[state=Opened] IOException: reset",
                new IOException("closing " + SESSION));

        assertFalse(line.contains("secret-admin"), line);
        assertTrue(line.contains("ClientSessionImpl[(user)@/127.0.0.1:22]"), line);
        assertTrue(line.contains("java.io.IOException: closing"), "the stack trace is still printed: " + line);
    }
}
