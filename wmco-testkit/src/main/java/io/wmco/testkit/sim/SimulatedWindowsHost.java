package io.wmco.testkit.sim;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.remote.CommandKind;
import io.wmco.domain.remote.MatchedCommand;
import io.wmco.domain.remote.Shell;
import io.wmco.domain.remote.ShellWrapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Windows Server host as the operator sees it over SSH, for integration tests and the sandbox: an Apache MINA SSH
 * server on a loopback address with public-key authentication, a virtual {@code C:\} served over SFTP, a default
 * shell (cmd or PowerShell) and exactly the command vocabulary of {@link CommandKind}. Anything outside that
 * vocabulary exits 1 with {@code simulator: unknown command: ...} on stderr and is kept in
 * {@link #unknownCommands()}, so drift between operator and simulator fails loudly.
 *
 * <p>Services keep their state and command line. With kubelet emulation on (the default), starting the
 * {@code kubelet} service makes the host act as that kubelet against the API server named in its bootstrap
 * kubeconfig, and starting {@code hybrid-overlay-node} acts as hybrid-overlay; see {@link Builder#emulateKubelet}.
 *
 * <p>Wire forms follow {@link ShellWrapper}: with a cmd default shell, PowerShell arrives as
 * {@code powershell.exe ... -EncodedCommand <base64>} and the probe fails; with a PowerShell default the probe
 * prints {@code 5}.
 *
 * <p>{@code Restart-Computer -Force} reboots the host: it drops every session, stops its services, refuses
 * connections for {@link Builder#rebootDowntime}, then comes back with a new boot time, a pending computer name in
 * effect and its automatic services started ({@link #rebootLog()} tells when).
 *
 * <p>Thread-safe. Close it to stop the server, the emulations and delete its temporary drive.
 *
 * <p>Over 300 lines: the SSH server, its command dispatch, the SFTP fault hooks and the builder share the server's
 * state; what a command does lives in {@link WindowsMachine}, the kubelet in {@link KubeletEmulation}.
 */
public final class SimulatedWindowsHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedWindowsHost.class);
    private static final String CMD_NOT_RECOGNIZED =
            "' is not recognized as an internal or external command,\r\n" + "operable program or batch file.\r\n";

    private final Builder settings;
    private final VirtualDrive drive;
    private final boolean ownsDrive;
    private final WindowsMachine machine;
    private final Faults faults = new Faults();
    private final List<CommandLogEntry> log = new CopyOnWriteArrayList<>();
    private final AtomicReference<KeyPair> hostKey = new AtomicReference<>();
    private final List<PublicKey> authorizedKeys = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final SshServer sshd;
    private final KubeletEmulation emulation;
    private final Clock clock;
    private final List<Reboot> rebootLog = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.LongAdder sftpBytesReceived = new java.util.concurrent.atomic.LongAdder();

    private SimulatedWindowsHost(Builder b) throws IOException {
        this.settings = b;
        this.clock = b.clock;
        this.ownsDrive = b.sftpRoot == null;
        this.drive = new VirtualDrive(ownsDrive ? Files.createTempDirectory("simwin-") : b.sftpRoot);
        this.machine = new WindowsMachine(
                drive,
                b.hostname,
                b.windowsBuild,
                new WindowsMachine.HostFacts(b.freeDiskBytes, b.listeners, b.firewallOpen, b.hasTar));
        this.hostKey.set(newHostKey());
        this.scheduler = Executors.newScheduledThreadPool(4, r -> {
            Thread t = new Thread(r, "simwin-" + b.hostname);
            t.setDaemon(true);
            return t;
        });
        this.emulation = b.emulateKubelet
                ? new KubeletEmulation(
                        new KubeletEmulation.HostView(drive, machine, b.bindAddress),
                        b.heartbeatInterval,
                        b.certificateTimeout,
                        b.kubeletVersion)
                : null;
        if (emulation != null) {
            machine.setListener(emulation);
        }
        this.sshd = SshServer.setUpDefaultServer();
        // Answer without waiting for delayed ACKs (Nagle): ~85 ms per command otherwise, which no test should pay.
        org.apache.sshd.core.CoreModuleProperties.TCP_NODELAY.set(sshd, true);
        sshd.setHost(b.bindAddress);
        sshd.setPort(b.port);
        sshd.setKeyPairProvider(session -> List.of(hostKey.get()));
        authorizedKeys.addAll(b.authorizedKeys);
        sshd.setPublickeyAuthenticator((user, key, session) -> !faults.rejectsAuthentication()
                && (b.username == null || b.username.equalsIgnoreCase(user))
                && authorizedKeys.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setCommandFactory((channel, command) -> new SimCommand(command));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(drive.sftpRoot()));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory.Builder().build();
        sftp.addSftpEventListener(new WriteFaults());
        sshd.setSubsystemFactories(List.of(sftp));
        machine.setRebootAction(() -> scheduler.schedule(this::reboot, 100, TimeUnit.MILLISECONDS));
        sshd.setIoServiceEventListener(new org.apache.sshd.common.io.IoServiceEventListener() {
            @Override
            public void connectionAccepted(
                    org.apache.sshd.common.io.IoAcceptor acceptor,
                    java.net.SocketAddress local,
                    java.net.SocketAddress remote,
                    java.net.SocketAddress service)
                    throws IOException {
                if (machine.isDown()) {
                    // a rebooting host: the connection drops before the SSH version exchange
                    throw new IOException("simulated host " + b.hostname + " is rebooting");
                }
            }
        });
        try {
            sshd.start();
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** A builder with defaults: 127.0.0.1, ephemeral port, user Administrator, cmd shell, build 20348. */
    public static Builder builder() {
        return new Builder();
    }

    /** The address the SSH server listens on. */
    public InetSocketAddress address() {
        return new InetSocketAddress(settings.bindAddress, port());
    }

    /** The bound address (e.g. {@code 127.0.0.2}), which is also the node's InternalIP by default. */
    public String host() {
        return settings.bindAddress;
    }

    /** The bound port. */
    public int port() {
        return sshd.getPort();
    }

    /** The user name accepted, or null when any is. */
    public String username() {
        return settings.username;
    }

    /** The host key presented now. */
    public PublicKey hostKey() {
        return hostKey.get().getPublic();
    }

    /** Replaces the host key (as a reinstalled host would); new connections see the new key. */
    public PublicKey regenerateHostKey() {
        hostKey.set(newHostKey());
        return hostKey();
    }

    /**
     * Adds a key accepted for authentication from now on (an administrator appending to
     * {@code administrators_authorized_keys}); sessions already open are unaffected.
     */
    public void authorizeKey(PublicKey key) {
        authorizedKeys.add(requireNonNull(key, "key cannot be null"));
    }

    /** Stops accepting this key for new authentications; sessions already open are unaffected. */
    public void revokeKey(PublicKey key) {
        requireNonNull(key, "key cannot be null");
        authorizedKeys.removeIf(k -> KeyUtils.compareKeys(k, key));
    }

    /**
     * Closes every open SSH session at once, as a reboot or reinstall of the host would; new connections are accepted
     * as before.
     */
    public void dropConnections() {
        sshd.getActiveSessions().forEach(session -> session.close(true));
    }

    /** The default shell of SSH sessions. */
    public Shell defaultShell() {
        return settings.defaultShell;
    }

    /** Fault and latency knobs; change them at any time. */
    public Faults faults() {
        return faults;
    }

    /** The directory on disk that holds {@code C:\}. */
    public Path drive() {
        return drive.drive();
    }

    /** The file on disk for a Windows path such as {@code C:\k\kubelet.exe} (case-insensitive like NTFS). */
    public Path resolve(String windowsPath) {
        return drive.resolve(windowsPath);
    }

    /** Every command received, in order. */
    public List<CommandLogEntry> commandLog() {
        return List.copyOf(log);
    }

    /**
     * File content bytes received in SFTP writes since start, as they arrived (a packed transfer counts its packed
     * size): what the operator sent as file content, without SSH framing.
     */
    public long sftpBytesReceived() {
        return sftpBytesReceived.sum();
    }

    /** Commands outside the vocabulary (a test should assert this stays empty). */
    public List<CommandLogEntry> unknownCommands() {
        return log.stream().filter(e -> e.kind() == null).toList();
    }

    /** Recognised commands of one kind, in order. */
    public List<CommandLogEntry> commandsOf(CommandKind kind) {
        return log.stream().filter(e -> e.kind() == kind).toList();
    }

    /** The current host name (a rename takes effect at the reboot). */
    public String hostname() {
        return machine.hostname();
    }

    /** How many times the host rebooted. */
    public int reboots() {
        return machine.reboots();
    }

    /** All services. */
    public List<ServiceSnapshot> services() {
        return machine.services();
    }

    /** One service by name (case-insensitive). */
    public Optional<ServiceSnapshot> service(String name) {
        return machine.service(name);
    }

    /** The machine-level environment variables (what {@code [Environment]::GetEnvironmentVariables('Machine')} has). */
    public Map<String, String> machineEnvironment() {
        return machine.machineEnvironment();
    }

    /**
     * The machine variables a service saw when it last started (services read them only at start); empty when it
     * never started.
     */
    public Optional<Map<String, String>> environmentAtStart(String service) {
        return machine.environmentAtStart(service);
    }

    /** {@code Cert:\LocalMachine\Root}: thumbprint (SHA-1, upper-case hex) to subject. */
    public Map<String, String> rootCertificates() {
        return machine.rootCertificates();
    }

    /** Adds a certificate to the root store as an administrator would, outside the operator. */
    public void addRootCertificate(String thumbprint, String subject) {
        machine.addRootCertificate(thumbprint, subject);
    }

    /** Installs a stopped service, as if present before the operator came (e.g. for upgrade tests). */
    public void installService(String name, String binaryPath, String startType) {
        machine.installService(name, binaryPath, startType);
    }

    /** The HNS network names. */
    public Set<String> hnsNetworks() {
        return machine.hnsNetworks();
    }

    /** Default subnet of networks seeded without one. */
    public static final String DEFAULT_HNS_SUBNET = "10.254.0.0/24";

    /**
     * Adds an HNS network, as if left by an earlier configuration (e.g. for deconfiguration tests); endpoints get
     * addresses from {@link #DEFAULT_HNS_SUBNET}.
     */
    public void seedHnsNetwork(String name) {
        seedHnsNetwork(name, DEFAULT_HNS_SUBNET);
    }

    /** Adds an HNS network whose endpoints get addresses from {@code subnet} (IPv4 CIDR), from the .2 on. */
    public void seedHnsNetwork(String name, String subnet) {
        machine.addHnsNetwork(
                requireNonNull(name, "name cannot be null"), requireNonNull(subnet, "subnet cannot be null"));
    }

    /** HNS endpoint names to their IPv4 addresses. */
    public Map<String, String> hnsEndpoints() {
        return machine.hnsEndpoints();
    }

    /**
     * What the kubelet and hybrid-overlay emulation reported as failures (API server rejections, missing
     * files, timeouts), oldest first. Empty when emulation is off.
     */
    public List<String> emulationErrors() {
        return emulation == null ? List.of() : emulation.errors();
    }

    /** Whether the emulated kubelet got a serving certificate (only with {@code serverTLSBootstrap: true}). */
    public boolean servingCertificateIssued() {
        return emulation != null && emulation.servingCertificateIssued();
    }

    /** The node name the emulated kubelet registered, once it did. */
    public Optional<String> registeredNodeName() {
        return emulation == null ? Optional.empty() : emulation.registeredNodeName();
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (emulation != null) {
            emulation.close();
        }
        try {
            sshd.stop(true);
        } catch (IOException | RuntimeException e) {
            LOG.warn("stopping the simulated host {} failed", settings.hostname, e);
        }
        scheduler.shutdownNow();
        if (ownsDrive) {
            try (Stream<Path> walk = Files.walk(drive.sftpRoot())) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.warn("deleting {} failed", drive.sftpRoot(), e);
            }
        }
    }

    /**
     * {@code Restart-Computer}: the host goes away (sessions closed, services stopped, new connections dropped) for
     * the builder's reboot downtime and comes back with its automatic services started.
     */
    private void reboot() {
        Instant down = clock.instant();
        machine.shutDown();
        for (Session s : List.copyOf(sshd.getActiveSessions())) {
            s.close(true);
        }
        scheduler.schedule(
                () -> {
                    machine.boot();
                    rebootLog.add(new Reboot(down, clock.instant()));
                    LOG.info("simulated host {} is back after a reboot", settings.hostname);
                },
                settings.rebootDowntime.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /**
     * One finished reboot: the host went away at {@code down} and answered again from {@code up} on.
     */
    public record Reboot(Instant down, Instant up) {
        /** Whether the two reboots were under way at the same time. */
        public boolean overlaps(Reboot other) {
            return !up.isBefore(other.down) && !other.up.isBefore(down);
        }
    }

    /** The finished reboots, oldest first. */
    public List<Reboot> rebootLog() {
        return List.copyOf(rebootLog);
    }

    /** Whether the host is rebooting now (it drops every new connection). */
    public boolean isDown() {
        return machine.isDown();
    }

    private static KeyPair newHostKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an EC host key", e);
        }
    }

    /** What a received command is, before it runs. */
    private record Parsed(boolean wrapped, String shown, MatchedCommand matched, boolean cmdProbe) {}

    private Parsed parse(String wire) {
        if (wire.startsWith(ShellWrapper.POWERSHELL_PREFIX)) {
            String payload =
                    wire.substring(ShellWrapper.POWERSHELL_PREFIX.length()).strip();
            String script;
            try {
                script = ShellWrapper.decode(payload);
            } catch (IllegalArgumentException e) {
                return new Parsed(true, wire, null, false);
            }
            return new Parsed(true, script, CommandKind.match(script).orElse(null), false);
        }
        if (wire.startsWith(ShellWrapper.CMD_PREFIX)) {
            return new Parsed(true, wire, null, false);
        }
        if (settings.defaultShell == Shell.POWERSHELL) {
            return new Parsed(false, wire, CommandKind.match(wire).orElse(null), false);
        }
        boolean probe = wire.equals(ShellWrapper.PROBE);
        return new Parsed(false, wire, null, probe);
    }

    private WindowsMachine.Outcome run(Parsed p) {
        if (p.cmdProbe()) {
            return new WindowsMachine.Outcome(1, "", "'" + ShellWrapper.PROBE + CMD_NOT_RECOGNIZED, null);
        }
        if (p.matched() == null) {
            String shown = p.shown().length() <= 200 ? p.shown() : p.shown().substring(0, 200);
            LOG.error("simulated host {} received a command outside the vocabulary: {}", settings.hostname, shown);
            return new WindowsMachine.Outcome(1, "", "simulator: unknown command: " + shown + "\r\n", null);
        }
        if (faults.consumeFailure(p.matched().kind())) {
            return new WindowsMachine.Outcome(
                    1, "", "simulator: injected failure of " + p.matched().kind() + "\r\n", null);
        }
        return machine.execute(p.matched());
    }

    /** One exec channel: parses, waits the configured delay, runs, answers. */
    private final class SimCommand implements Command {
        private final String wire;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        SimCommand(String wire) {
            this.wire = wire;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void setInputStream(InputStream in) {
            // commands read no input
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            Parsed parsed = parse(wire);
            Duration delay = parsed.matched() == null
                    ? Duration.ZERO
                    : faults.delayOf(parsed.matched().kind());
            Runnable answer = () -> scheduler.schedule(() -> finish(parsed), delay.toNanos(), TimeUnit.NANOSECONDS);
            if (parsed.matched() == null || !faults.holdBack(parsed.matched().kind(), answer)) {
                answer.run();
            }
        }

        private void finish(Parsed parsed) {
            WindowsMachine.Outcome outcome;
            try {
                outcome = run(parsed);
            } catch (RuntimeException e) {
                LOG.error("simulated host {} failed on {}", settings.hostname, parsed.shown(), e);
                outcome = new WindowsMachine.Outcome(1, "", "simulator: internal error: " + e + "\r\n", null);
            }
            MatchedCommand m = parsed.matched();
            CommandKind kind = m != null ? m.kind() : parsed.cmdProbe() ? CommandKind.PROBE : null;
            log.add(new CommandLogEntry(
                    clock.instant(),
                    kind,
                    m == null ? List.of() : m.arguments(),
                    parsed.wrapped(),
                    outcome.exitStatus(),
                    wire));
            try {
                out.write(outcome.stdout().getBytes(StandardCharsets.UTF_8));
                out.flush();
                err.write(outcome.stderr().getBytes(StandardCharsets.UTF_8));
                err.flush();
            } catch (IOException e) {
                LOG.debug("client went away before the answer of {}", kind, e);
            }
            exit.onExit(outcome.exitStatus());
            if (outcome.afterExit() != null) {
                outcome.afterExit().run();
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
            // nothing to release: the answer is written once
        }
    }

    /** Applies the SFTP write knobs: dropping the connection and the bandwidth limit. */
    private final class WriteFaults implements SftpEventListener {
        private final Map<Handle, long[]> pacing = new ConcurrentHashMap<>();

        @Override
        public void writing(
                ServerSession session,
                String remoteHandle,
                FileHandle localHandle,
                long offset,
                byte[] data,
                int dataOffset,
                int dataLen)
                throws IOException {
            sftpBytesReceived.add(dataLen);
            if (faults.consumeSftpBytes(dataLen)) {
                faults.recordDrop(localHandle.getFile());
                LOG.info("simulated host {} drops the connection during an SFTP write (fault knob)", settings.hostname);
                session.close(true);
                throw new IOException("simulator: connection dropped by the fault knob");
            }
            long bps = faults.sftpBytesPerSecond();
            if (bps > 0) {
                long[] state = pacing.computeIfAbsent(localHandle, h -> new long[] {System.nanoTime(), 0});
                state[1] += dataLen;
                long due = state[0] + (long) (state[1] * 1e9 / bps);
                // Pacing the simulated link, not synchronising a test: this write is held until its bytes fit the
                // configured bandwidth.
                long wait = due - System.nanoTime();
                while (wait > 0) {
                    LockSupport.parkNanos(wait);
                    wait = due - System.nanoTime();
                }
            }
        }

        @Override
        public void closed(ServerSession session, String remoteHandle, Handle localHandle, Throwable thrown) {
            pacing.remove(localHandle);
        }
    }

    /**
     * Settings of a {@link SimulatedWindowsHost}. Not thread-safe; {@link #start()} copies what it needs.
     */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port;
        private String username = "Administrator";
        private final List<PublicKey> authorizedKeys = new ArrayList<>();
        private Shell defaultShell = Shell.CMD;
        private String hostname = "win-sim";
        private int windowsBuild = 20348;
        private Path sftpRoot;
        private boolean emulateKubelet = true;
        private Duration heartbeatInterval = Duration.ofSeconds(5);
        private Duration certificateTimeout = Duration.ofMinutes(5);
        private String kubeletVersion = "v1.34.4";
        private Clock clock = Clock.systemUTC();
        private Duration rebootDowntime = Duration.ofMillis(500);
        private long freeDiskBytes = WindowsMachine.HostFacts.DEFAULT.freeDiskBytes();
        private final Map<Integer, String> listeners = new TreeMap<>(WindowsMachine.HostFacts.DEFAULT.listeners());
        private final Set<Integer> firewallOpen = new TreeSet<>(WindowsMachine.HostFacts.DEFAULT.firewallOpen());
        private boolean hasTar = WindowsMachine.HostFacts.DEFAULT.hasTar();

        private Builder() {}

        /** A snapshot, so that later changes to this builder do not reach a running host. */
        private Builder copy() {
            Builder b = new Builder();
            b.bindAddress = bindAddress;
            b.port = port;
            b.username = username;
            b.authorizedKeys.addAll(authorizedKeys);
            b.defaultShell = defaultShell;
            b.hostname = hostname;
            b.windowsBuild = windowsBuild;
            b.sftpRoot = sftpRoot;
            b.emulateKubelet = emulateKubelet;
            b.heartbeatInterval = heartbeatInterval;
            b.certificateTimeout = certificateTimeout;
            b.kubeletVersion = kubeletVersion;
            b.clock = clock;
            b.rebootDowntime = rebootDowntime;
            b.freeDiskBytes = freeDiskBytes;
            b.listeners.putAll(listeners);
            b.firewallOpen.clear();
            b.firewallOpen.addAll(firewallOpen);
            b.hasTar = hasTar;
            return b;
        }

        /** How long a reboot keeps the host away (no SSH, services stopped); 500 ms by default, at most a minute. */
        public Builder rebootDowntime(Duration downtime) {
            requireNonNull(downtime, "downtime cannot be null");
            if (downtime.isNegative() || downtime.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("rebootDowntime must be between 0 and 1 minute; got " + downtime);
            }
            this.rebootDowntime = downtime;
            return this;
        }

        /** Loopback address to bind, e.g. {@code 127.0.0.2}, so several hosts have distinct IPs. */
        public Builder bindAddress(String address) {
            this.bindAddress = requireNonNull(address, "address cannot be null");
            return this;
        }

        /** Port to bind; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535; got " + port);
            }
            this.port = port;
            return this;
        }

        /** The only user name accepted (case-insensitive, like Windows); null accepts any. */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** Adds a key accepted for authentication (the host's {@code administrators_authorized_keys}). */
        public Builder authorizedKey(PublicKey key) {
            authorizedKeys.add(requireNonNull(key, "key cannot be null"));
            return this;
        }

        /**
         * Adds a key given as an OpenSSH {@code authorized_keys} line ({@code ssh-rsa AAAA... comment}), the form the
         * operator's user data installs.
         *
         * @throws IllegalArgumentException when the line is not a public key MINA can read
         */
        public Builder authorizedKeyLine(String line) {
            requireNonNull(line, "line cannot be null");
            try {
                return authorizedKey(AuthorizedKeyEntry.parseAuthorizedKeyEntry(line.strip())
                        .resolvePublicKey(null, PublicKeyEntryResolver.FAILING));
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw new IllegalArgumentException(
                        "authorized key line is not an OpenSSH public key ('ssh-rsa AAAA...'): " + e.getMessage(), e);
            }
        }

        /** The SSH default shell; cmd by default, as on a fresh Windows Server. */
        public Builder defaultShell(Shell shell) {
            this.defaultShell = requireNonNull(shell, "shell cannot be null");
            return this;
        }

        /** The host name reported by the hostname command and used as node name by the kubelet. */
        public Builder hostname(String hostname) {
            this.hostname = requireNonNull(hostname, "hostname cannot be null");
            return this;
        }

        /** The Windows build number (20348 = Windows Server 2022). */
        public Builder windowsBuild(int build) {
            this.windowsBuild = build;
            return this;
        }

        /** A directory to hold the SFTP root (with {@code C:} inside); by default a temporary one, deleted on close. */
        public Builder sftpRoot(Path directory) {
            this.sftpRoot = requireNonNull(directory, "directory cannot be null");
            return this;
        }

        /**
         * Whether starting the {@code kubelet} and {@code hybrid-overlay-node} services acts as them against the
         * API server named in the kubelet's bootstrap kubeconfig (default true). Needs nothing else: the API server
         * must be reachable at that URL, accept the bootstrap credentials for creating CSRs, and sign approved
         * kubelet client CSRs (kube-controller-manager).
         */
        public Builder emulateKubelet(boolean emulate) {
            this.emulateKubelet = emulate;
            return this;
        }

        /** How often the emulated kubelet refreshes its Ready condition (default 5 s). */
        public Builder heartbeatInterval(Duration interval) {
            requireNonNull(interval, "interval cannot be null");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("heartbeatInterval must be positive; got " + interval);
            }
            this.heartbeatInterval = interval;
            return this;
        }

        /** How long the emulated kubelet waits for its CSR to be approved and signed (default 5 min). */
        public Builder certificateTimeout(Duration timeout) {
            this.certificateTimeout = requireNonNull(timeout, "timeout cannot be null");
            return this;
        }

        /** The kubelet version reported in the Node's status (default {@code v1.34.4}). */
        public Builder kubeletVersion(String version) {
            this.kubeletVersion = requireNonNull(version, "version cannot be null");
            return this;
        }

        /** Bytes free on {@code C:\} as the free-space command reports them (default 100 GiB). */
        public Builder freeDiskBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("freeDiskBytes cannot be negative; got " + bytes);
            }
            this.freeDiskBytes = bytes;
            return this;
        }

        /**
         * A process listening on a TCP port, besides {@code sshd} on 22 (the default) and the operator's running
         * kubelet (10250) and windows_exporter (9182), which are reported while their services run.
         */
        public Builder listeningProcess(int port, String process) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be between 1 and 65535; got " + port);
            }
            listeners.put(port, requireNonNull(process, "process cannot be null"));
            return this;
        }

        /** The TCP ports the Windows firewall lets in (default 22, 10250 and 9182, as the user data opens them). */
        public Builder firewallInboundPorts(int... ports) {
            firewallOpen.clear();
            for (int p : ports) {
                firewallOpen.add(p);
            }
            return this;
        }

        /**
         * Whether {@code %SystemRoot%\\System32\\tar.exe} exists (default true, as on Server 2019 and later);
         * without it a packed upload's unpack answers as the command does on Server 2016.
         */
        public Builder tarExe(boolean present) {
            this.hasTar = present;
            return this;
        }

        /** The clock for command-log timestamps. */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /**
         * Starts the host.
         *
         * @throws IllegalStateException when no authorized key was given
         * @throws UncheckedIOException when the address cannot be bound
         */
        public SimulatedWindowsHost start() {
            if (authorizedKeys.isEmpty()) {
                throw new IllegalStateException(
                        "no authorized key: call authorizedKey(publicKey) so the operator's " + "key can log in");
            }
            try {
                return new SimulatedWindowsHost(copy());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the simulated host on " + bindAddress + ":" + port, e);
            }
        }
    }
}
