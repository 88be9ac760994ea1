package io.wmco.adapter.ssh;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.remote.CommandResult;
import io.wmco.domain.remote.RemoteCommand;
import io.wmco.domain.remote.Shell;
import io.wmco.domain.remote.ShellWrapper;
import io.wmco.ports.remote.CommandFailedException;
import io.wmco.ports.remote.HostEndpoint;
import io.wmco.ports.remote.RemoteAccessException;
import io.wmco.ports.remote.RemoteHost;
import io.wmco.ports.remote.TransferFailedException;
import io.wmco.ports.remote.UploadResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.impl.SftpOutputStreamAsync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handle on a pooled {@link SshConnection}. Closing the handle releases the connection to the pool, which closes
 * it once idle. Thread-safe: every call opens its own channel.
 */
final class MinaRemoteHost implements RemoteHost {
    private static final Logger LOG = LoggerFactory.getLogger(MinaRemoteHost.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** Suffix of the temporary file an upload is written to before it is verified and renamed over its target. */
    static final String TEMP_SUFFIX = ".wmco-tmp";

    private final SshConnection conn;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    MinaRemoteHost(SshConnection conn, Runnable release) {
        this.conn = conn;
        this.release = release;
    }

    /** Opens the content to send; called once per transfer. */
    @FunctionalInterface
    interface ContentSource {
        InputStream open() throws IOException;

        /** Sends the whole content through MINA's pipelined SFTP stream; returns the number of bytes sent. */
        default long sendTo(SftpOutputStreamAsync out) throws IOException {
            try (InputStream in = open()) {
                return out.transferFrom(in);
            }
        }

        /** A local file, read through a {@link FileChannel} (no per-read native buffer allocation). */
        static ContentSource file(Path file) {
            return new ContentSource() {
                @Override
                public InputStream open() throws IOException {
                    return Files.newInputStream(file);
                }

                @Override
                public long sendTo(SftpOutputStreamAsync out) throws IOException {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                        return out.transferFrom(channel, channel.size());
                    }
                }
            };
        }
    }

    @Override
    public HostEndpoint endpoint() {
        return conn.endpoint();
    }

    @Override
    public Shell defaultShell() {
        return conn.shell();
    }

    @Override
    public CommandResult run(RemoteCommand command) {
        requireNonNull(command, "command cannot be null");
        ensureOpen();
        return conn.exec(ShellWrapper.wireForm(command, conn.shell()));
    }

    @Override
    public Optional<String> sha256(String remotePath) {
        requireNonNull(remotePath, "remotePath cannot be null");
        ensureOpen();
        CommandResult result = conn.exec(conn.files().hashWire(remotePath, conn.shell()));
        try {
            return conn.files().parseHash(result);
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(host(), "computing the SHA-256 of " + remotePath, result);
        }
    }

    @Override
    public UploadResult uploadIfChanged(Path localFile, String expectedSha256, String remotePath) {
        requireNonNull(localFile, "localFile cannot be null");
        if (!Files.isRegularFile(localFile) || !Files.isReadable(localFile)) {
            throw new IllegalArgumentException("localFile must be a readable regular file: " + localFile);
        }
        return upload(ContentSource.file(localFile), expectedSha256, remotePath);
    }

    @Override
    public UploadResult writeIfChanged(byte[] content, String remotePath) {
        requireNonNull(content, "content cannot be null");
        byte[] copy = content.clone();
        return upload(
                () -> new ByteArrayInputStream(copy), HexFormat.of().formatHex(sha256().digest(copy)), remotePath);
    }

    /**
     * Makes {@code remotePath} hold the content of {@code source} unless it already has {@code expectedSha256}:
     * streams to a temporary name beside the target, verifies its remote hash, then renames it over the target.
     */
    UploadResult upload(ContentSource source, String expectedSha256, String remotePath) {
        requireNonNull(source, "source cannot be null");
        requireNonNull(expectedSha256, "expectedSha256 cannot be null");
        requireNonNull(remotePath, "remotePath cannot be null");
        if (!SHA256.matcher(expectedSha256).matches()) {
            throw new IllegalArgumentException(
                    "expectedSha256 must be 64 lower-case hex digits, got '" + expectedSha256 + "'");
        }
        ensureOpen();
        if (sha256(remotePath).filter(expectedSha256::equals).isPresent()) {
            return UploadResult.SKIPPED;
        }
        // One temporary name per target: a transfer cut off by a crash of the operator is overwritten and renamed
        // by the next attempt instead of being left behind (the fleet runs one workflow per host at a time).
        String temp = remotePath + TEMP_SUFFIX;
        try {
            long sent = send(source, temp);
            Optional<String> written = sha256(temp);
            if (!written.filter(expectedSha256::equals).isPresent()) {
                throw new TransferFailedException(
                        host(),
                        "verification of " + temp + " failed: expected SHA-256 "
                                + expectedSha256 + ", found " + written.orElse("no file")
                                + " (the local file changed during the transfer, or expectedSha256 is wrong)",
                        null);
            }
            CommandResult moved = conn.exec(conn.files().replaceWire(temp, remotePath, conn.shell()));
            if (!moved.succeeded()) {
                throw new TransferFailedException(
                        host(),
                        "renaming " + temp + " to " + remotePath + " failed with exit status " + moved.exitStatus()
                                + ": " + moved.stderr().strip(),
                        null);
            }
            return new UploadResult(true, sent);
        } catch (RuntimeException e) {
            removeQuietly(temp);
            if (e instanceof TransferFailedException) {
                throw e;
            }
            if (e instanceof RemoteAccessException rae && !rae.retryable()) {
                throw e;
            }
            throw new TransferFailedException(
                    host(), "uploading " + remotePath + " failed: " + MinaSshConnector.describe(e), e);
        }
    }

    /**
     * Streams the content to {@code temp} over SFTP (writes pipelined by MINA's asynchronous SFTP output stream).
     * The content is not hashed locally: the remote verification against {@code expectedSha256} that follows
     * catches a wrong hash or a local file that changed during the transfer, and hashing twice costs CPU.
     */
    private long send(ContentSource source, String temp) {
        int bufferSize = conn.settings().sftpWriteBufferSize();
        long sent = 0;
        try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(conn.session());
                OutputStream out = sftp.write(
                        SftpPaths.toSftp(temp),
                        bufferSize,
                        SftpClient.OpenMode.Write,
                        SftpClient.OpenMode.Create,
                        SftpClient.OpenMode.Truncate)) {
            if (out instanceof SftpOutputStreamAsync async) {
                // Reads straight into pooled SSH packet buffers: no intermediate copy.
                sent = source.sendTo(async);
            } else {
                try (InputStream in = source.open()) {
                    byte[] buf = new byte[bufferSize];
                    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                        out.write(buf, 0, n);
                        sent += n;
                    }
                }
            }
        } catch (IOException e) {
            throw new TransferFailedException(
                    host(), "writing " + temp + " failed after " + sent + " bytes: " + MinaSshConnector.describe(e), e);
        }
        return sent;
    }

    private void removeQuietly(String temp) {
        if (!conn.isOpen()) {
            LOG.debug("cannot remove {} on {}: connection closed", temp, host());
            return;
        }
        try {
            CommandResult r = conn.exec(conn.files().removeWire(temp, conn.shell()));
            if (!r.succeeded()) {
                LOG.debug("removing {} on {} failed with exit status {}", temp, host(), r.exitStatus());
            }
        } catch (RuntimeException e) {
            LOG.debug("removing {} on {} failed", temp, host(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private String host() {
        return conn.endpoint().hostId();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this RemoteHost handle for " + conn.endpoint() + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }

    @Override
    public String toString() {
        return "RemoteHost[" + conn.endpoint() + ", " + conn.shell() + "]";
    }
}
