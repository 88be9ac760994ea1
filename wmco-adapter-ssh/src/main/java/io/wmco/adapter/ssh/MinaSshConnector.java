package io.wmco.adapter.ssh;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.remote.CommandResult;
import io.wmco.domain.remote.Shell;
import io.wmco.domain.remote.ShellWrapper;
import io.wmco.ports.remote.AuthenticationRejectedException;
import io.wmco.ports.remote.HostEndpoint;
import io.wmco.ports.remote.HostKeyMismatchException;
import io.wmco.ports.remote.HostKeyStore;
import io.wmco.ports.remote.HostUnreachableException;
import io.wmco.ports.remote.RemoteAccessException;
import io.wmco.ports.remote.RemoteHost;
import io.wmco.ports.remote.RemoteHostConnector;
import io.wmco.ports.remote.SshCredentials;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RemoteHostConnector} on Apache MINA SSHD: one shared {@link SshClient} for every host, one SSH connection
 * per host and key, shared by all {@link RemoteHost} handles obtained for it and closed once no handle has used it
 * for {@link SshSettings#idleCloseTimeout()}.
 *
 * <p>Thread-safe. Host keys are trusted on first use through the given {@link HostKeyStore}. Close the connector
 * at shutdown to close every connection.
 *
 * <p>Over 300 lines: the pool and the opening of connections share the one {@link SshClient}, whose host-key callback
 * reports through the attempt back into {@code open}; a connection itself is {@link SshConnection}.
 */
public final class MinaSshConnector implements RemoteHostConnector, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MinaSshConnector.class);
    /** Passed to MINA as the connection context: the host being connected and what its key check found. */
    private static final AttributeKey<Attempt> ATTEMPT = new AttributeKey<>();

    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private final SshSettings settings;
    private final HostKeyStore hostKeys;
    private final FileCommands files;
    private final SshClient client;
    private final ScheduledExecutorService reaper;
    private final ConcurrentMap<PoolKey, Slot> slots = new ConcurrentHashMap<>();
    /** Host ids whose unpack found no tar: raw transfers only, for the life of this connector. */
    private final Set<String> hostsWithoutTar = ConcurrentHashMap.newKeySet();

    private final Set<java.nio.file.Path> unusablePackedForms = ConcurrentHashMap.newKeySet();

    private volatile boolean closed;

    public MinaSshConnector(SshSettings settings, HostKeyStore hostKeys) {
        this.settings = requireNonNull(settings, "settings cannot be null");
        this.hostKeys = requireNonNull(hostKeys, "hostKeys cannot be null");
        this.files = settings.dialect().commands();
        this.client = SshClient.setUpDefaultClient();
        Tuning.apply(client, settings);
        client.setServerKeyVerifier(this::verifyServerKey);
        client.start();
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wmco-ssh-idle-closer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Returns a handle on the pooled connection to {@code endpoint}, opening it (connect, key exchange, host-key
     * check, authentication, shell detection) when there is none or it was closed.
     *
     * @throws io.wmco.ports.remote.InvalidPrivateKeyException the key bytes are not a usable private key
     */
    @Override
    public RemoteHost connect(HostEndpoint endpoint, SshCredentials credentials) {
        requireNonNull(endpoint, "endpoint cannot be null");
        requireNonNull(credentials, "credentials cannot be null");
        if (closed) {
            throw new IllegalStateException("connector is closed");
        }
        Slot slot = slots.computeIfAbsent(PoolKey.of(endpoint, credentials), k -> new Slot());
        synchronized (slot) {
            SshConnection conn = slot.connection;
            if (conn == null || !conn.isOpen()) {
                if (conn != null) {
                    conn.close();
                }
                conn = open(endpoint, credentials);
                if (closed) {
                    conn.close();
                    throw new IllegalStateException("connector is closed");
                }
                slot.connection = conn;
            }
            SshConnection acquired = conn;
            acquired.refs++;
            return new MinaRemoteHost(acquired, () -> release(slot, acquired), hostsWithoutTar, unusablePackedForms);
        }
    }

    /** Connections currently open (pooled), for tests and metrics. */
    int openConnections() {
        int n = 0;
        for (Slot slot : slots.values()) {
            synchronized (slot) {
                if (slot.connection != null && slot.connection.isOpen()) {
                    n++;
                }
            }
        }
        return n;
    }

    private void release(Slot slot, SshConnection conn) {
        synchronized (slot) {
            conn.refs--;
            if (conn.refs > 0) {
                return;
            }
            conn.idleSinceNanos = System.nanoTime();
        }
        try {
            reaper.schedule(
                    () -> closeIfIdle(slot, conn), settings.idleCloseTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            conn.close(); // connector closed meanwhile
        }
    }

    private void closeIfIdle(Slot slot, SshConnection conn) {
        synchronized (slot) {
            long idleNanos = System.nanoTime() - conn.idleSinceNanos;
            if (slot.connection == conn
                    && conn.refs == 0
                    && idleNanos >= settings.idleCloseTimeout().toNanos()) {
                LOG.debug("closing idle connection to {}", conn.endpoint());
                conn.close();
                slot.connection = null;
            }
        }
    }

    private SshConnection open(HostEndpoint endpoint, SshCredentials credentials) {
        KeyPair keyPair = Keys.load(credentials);
        String host = endpoint.hostId();
        ClientSession session = null;
        Attempt attempt = new Attempt(host);
        try {
            ConnectFuture cf = client.connect(
                    endpoint.username(),
                    endpoint.address(),
                    endpoint.port(),
                    AttributeRepository.ofKeyValuePair(ATTEMPT, attempt),
                    null);
            if (!cf.await(settings.connectTimeout())) {
                cf.cancel();
                throw new HostUnreachableException(
                        host, "connect timed out after " + settings.connectTimeout(), cf.getException());
            }
            if (!cf.isConnected()) {
                throw new HostUnreachableException(
                        host, "cannot connect: " + describe(cf.getException()), cf.getException());
            }
            session = cf.getSession();
            session.addPublicKeyIdentity(keyPair);
            AuthFuture af = session.auth();
            if (!af.await(settings.connectTimeout().plus(settings.authTimeout()))) {
                af.cancel();
                throw new HostUnreachableException(
                        host,
                        "key exchange and authentication timed out after "
                                + settings.connectTimeout().plus(settings.authTimeout()),
                        af.getException());
            }
            if (!af.isSuccess()) {
                throw authFailure(endpoint, session, attempt, af.getException());
            }
            Shell shell = detectShell(endpoint, session);
            LOG.debug("connected to {} (default shell {})", endpoint, shell);
            return new SshConnection(endpoint, session, shell, settings, files);
        } catch (IOException e) {
            if (e instanceof InterruptedIOException) {
                Thread.currentThread().interrupt();
            }
            closeQuietly(session);
            RemoteAccessException mismatch = attempt.mismatch.get();
            throw mismatch != null ? mismatch : new HostUnreachableException(host, "cannot connect: " + describe(e), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static RemoteAccessException authFailure(
            HostEndpoint endpoint, ClientSession session, Attempt attempt, Throwable cause) {
        HostKeyMismatchException mismatch = attempt.mismatch.get();
        if (mismatch != null) {
            return mismatch;
        }
        String msg = cause == null ? "" : String.valueOf(cause.getMessage());
        // MINA fails the future with "No more authentication methods available" once the server refused the key;
        // a session still open after a failed authentication means the same.
        boolean rejected = msg.contains("No more authentication methods") || session.isOpen();
        if (rejected) {
            return new AuthenticationRejectedException(
                    endpoint.hostId(), "public key rejected for the configured user", cause);
        }
        return new HostUnreachableException(
                endpoint.hostId(), "connection lost during key exchange or authentication: " + describe(cause), cause);
    }

    /**
     * The shell probe is part of connecting, so the connect timeout bounds it, not the (much longer) command
     * timeout: a host whose shell never answers fails within the connect timeout, and a short command timeout does
     * not fail a connection whose shell is slow to start (Windows PowerShell's first start on a busy host).
     */
    private Shell detectShell(HostEndpoint endpoint, ClientSession session) {
        CommandResult probe = SshConnection.exec(
                endpoint, session, ShellWrapper.PROBE, settings.connectTimeout(), settings.maxStderrBytes());
        return probe.succeeded() && NUMBER.matcher(probe.stdout().strip()).matches() ? Shell.POWERSHELL : Shell.CMD;
    }

    private boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
        Attempt attempt = session.getConnectionContext() == null
                ? null
                : session.getConnectionContext().getAttribute(ATTEMPT);
        if (attempt == null) {
            return false; // not a connection this connector opened
        }
        String host = attempt.hostId;
        String presented = fingerprint(key);
        Optional<String> pinned = hostKeys.pinned(host);
        if (pinned.isEmpty()) {
            hostKeys.pin(host, presented);
            LOG.info("pinned host key {} for {} on first use", presented, host);
            return true;
        }
        if (pinned.get().equals(presented)) {
            return true;
        }
        attempt.mismatch.set(new HostKeyMismatchException(host, pinned.get(), presented, hostKeys.howToForget()));
        LOG.warn("host key of {} changed: pinned {}, presented {}", host, pinned.get(), presented);
        return false;
    }

    /** The OpenSSH-style fingerprint {@code SHA256:<base64>} of a public key. */
    static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    static String describe(Throwable t) {
        if (t == null) {
            return "unknown cause";
        }
        // MINA wraps the socket's failure (ExecutionException, SshException): name the cause an administrator acts on
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof java.net.ConnectException) {
            return "connection refused: is the OpenSSH server running and its port open in the host's firewall?";
        }
        if (root instanceof java.net.NoRouteToHostException) {
            return "no route to host: check the address and the network between the operator and the host";
        }
        if (root instanceof java.net.UnknownHostException) {
            return "the name does not resolve: check the DNS record or use the IP address";
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private static void closeQuietly(ClientSession session) {
        if (session != null) {
            try {
                session.close(true);
            } catch (RuntimeException ignored) {
                // closing is best-effort
            }
        }
    }

    /** Closes every connection and the shared client. Idempotent. */
    @Override
    public void close() {
        closed = true;
        List<SshConnection> all = new ArrayList<>();
        for (Slot slot : slots.values()) {
            synchronized (slot) {
                if (slot.connection != null) {
                    all.add(slot.connection);
                    slot.connection = null;
                }
            }
        }
        all.forEach(SshConnection::close);
        reaper.shutdownNow();
        try {
            client.stop();
        } catch (RuntimeException e) {
            LOG.debug("stopping the SSH client failed", e);
        }
    }

    /**
     * The pool key: one connection per endpoint and key. Holds a digest of the key, never the key itself, so the
     * pool's map keeps no key material after a connection is closed.
     */
    private record PoolKey(HostEndpoint endpoint, String keyDigest) {
        static PoolKey of(HostEndpoint endpoint, SshCredentials credentials) {
            byte[] key = credentials.privateKey();
            try {
                return new PoolKey(
                        endpoint,
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(key)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no SHA-256", e);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    /** One connection attempt; the host-key verifier records a mismatch here for {@link #open} to throw. */
    private static final class Attempt {
        private final String hostId;
        private final AtomicReference<HostKeyMismatchException> mismatch = new AtomicReference<>();

        Attempt(String hostId) {
            this.hostId = hostId;
        }
    }

    /** Holder of a host's pooled connection; its monitor guards the connection and its reference count. */
    private static final class Slot {
        private SshConnection connection;
    }
}
