package io.wmco.testkit.sim;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.remote.CommandResult;
import io.wmco.domain.remote.RemoteCommand;
import io.wmco.domain.remote.Shell;
import io.wmco.domain.remote.ShellWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * A minimal MINA SSH client for tests of the simulator, independent of the production adapter: runs wire text and
 * reports exit status and both streams, writes files over SFTP, and remembers the host key it saw.
 *
 * <p>Not thread-safe; one per test.
 */
public final class SimSshClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final SshClient client;
    private final ClientSession session;
    private final AtomicReference<PublicKey> seenHostKey = new AtomicReference<>();

    private SimSshClient(SshClient client, ClientSession session) {
        this.client = client;
        this.session = session;
    }

    /**
     * Connects and authenticates with {@code identity}.
     *
     * @throws IOException when the connection or the authentication fails
     */
    public static SimSshClient connect(SimulatedWindowsHost host, String user, KeyPair identity) throws IOException {
        requireNonNull(host, "host cannot be null");
        SshClient client = SshClient.setUpDefaultClient();
        AtomicReference<PublicKey> seen = new AtomicReference<>();
        client.setServerKeyVerifier((session, address, key) -> {
            seen.set(key);
            return true;
        });
        client.start();
        try {
            ClientSession session = client.connect(user, host.host(), host.port())
                    .verify(TIMEOUT)
                    .getSession();
            session.addPublicKeyIdentity(identity);
            session.auth().verify(TIMEOUT);
            SimSshClient c = new SimSshClient(client, session);
            c.seenHostKey.set(seen.get());
            return c;
        } catch (IOException | RuntimeException e) {
            client.stop();
            throw e;
        }
    }

    /** The host key presented during the key exchange. */
    public PublicKey seenHostKey() {
        return seenHostKey.get();
    }

    /** Whether the session is still open. */
    public boolean isOpen() {
        return session.isOpen();
    }

    /** Runs text exactly as given. */
    public CommandResult runWire(String wire) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec channel = session.createExecChannel(wire)) {
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS), TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(5));
            Integer status = channel.getExitStatus();
            if (status == null) {
                throw new IOException("no exit status for: " + wire);
            }
            return new CommandResult(
                    status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /** Runs a command wrapped for {@code defaultShell} by {@link ShellWrapper}. */
    public CommandResult run(RemoteCommand command, Shell defaultShell) throws IOException {
        return runWire(ShellWrapper.wireForm(command, defaultShell));
    }

    /** Writes {@code content} to an SFTP path such as {@code /C:/k/x}. */
    public void upload(byte[] content, String sftpPath) throws IOException {
        try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
                OutputStream out = sftp.write(sftpPath)) {
            out.write(content);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (IOException e) {
            // closing a test session: nothing to do about it
        }
        client.stop();
    }
}
