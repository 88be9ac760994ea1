package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Rotation of the kubelet's and kube-proxy's log files by {@code kube-log-runner.exe}, which runs both and writes
 * their output to {@code C:\var\log\kubelet\kubelet.log} and {@code C:\var\log\kube-proxy\kube-proxy.log}. Off by
 * default, as in the reference operator: the files then grow without bound. With a size, the runner renames a file
 * that reached it (adding a time stamp) and starts a new one; with an age it also deletes rotated files older than
 * that; with a flush interval it syncs the file to disk at most that often. The values are passed to the runner as
 * written, so they use its formats: a Kubernetes quantity for the size ({@code 100M}, {@code 1Gi}) and Go
 * durations for age and interval ({@code 168h}, {@code 5s}). Immutable.
 *
 * @param maxSize size at which a file is rotated; empty means no rotation
 * @param maxAge age after which rotated files are deleted; empty keeps them
 * @param flushInterval how often the file is synced to disk; empty leaves it to the runner
 */
public record LogRotation(Optional<String> maxSize, Optional<String> maxAge, Optional<String> flushInterval) {

    /** No rotation: the runner only writes the log file. */
    public static final LogRotation OFF = new LogRotation(Optional.empty(), Optional.empty(), Optional.empty());

    private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");
    private static final Pattern ZERO = Pattern.compile("0+(\\.0+)?[A-Za-z]*");
    private static final Pattern DURATION = Pattern.compile("([0-9]+(\\.[0-9]+)?(ns|us|\u00b5s|ms|s|m|h))+");
    private static final Pattern ZERO_DURATION = Pattern.compile("(0+(\\.0+)?(ns|us|\u00b5s|ms|s|m|h))+|0");

    public LogRotation {
        requireNonNull(maxSize, "maxSize cannot be null");
        requireNonNull(maxAge, "maxAge cannot be null");
        requireNonNull(flushInterval, "flushInterval cannot be null");
        maxSize.flatMap(LogRotation::sizeProblem).ifPresent(LogRotation::refuse);
        maxAge.flatMap(LogRotation::durationProblem).ifPresent(LogRotation::refuse);
        flushInterval.flatMap(LogRotation::durationProblem).ifPresent(LogRotation::refuse);
        if (maxSize.isEmpty() && (maxAge.isPresent() || flushInterval.isPresent())) {
            throw new IllegalArgumentException("a log file age or flush interval needs a log file size: without one"
                    + " the logs are not rotated; set the size as well or clear the others");
        }
    }

    /**
     * Rotation from three settings as an administrator writes them; a blank value, {@code 0} or a zero duration
     * means unset.
     *
     * @throws IllegalArgumentException when a value has the wrong form, or age or interval come without a size
     */
    public static LogRotation of(String maxSize, String maxAge, String flushInterval) {
        sizeProblem(maxSize).ifPresent(LogRotation::refuse);
        durationProblem(maxAge).ifPresent(LogRotation::refuse);
        durationProblem(flushInterval).ifPresent(LogRotation::refuse);
        return new LogRotation(unset(maxSize, ZERO), unset(maxAge, ZERO_DURATION), unset(flushInterval, ZERO_DURATION));
    }

    /** Why a log file size is refused, e.g. "must be a quantity such as 100M or 1Gi"; empty when fine. */
    public static Optional<String> sizeProblem(String value) {
        requireNonNull(value, "value cannot be null");
        String v = value.strip();
        return v.isEmpty() || QUANTITY.matcher(v).matches()
                ? Optional.empty()
                : Optional.of("'" + value + "' must be a size such as 100M, 500Mi or 1Gi (0 or empty: no rotation)");
    }

    /** Why a duration is refused; empty when fine. */
    public static Optional<String> durationProblem(String value) {
        requireNonNull(value, "value cannot be null");
        String v = value.strip();
        return v.isEmpty() || v.equals("0") || DURATION.matcher(v).matches()
                ? Optional.empty()
                : Optional.of("'" + value + "' must be a duration such as 30s, 10m or 168h");
    }

    /** Whether the runner rotates the files. */
    public boolean enabled() {
        return maxSize.isPresent();
    }

    /** The runner's arguments for these settings, placed before the program it runs; empty when off. */
    public List<String> runnerArgs() {
        List<String> args = new ArrayList<>();
        maxSize.ifPresent(s -> args.add("-log-file-size=" + s));
        maxAge.ifPresent(a -> args.add("-log-file-age=" + a));
        flushInterval.ifPresent(f -> args.add("-flush-interval=" + f));
        return List.copyOf(args);
    }

    private static Optional<String> unset(String value, Pattern zero) {
        requireNonNull(value, "value cannot be null");
        String v = value.strip();
        return v.isEmpty() || zero.matcher(v).matches() ? Optional.empty() : Optional.of(v);
    }

    private static void refuse(String problem) {
        throw new IllegalArgumentException(problem);
    }
}
