package io.wmco.it.support;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One test run's local cluster on this machine: a directory of its own under the state root ({@code
 * WMCO_IT_STATE_DIR}, default {@code /var/tmp/wmco-it}) holding everything the cluster writes (PKI, etcd data,
 * containerd root and state, kubelet root, logs), plus records of what must be undone should the run be killed:
 * the PIDs it started (with their start times, so a reused PID is never mistaken for ours), its network namespace
 * and its cgroup root.
 *
 * <p>{@link #create()} first reaps every run whose owning JVM is gone, exactly as {@link #close()} ends a live
 * one ({@link RunCleanup}), so a killed test run leaves no process, container, mount, network namespace or cgroup
 * behind on the next start. Nothing outside a run's own records, cgroups, mounts and directory is touched.
 * Thread-safe; the state root is locked while runs are reaped or created.
 */
final class RunDirectory implements AutoCloseable {

    private final Path dir;
    private final String id;
    private final AtomicInteger sequence = new AtomicInteger();

    private RunDirectory(Path dir, String id) {
        this.dir = dir;
        this.id = id;
    }

    static Path stateRoot() {
        String configured = System.getenv("WMCO_IT_STATE_DIR");
        return configured == null || configured.isBlank() ? Path.of("/var/tmp/wmco-it") : Path.of(configured);
    }

    /** Reaps runs of dead JVMs, then creates this JVM's run directory. */
    static RunDirectory create() {
        Path runs = stateRoot().resolve("runs");
        try {
            Files.createDirectories(runs);
            try (FileChannel channel = FileChannel.open(
                            stateRoot().resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                reapStale(runs);
                String id =
                        HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
                Path dir = Files.createDirectory(runs.resolve(id));
                long self = ProcessHandle.current().pid();
                Files.writeString(
                        dir.resolve("owner"), self + " " + startTime(self).orElse(0L) + "\n", UTF_8);
                return new RunDirectory(dir, id);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create a run directory under " + runs + " (set WMCO_IT_STATE_DIR to a writable directory)",
                    e);
        }
    }

    /** The run directory itself. */
    Path path() {
        return dir;
    }

    /** A short random name part of this run (8 hex digits), for names that must be unique on the machine. */
    String id() {
        return id;
    }

    /** Records a process this run started, so that a later run can stop it if this JVM dies first. */
    void recordProcess(String name, long pid) {
        requireNonNull(name, "name cannot be null");
        String file = String.format("%03d-%s", sequence.incrementAndGet(), name);
        write("pids/" + file, pid + " " + startTime(pid).orElse(0L) + "\n");
    }

    /** Records the network namespace (a name under /run/netns) this run created. */
    void recordNetworkNamespace(String name) {
        write("netns", name + "\n");
    }

    /** Records the cgroup (a directory name under every v1 hierarchy) this run created. */
    void recordCgroup(String name) {
        write("cgroup", name + "\n");
    }

    /** Undoes everything recorded and deletes the directory (see the class comment). Idempotent. */
    @Override
    public void close() {
        cleanUp(dir);
    }

    private void write(String relative, String content) {
        try {
            Path file = dir.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record " + relative + " in " + dir, e);
        }
    }

    private static void cleanUp(Path run) {
        RunCleanup.cleanUp(run);
    }

    private static void reapStale(Path runs) throws IOException {
        try (DirectoryStream<Path> all = Files.newDirectoryStream(runs)) {
            for (Path run : all) {
                if (!ownerAlive(run)) {
                    System.out.println("[wmco-it] cleaning up after a test run that did not stop: " + run);
                    cleanUp(run);
                }
            }
        }
    }

    private static boolean ownerAlive(Path run) {
        try {
            String[] owner =
                    Files.readString(run.resolve("owner"), UTF_8).trim().split(" ");
            long pid = Long.parseLong(owner[0]);
            return alive(pid, Long.parseLong(owner[1]));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether this PID runs and started at the recorded time (0: unknown, then liveness alone counts). */
    static boolean alive(long pid, long startTime) {
        Optional<Long> now = startTime(pid);
        return now.isPresent() && (startTime == 0 || now.get() == startTime);
    }

    /** Field 22 of /proc/PID/stat: the start time in clock ticks since boot; empty when the PID does not run. */
    static Optional<Long> startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), UTF_8);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(fields[19]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Optional<String> readLine(Path file) {
        try {
            return Optional.of(Files.readString(file, UTF_8).trim()).filter(s -> !s.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: what remains is removed by the next run's reaping
        }
    }
}
