package io.wmco.it.faults;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * Every line the in-process operators log while a fault scenario runs, rendered with the production pattern of
 * {@code wmco-app}'s {@code logback.xml} (so the masking the production layout applies is what is checked), at the
 * production levels with {@code io.wmco} at DEBUG (an administrator may set {@code WMCO_LOG_LEVEL=DEBUG}). Lines of
 * the test itself ({@code io.wmco.it}) and of the simulated hosts and cluster network ({@code io.wmco.testkit}) are
 * not the operator's and are left out.
 *
 * <p>Thread-safe. {@link #close()} detaches the appender and restores the levels it changed.
 */
public final class OperatorLog implements AutoCloseable {
    private static final Pattern PATTERN = Pattern.compile("<pattern>(.*?)</pattern>", Pattern.DOTALL);
    private static final Map<String, Level> LEVELS = Map.of(
            Logger.ROOT_LOGGER_NAME,
            Level.INFO,
            "io.wmco",
            Level.DEBUG,
            "io.kubernetes.client",
            Level.WARN,
            "org.apache.sshd",
            Level.WARN);

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Map<String, Level> previous = new LinkedHashMap<>();
    private final Capture appender = new Capture();

    private OperatorLog() {}

    /** Starts capturing now. */
    public static OperatorLog capture() {
        OperatorLog log = new OperatorLog();
        log.start();
        return log;
    }

    private void start() {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(productionPattern());
        layout.start();
        appender.layout = layout;
        appender.setContext(context);
        appender.setName("wmco-it-operator-log");
        appender.start();
        LEVELS.forEach((name, level) -> {
            Logger logger = context.getLogger(name);
            previous.put(name, logger.getLevel());
            logger.setLevel(level);
        });
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    /** The pattern of the operator's own logback.xml (wmco-app), which the test classpath also holds. */
    private static String productionPattern() {
        try (InputStream in = OperatorLog.class.getClassLoader().getResourceAsStream("logback.xml")) {
            requireNonNull(in, "wmco-app's logback.xml is not on the test classpath");
            Matcher m = PATTERN.matcher(new String(in.readAllBytes(), UTF_8));
            if (!m.find()) {
                throw new IllegalStateException("wmco-app's logback.xml has no <pattern>");
            }
            return m.group(1).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rendered lines so far (a multi-line entry, e.g. with a stack trace, is one element). */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * The log lines that contain any of the given secrets (case-insensitively), each prefixed by the secret's label;
     * empty when none does.
     */
    public List<String> linesContaining(Map<String, String> secretsByLabel) {
        List<String> found = new ArrayList<>();
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            secretsByLabel.forEach((label, secret) -> {
                if (lower.contains(secret.toLowerCase(Locale.ROOT))) {
                    found.add(label + ": " + line.strip());
                }
            });
        }
        return found;
    }

    /**
     * What must never appear of a private key in PEM: its base64 body in one piece, each of its body lines, and the
     * base64 of the whole PEM (the form a Secret's {@code data} carries).
     */
    static Map<String, String> privateKeyForms(String label, String pem) {
        Map<String, String> forms = new LinkedHashMap<>();
        List<String> body = pem.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("-----"))
                .toList();
        forms.put(label + " base64 body", String.join("", body));
        for (int i = 0; i < body.size(); i++) {
            if (body.get(i).length() >= 16) {
                forms.put(label + " body line " + (i + 1), body.get(i));
            }
        }
        forms.put(
                label + " PEM as Secret data",
                Base64.getEncoder().encodeToString(pem.getBytes(UTF_8)).substring(0, 48));
        return forms;
    }

    @Override
    public void close() {
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
        previous.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    private final class Capture extends AppenderBase<ILoggingEvent> {
        private PatternLayout layout;

        @Override
        protected void append(ILoggingEvent event) {
            String logger = event.getLoggerName();
            if (logger.startsWith("io.wmco.it.") || logger.startsWith("io.wmco.testkit.")) {
                return;
            }
            lines.add(layout.doLayout(event));
        }
    }
}
