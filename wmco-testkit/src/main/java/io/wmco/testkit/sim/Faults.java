package io.wmco.testkit.sim;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.remote.CommandKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault and latency knobs of a {@link SimulatedWindowsHost}, changeable at any time while it runs. Every setting
 * applies to what happens after it is set.
 *
 * <p>Thread-safe.
 */
public final class Faults {
    /** Upper bound of a per-command delay, so a mistaken setting cannot hang a test suite. */
    public static final Duration MAX_DELAY = Duration.ofMinutes(5);

    private final AtomicBoolean rejectAuthentication = new AtomicBoolean();
    private final AtomicLong dropAfterSftpBytes = new AtomicLong(-1);
    private final AtomicLong sftpBytesPerSecond = new AtomicLong(0);
    private final Map<CommandKind, Integer> failures = new EnumMap<>(CommandKind.class);
    private final Map<CommandKind, Duration> delays = new EnumMap<>(CommandKind.class);
    private final List<String> droppedWrites = new CopyOnWriteArrayList<>();
    private final Map<CommandKind, List<Runnable>> held = new EnumMap<>(CommandKind.class);

    Faults() {}

    /** Refuse every public-key authentication (as when the authorized key was removed from the host). */
    public Faults rejectAuthentication(boolean reject) {
        rejectAuthentication.set(reject);
        return this;
    }

    /**
     * Close the SSH connection once the SFTP writes counted from now exceed {@code bytes}; the write that crosses
     * the limit is not stored. Fires once, then the knob resets (so a retry succeeds). Negative disables.
     */
    public Faults dropConnectionAfterSftpBytes(long bytes) {
        dropAfterSftpBytes.set(bytes);
        return this;
    }

    /** Limit SFTP writes to this many bytes per second per open file; 0 means unlimited. */
    public Faults sftpWriteBandwidth(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytesPerSecond cannot be negative: use 0 for unlimited");
        }
        sftpBytesPerSecond.set(bytesPerSecond);
        return this;
    }

    /**
     * The next {@code times} commands of this kind fail with exit status 1 and
     * {@code simulator: injected failure of <KIND>} on stderr, without changing anything.
     */
    public Faults failCommand(CommandKind kind, int times) {
        requireNonNull(kind, "kind cannot be null");
        if (times < 0) {
            throw new IllegalArgumentException("times cannot be negative: use 0 to stop failing " + kind);
        }
        synchronized (failures) {
            failures.put(kind, times);
        }
        return this;
    }

    /** Every command of this kind fails until {@code failCommand(kind, 0)}. */
    public Faults failCommandAlways(CommandKind kind) {
        return failCommand(kind, Integer.MAX_VALUE);
    }

    /** Commands of this kind answer only after {@code delay} (at most {@link #MAX_DELAY}); zero removes it. */
    public Faults delay(CommandKind kind, Duration delay) {
        requireNonNull(kind, "kind cannot be null");
        requireNonNull(delay, "delay cannot be null");
        if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException(
                    "delay for " + kind + " must be between 0 and " + MAX_DELAY + "; got " + delay);
        }
        synchronized (delays) {
            delays.put(kind, delay);
        }
        return this;
    }

    /**
     * Commands of this kind from now on go unanswered until {@link #release}: a test sees how many are outstanding at
     * once ({@link #held}) without timing anything.
     */
    public Faults hold(CommandKind kind) {
        requireNonNull(kind, "kind cannot be null");
        synchronized (held) {
            held.putIfAbsent(kind, new ArrayList<>());
        }
        return this;
    }

    /** How many commands of this kind wait for {@link #release} now. */
    public int held(CommandKind kind) {
        requireNonNull(kind, "kind cannot be null");
        synchronized (held) {
            List<Runnable> waiting = held.get(kind);
            return waiting == null ? 0 : waiting.size();
        }
    }

    /** Answers the held commands of this kind (each after its delay, if any) and stops holding that kind. */
    public Faults release(CommandKind kind) {
        requireNonNull(kind, "kind cannot be null");
        List<Runnable> waiting;
        synchronized (held) {
            waiting = held.remove(kind);
        }
        if (waiting != null) {
            waiting.forEach(Runnable::run);
        }
        return this;
    }

    /** Keeps {@code answer} for {@link #release} when this kind is held; false (run it now) when it is not. */
    boolean holdBack(CommandKind kind, Runnable answer) {
        synchronized (held) {
            List<Runnable> waiting = held.get(kind);
            if (waiting == null) {
                return false;
            }
            waiting.add(answer);
            return true;
        }
    }

    /**
     * The files, as SFTP named them (e.g. {@code /C:/k/kubelet.exe.wmco-tmp}), whose write was being stored when
     * {@link #dropConnectionAfterSftpBytes} cut the connection, oldest first.
     */
    public List<String> droppedWrites() {
        return List.copyOf(droppedWrites);
    }

    void recordDrop(Path file) {
        droppedWrites.add(requireNonNull(file, "file cannot be null").toString());
    }

    boolean rejectsAuthentication() {
        return rejectAuthentication.get();
    }

    long sftpBytesPerSecond() {
        return sftpBytesPerSecond.get();
    }

    /** Counts {@code bytes} written; true when the connection must drop now (and disarms the knob). */
    boolean consumeSftpBytes(long bytes) {
        while (true) {
            long left = dropAfterSftpBytes.get();
            if (left < 0) {
                return false;
            }
            if (bytes > left) {
                if (dropAfterSftpBytes.compareAndSet(left, -1)) {
                    return true;
                }
            } else if (dropAfterSftpBytes.compareAndSet(left, left - bytes)) {
                return false;
            }
        }
    }

    /** True when this command must fail now (and counts it). */
    boolean consumeFailure(CommandKind kind) {
        synchronized (failures) {
            Integer left = failures.get(kind);
            if (left == null || left == 0) {
                return false;
            }
            if (left != Integer.MAX_VALUE) {
                failures.put(kind, left - 1);
            }
            return true;
        }
    }

    Duration delayOf(CommandKind kind) {
        synchronized (delays) {
            return delays.getOrDefault(kind, Duration.ZERO);
        }
    }
}
