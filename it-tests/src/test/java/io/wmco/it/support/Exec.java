package io.wmco.it.support;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short command (ip, runc, ctr, umount) to completion and returns its exit status and combined output. Not
 * for daemons: those are {@link ManagedProcess}es. Stateless and thread-safe.
 */
final class Exec {

    /** What a finished command returned. */
    record Result(List<String> command, int status, String output) {
        boolean ok() {
            return status == 0;
        }

        /** This result, or an exception naming the command, its status and its output. */
        Result orThrow() {
            if (status != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " failed with status " + status + ": " + output.strip());
            }
            return this;
        }
    }

    private Exec() {}

    /** Runs the command; a command still running after {@code timeout} is killed and reported as status -1. */
    static Result run(List<String> command, Duration timeout) {
        requireNonNull(command, "command cannot be null");
        requireNonNull(timeout, "timeout cannot be null");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(command, 127, "cannot start " + command.get(0) + ": " + e.getMessage());
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        try {
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return new Result(command, -1, "timed out after " + timeout.toSeconds() + " s: " + output.getNow(""));
            }
            return new Result(command, process.exitValue(), output.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(command, -1, "interrupted");
        } catch (IOException e) {
            return new Result(command, -1, e.getMessage());
        }
    }

    /** {@link #run} with a 60 s timeout, failing unless the status is 0. */
    static Result check(String... command) {
        return run(List.of(command), Duration.ofSeconds(60)).orThrow();
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }
}
