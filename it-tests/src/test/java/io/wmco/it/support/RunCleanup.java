package io.wmco.it.support;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Ends what one {@link RunDirectory} recorded, whether its JVM is still there ({@link RunDirectory#close()}) or was
 * killed (reaped by the next run), in this order: recorded processes, newest first (SIGTERM, then SIGKILL after
 * {@link #STOP_GRACE}); the node's containers through {@code runc --root} of that run; processes left in its cgroup
 * root; processes whose command line names its directory (containerd shims); its mounts (detached, deepest first);
 * its network namespace; its cgroups; the kubelet's links to its logs; and, once no mount is left below it, the
 * directory. Stateless and thread-safe; a step that finds nothing to do does nothing.
 */
final class RunCleanup {

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    private RunCleanup() {}

    static void cleanUp(Path run) {
        stopRecordedProcesses(run);
        killContainers(run);
        Optional<String> cgroup = RunDirectory.readLine(run.resolve("cgroup"));
        cgroup.ifPresent(RunCleanup::killCgroupMembers);
        killProcessesNaming(run);
        detachMounts(run);
        RunDirectory.readLine(run.resolve("netns"))
                .filter(ns -> Files.exists(Path.of("/run/netns", ns)))
                .ifPresent(ns -> Exec.run(List.of("ip", "netns", "delete", ns), Duration.ofSeconds(30)));
        cgroup.ifPresent(RunCleanup::removeCgroups);
        removeLogLinks(run);
        if (mountsUnder(run).isEmpty() && !"true".equals(System.getenv("WMCO_IT_KEEP_WORKDIR"))) {
            RunDirectory.deleteTree(run);
        }
    }

    private static void stopRecordedProcesses(Path run) {
        Path pids = run.resolve("pids");
        if (!Files.isDirectory(pids)) {
            return;
        }
        List<ProcessHandle> stopping = new ArrayList<>();
        try (Stream<Path> records = Files.list(pids)) {
            for (Path record : records.sorted(Comparator.reverseOrder()).toList()) {
                String[] fields = Files.readString(record, UTF_8).trim().split(" ");
                long pid = Long.parseLong(fields[0]);
                if (RunDirectory.alive(pid, Long.parseLong(fields[1]))) {
                    ProcessHandle.of(pid).ifPresent(p -> {
                        p.destroy();
                        stopping.add(p);
                    });
                }
            }
        } catch (IOException | RuntimeException e) {
            System.out.println("[wmco-it] unreadable process records in " + pids + ": " + e);
        }
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ProcessHandle p : stopping) {
            while (p.isAlive() && System.nanoTime() < deadline) {
                pause();
            }
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    private static void killContainers(Path run) {
        Path root = run.resolve("runc/k8s.io");
        if (!Files.isDirectory(root)) {
            return;
        }
        Exec.Result list = Exec.run(List.of("runc", "--root", root.toString(), "list", "-q"), Duration.ofSeconds(30));
        for (String container : list.ok() ? list.output().lines().toList() : List.<String>of()) {
            Exec.run(List.of("runc", "--root", root.toString(), "kill", container, "KILL"), Duration.ofSeconds(30));
            Exec.run(
                    List.of("runc", "--root", root.toString(), "delete", "--force", container), Duration.ofSeconds(30));
        }
    }

    private static void killCgroupMembers(String cgroup) {
        for (Path hierarchy : hierarchies()) {
            try (Stream<Path> files = Files.walk(hierarchy.resolve(cgroup))) {
                for (Path procs : files.filter(f -> f.endsWith("cgroup.procs")).toList()) {
                    for (String pid : Files.readAllLines(procs, UTF_8)) {
                        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // hierarchy without this cgroup, or a member that exited meanwhile
            }
        }
    }

    private static void killProcessesNaming(Path run) {
        String marker = run.toString() + "/";
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> commandLine(p.pid()).contains(marker))
                .forEach(ProcessHandle::destroyForcibly);
    }

    /** The command line of a process with arguments joined by spaces; empty when unreadable. */
    static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(raw, UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static void detachMounts(Path run) {
        for (String mount : mountsUnder(run)) {
            Exec.run(List.of("umount", "-l", mount), Duration.ofSeconds(30));
        }
    }

    /** Mount points at or below {@code dir}, deepest first (from /proc/self/mountinfo, octal escapes decoded). */
    static List<String> mountsUnder(Path dir) {
        String prefix = dir.toString();
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo"), UTF_8).stream()
                    .map(line -> unescape(line.split(" ")[4]))
                    .filter(m -> m.equals(prefix) || m.startsWith(prefix + "/"))
                    .sorted(Comparator.comparingInt(String::length).reversed())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void removeCgroups(String cgroup) {
        for (Path hierarchy : hierarchies()) {
            Path top = hierarchy.resolve(cgroup);
            if (Files.isDirectory(top)) {
                try (Stream<Path> dirs = Files.walk(top)) {
                    for (Path d : dirs.filter(Files::isDirectory)
                            .sorted(Comparator.reverseOrder())
                            .toList()) {
                        Files.deleteIfExists(d);
                    }
                } catch (IOException e) {
                    System.out.println("[wmco-it] could not remove cgroup " + top + ": " + e.getMessage());
                }
            }
        }
    }

    /** The mounted cgroup v1 hierarchies (one directory each under /sys/fs/cgroup). */
    static List<Path> hierarchies() {
        try (Stream<Path> all = Files.list(CGROUP_ROOT)) {
            return all.filter(p -> Files.isDirectory(p) && !Files.isSymbolicLink(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The kubelet links container logs from /var/log/containers into its own log directory. */
    private static void removeLogLinks(Path run) {
        Path links = Path.of("/var/log/containers");
        if (!Files.isDirectory(links)) {
            return;
        }
        try (Stream<Path> all = Files.list(links)) {
            for (Path link : all.filter(Files::isSymbolicLink).toList()) {
                if (Files.readSymbolicLink(link).startsWith(run)) {
                    Files.deleteIfExists(link);
                }
            }
        } catch (IOException e) {
            System.out.println("[wmco-it] could not remove log links of " + run + ": " + e.getMessage());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
