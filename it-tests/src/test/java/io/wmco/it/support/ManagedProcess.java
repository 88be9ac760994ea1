package io.wmco.it.support;

import static java.util.Objects.requireNonNull;
import static org.awaitility.Awaitility.await;

import io.kubernetes.client.openapi.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One child process of the local cluster (control plane, node, relay), its output appended to a log file. Stopping
 * sends SIGTERM, waits, then kills. Not thread-safe: owned by {@link LocalControlPlane}, {@link LinuxNode} or
 * {@link NodeNetwork}.
 */
final class ManagedProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ManagedProcess start(String name, List<String> command, Path log) {
        return start(name, command, log, Map.of());
    }

    /** Starts with extra environment variables, stdout and stderr appended to {@code log}, stdin closed. */
    static ManagedProcess start(String name, List<String> command, Path log, Map<String, String> environment) {
        requireNonNull(log, "log cannot be null");
        ProcessBuilder builder = builder(name, command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        ManagedProcess started = launch(name, builder, log);
        try {
            started.process.getOutputStream().close();
        } catch (IOException e) {
            // nothing to close
        }
        return started;
    }

    /** Starts with stdin and stdout as pipes ({@link #stdin()}, {@link #stdout()}), stderr appended to {@code log}. */
    static ManagedProcess startPiped(String name, List<String> command, Path log) {
        requireNonNull(log, "log cannot be null");
        return launch(name, builder(name, command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())), log);
    }

    private static ProcessBuilder builder(String name, List<String> command) {
        requireNonNull(name, "name cannot be null");
        requireNonNull(command, "command cannot be null");
        return new ProcessBuilder(command);
    }

    private static ManagedProcess launch(String name, ProcessBuilder builder, Path log) {
        try {
            return new ManagedProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "could not start " + name + " (" + builder.command().get(0) + "): " + e.getMessage(), e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** The process's stdin (only meaningful for {@link #startPiped}). */
    Writer stdin() {
        return new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** The process's stdout (only meaningful for {@link #startPiped}). */
    InputStream stdout() {
        return process.getInputStream();
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Fails with the end of the log when the process has exited. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    name + " exited with status " + process.exitValue() + "; end of " + log + ":\n" + tail(40));
        }
    }

    /** A readiness check that may fail with an exception, read as "not yet". */
    interface Probe {
        boolean ok() throws Exception;
    }

    /**
     * Polls {@code probe} every 250 ms until it holds; fails at once with the end of the log when the process exits,
     * and after {@code atMost} naming {@code what} it waited for.
     */
    void awaitReady(String what, Duration atMost, Probe probe) {
        try {
            await(what)
                    .atMost(atMost)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        requireAlive();
                        try {
                            return probe.ok();
                        } catch (IOException | ApiException e) {
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(
                    "timed out after " + atMost.toSeconds() + " s waiting for " + what + "; end of " + name + " log:\n"
                            + tail(40),
                    e);
        }
    }

    /** The last {@code lines} lines of the process log (for failure messages). */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
