package io.wmco.adapter.ssh;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OpenSSH {@code sshd} (Debian's openssh-server) on a free loopback port, with its own host key, config and
 * authorized-keys file in a temporary directory. Use it as a JUnit 5 extension ({@code @RegisterExtension static})
 * or, outside JUnit, through {@link #start()} and {@link #close()}.
 *
 * <p>When {@code /usr/sbin/sshd} is missing, starting fails with an instruction to install it: tests that need a
 * real server never skip silently.
 */
public final class OpenSshServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    public static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final boolean withoutTar;
    private final boolean emptyHome;
    private Path dir;
    private int port;
    private Process process;

    /** A server whose sessions find every program of {@code /usr/bin} on their PATH. */
    public OpenSshServer() {
        this(false);
    }

    /**
     * @param withoutTar when true, sessions get a PATH holding every program of {@code /usr/bin} but {@code tar}
     *     (sshd's {@code SetEnv}): a host that cannot unpack a packed upload
     */
    public OpenSshServer(boolean withoutTar) {
        this(withoutTar, false);
    }

    /**
     * @param emptyHome when true, sessions get {@code HOME} set to an empty directory (sshd's {@code SetEnv}), so
     *     that bash does not source the account's {@code ~/.bashrc} for every command (it does when started by
     *     sshd): a shell profile that costs a quarter of a CPU-second a command would otherwise dominate a
     *     benchmark of many small commands, which a Windows host running PowerShell with {@code -NoProfile} does
     *     not pay
     */
    public OpenSshServer(boolean withoutTar, boolean emptyHome) {
        this.withoutTar = withoutTar;
        this.emptyHome = emptyHome;
    }

    /** Starts a server whose sessions have an empty {@code HOME} (for use outside JUnit, e.g. benchmarks). */
    public static OpenSshServer startWithEmptyHome() {
        OpenSshServer server = new OpenSshServer(false, true);
        server.boot();
        return server;
    }

    /** Starts a server (for use outside JUnit). */
    public static OpenSshServer start() {
        OpenSshServer server = new OpenSshServer();
        server.boot();
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        boot();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void boot() {
        if (!Files.isExecutable(SSHD)) {
            throw new IllegalStateException(SSHD + " not found: apt-get install openssh-server");
        }
        try {
            dir = Files.createTempDirectory("wmco-sshd-");
            try {
                Files.createDirectories(Path.of("/run/sshd")); // privilege separation directory
            } catch (IOException e) {
                // not root: sshd then runs without privilege separation and does not need it
            }
            Files.writeString(dir.resolve("authorized_keys"), "");
            String setEnv = withoutTar ? "SetEnv PATH=" + binWithoutTar() : "";
            if (emptyHome) {
                setEnv = "SetEnv HOME=" + Files.createDirectories(dir.resolve("home"));
            }
            generateHostKey();
            port = freePort();
            Files.writeString(
                    dir.resolve("sshd_config"),
                    String.join(
                            "\n",
                            "ListenAddress 127.0.0.1",
                            "HostKey " + dir.resolve("host_key"),
                            "PidFile none",
                            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                            "StrictModes no",
                            "PasswordAuthentication no",
                            "KbdInteractiveAuthentication no",
                            "PubkeyAuthentication yes",
                            "UsePAM no",
                            "PermitRootLogin prohibit-password",
                            "MaxSessions 64",
                            "MaxStartups 64",
                            "Subsystem sftp internal-sftp",
                            "LogLevel INFO",
                            setEnv,
                            ""));
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A directory of links to every program in /usr/bin except tar. */
    private Path binWithoutTar() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin-without-tar"));
        try (var list = Files.list(Path.of("/usr/bin"))) {
            for (Path p : (Iterable<Path>) list::iterator) {
                String name = p.getFileName().toString();
                if (!name.equals("tar")) {
                    Files.createSymbolicLink(bin.resolve(name), p);
                }
            }
        }
        return bin;
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(
                        SSHD.toString(),
                        "-D",
                        "-e",
                        "-f",
                        dir.resolve("sshd_config").toString(),
                        "-p",
                        Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile()))
                .start();
        await("sshd on 127.0.0.1:" + port + " to greet")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("sshd exited with " + process.exitValue() + ": " + log());
                    }
                    return greets();
                });
    }

    private boolean greets() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            InputStream in = s.getInputStream();
            byte[] banner = new byte[8];
            int n = in.readNBytes(banner, 0, banner.length);
            return n == 8 && new String(banner, StandardCharsets.US_ASCII).startsWith("SSH-2.0");
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private void generateHostKey() throws IOException {
        Files.deleteIfExists(dir.resolve("host_key"));
        Files.deleteIfExists(dir.resolve("host_key.pub"));
        run(
                "ssh-keygen",
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                "wmco-test-host",
                "-f",
                dir.resolve("host_key").toString());
    }

    /** Stops the server, gives it a new host key, and starts it again on the same port. */
    public void restartWithNewHostKey() {
        try {
            stop();
            generateHostKey();
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Kills, with SIGKILL, every per-connection sshd process (the listener stays), dropping every open connection
     * at once.
     */
    public void killConnections() {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle child : children) {
            child.onExit().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    /** Process ids of the listener and of every live per-connection sshd process. */
    public List<Long> processIds() {
        List<Long> ids = new ArrayList<>();
        ids.add(process.pid());
        process.descendants().filter(ProcessHandle::isAlive).forEach(p -> ids.add(p.pid()));
        return ids;
    }

    /** Number of per-connection sshd processes alive. */
    public long connectionProcesses() {
        return process.descendants().filter(ProcessHandle::isAlive).count();
    }

    /** Generates a client key with ssh-keygen ({@code extra} e.g. {@code -t rsa -m PEM}); returns the private key path. */
    public Path newClientKey(String name, String... extra) {
        Path key = dir.resolve("client-" + name);
        List<String> cmd =
                new ArrayList<>(List.of("ssh-keygen", "-q", "-N", "", "-C", "wmco-test-" + name, "-f", key.toString()));
        cmd.addAll(List.of(extra));
        run(cmd.toArray(String[]::new));
        return key;
    }

    /** Appends the public key beside {@code privateKey} ({@code <privateKey>.pub}) to the authorized keys. */
    public void authorize(Path privateKey) {
        try {
            String line = Files.readString(Path.of(privateKey + ".pub")).strip() + "\n";
            Files.writeString(dir.resolve("authorized_keys"), line, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The host key's fingerprint as {@code ssh-keygen -l} prints it ({@code SHA256:...}). */
    public String hostKeyFingerprint() {
        String out = run(
                "ssh-keygen",
                "-l",
                "-E",
                "sha256",
                "-f",
                dir.resolve("host_key.pub").toString());
        return out.split("\\s+")[1];
    }

    /**
     * An OpenSSH {@code scp} command line copying {@code sources} to {@code destination} (a path on this server) with
     * {@code key}, quiet and non-interactive, for the benchmarks' baselines.
     */
    public List<String> scpCommand(Path key, List<Path> sources, String destination) {
        List<String> command = new ArrayList<>(List.of(
                "scp",
                "-q",
                "-i",
                key.toString(),
                "-P",
                Integer.toString(port()),
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "BatchMode=yes",
                "-o",
                "LogLevel=ERROR"));
        sources.forEach(f -> command.add(f.toString()));
        command.add(user() + "@127.0.0.1:" + destination);
        return command;
    }

    public int port() {
        return port;
    }

    public Path directory() {
        return dir;
    }

    /** The user sshd lets in: the user running the tests. */
    public String user() {
        return System.getProperty("user.name");
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("sshd.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void stop() {
        if (process != null) {
            List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
            process.destroyForcibly();
            all.forEach(ProcessHandle::destroyForcibly);
            process.onExit().orTimeout(10, TimeUnit.SECONDS).join();
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best-effort cleanup of a temporary directory
            }
        }
    }
}
