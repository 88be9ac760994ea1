package io.wmco.adapter.ssh;

import io.wmco.domain.remote.CommandResult;
import io.wmco.domain.remote.Shell;
import io.wmco.ports.remote.HostEndpoint;
import io.wmco.ports.remote.HostUnreachableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated SSH connection to a host, with its detected default shell. Shared by the handles of
 * {@link MinaSshConnector}'s pool; {@link #refs} and {@link #idleSinceNanos} are guarded by the pool slot's monitor.
 * Commands and transfers each open their own channel, so concurrent use is safe.
 */
final class SshConnection {
    private static final Logger LOG = LoggerFactory.getLogger(SshConnection.class);

    private final HostEndpoint endpoint;
    private final ClientSession session;
    private final Shell shell;
    private final SshSettings settings;
    private final FileCommands files;
    int refs;
    long idleSinceNanos;

    SshConnection(HostEndpoint endpoint, ClientSession session, Shell shell, SshSettings settings, FileCommands files) {
        this.endpoint = endpoint;
        this.session = session;
        this.shell = shell;
        this.settings = settings;
        this.files = files;
    }

    HostEndpoint endpoint() {
        return endpoint;
    }

    ClientSession session() {
        return session;
    }

    Shell shell() {
        return shell;
    }

    SshSettings settings() {
        return settings;
    }

    FileCommands files() {
        return files;
    }

    boolean isOpen() {
        return session.isOpen() && !session.isClosing();
    }

    void close() {
        try {
            session.close(true);
        } catch (RuntimeException e) {
            LOG.debug("closing the connection to {} failed", endpoint, e);
        }
    }

    CommandResult exec(String wire) {
        return exec(endpoint, session, wire, settings.commandTimeout(), settings.maxStderrBytes());
    }

    /**
     * Runs {@code wire} as given in an exec channel and waits for the channel to close. Output on stderr is kept
     * (its tail) and never fails the call.
     *
     * @throws HostUnreachableException when the channel cannot be opened, the connection drops, or the command
     *     outlives {@code timeout}
     */
    static CommandResult exec(
            HostEndpoint endpoint, ClientSession session, String wire, Duration timeout, int maxStderrBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TailOutputStream err = new TailOutputStream(maxStderrBytes);
        ChannelExec channel = null;
        try {
            channel = session.createExecChannel(wire);
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(timeout);
            channel.getInvertedIn().close(); // no input: send EOF so nothing waits on stdin
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                throw new HostUnreachableException(endpoint.hostId(), "command did not finish within " + timeout, null);
            }
            Integer status = channel.getExitStatus();
            if (status == null) {
                if (!session.isOpen()) {
                    throw new HostUnreachableException(endpoint.hostId(), "connection lost while a command ran", null);
                }
                String signal = channel.getExitSignal();
                err.write(("\n[no exit status" + (signal == null ? "" : "; terminated by signal " + signal) + "]")
                        .getBytes(StandardCharsets.UTF_8));
                status = -1;
            }
            return new CommandResult(status, out.toString(StandardCharsets.UTF_8), err.text());
        } catch (IOException e) {
            if (e instanceof InterruptedIOException) {
                Thread.currentThread().interrupt();
            }
            throw new HostUnreachableException(
                    endpoint.hostId(), "running a command failed: " + MinaSshConnector.describe(e), e);
        } finally {
            if (channel != null) {
                channel.close(true);
            }
        }
    }
}
