package io.wmco.adapter.ssh;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.remote.CommandResult;
import io.wmco.domain.remote.RemoteCommand;
import io.wmco.domain.remote.Shell;
import io.wmco.domain.remote.ShellWrapper;
import io.wmco.ports.remote.CommandFailedException;
import io.wmco.ports.remote.HostEndpoint;
import io.wmco.ports.remote.LocalFile;
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
import java.util.Set;
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
 *
 * <p>Over 300 lines: the raw and the packed upload share the skip check, the temporary names, the verification and
 * rename and the error mapping, which only stay consistent side by side.
 */
final class MinaRemoteHost implements RemoteHost {
    private static final Logger LOG = LoggerFactory.getLogger(MinaRemoteHost.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** Suffix of the temporary file an upload is written to before it is verified and renamed over its target. */
    static final String TEMP_SUFFIX = ".wmco-tmp";
    /** Suffix of the packed form sent for a target; one name per target, so an interrupted send is overwritten. */
    static final String PACKED_SUFFIX = ".wmco-tmp.tar.gz";
    /** Suffix of the directory a packed form is unpacked into beside its target; made afresh by every unpack. */
    static final String STAGING_SUFFIX = ".wmco-unpack";

    private final SshConnection conn;
    private final Runnable release;
    private final Set<String> hostsWithoutTar;
    private final Set<Path> unusablePackedForms;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param hostsWithoutTar host ids whose unpack found no tar, shared by every handle of the connector: they get
     *     raw transfers from then on
     * @param unusablePackedForms local packed forms that failed to unpack to their file's hash where the raw file then
     *     succeeded, shared by every handle of the connector: their files go raw from then on
     */
    MinaRemoteHost(SshConnection conn, Runnable release, Set<String> hostsWithoutTar, Set<Path> unusablePackedForms) {
        this.conn = conn;
        this.release = release;
        this.hostsWithoutTar = hostsWithoutTar;
        this.unusablePackedForms = unusablePackedForms;
    }

    /** What a packed attempt came to when it did not fail outright; {@code sent} counts the bytes it put on the wire. */
    private sealed interface Packed {
        long sent();

        /** Unpacked, verified and renamed over the target. */
        record Done(long sent) implements Packed {}

        /** The host has no tar: send the raw file. */
        record NoTar(long sent) implements Packed {}

        /** The archive did not unpack, or not to the expected hash: try the raw file, which decides who is at fault. */
        record Unusable(long sent, String why) implements Packed {}
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
    public UploadResult uploadIfChanged(LocalFile file, String expectedSha256, String remotePath) {
        requireNonNull(file, "file cannot be null");
        Path raw = readable(file.raw(), "file.raw()");
        Optional<Path> packed = file.packed().map(p -> readable(p, "file.packed()"));
        checkArguments(expectedSha256, remotePath);
        if (sha256(remotePath).filter(expectedSha256::equals).isPresent()) {
            return UploadResult.SKIPPED;
        }
        if (packed.isEmpty() || hostsWithoutTar.contains(host()) || unusablePackedForms.contains(packed.get())) {
            return transfer(ContentSource.file(raw), expectedSha256, remotePath);
        }
        String entry =
                io.wmco.domain.remote.FileCommands.entryName(raw.getFileName().toString());
        Packed outcome = uploadPacked(packed.get(), entry, expectedSha256, remotePath);
        if (outcome instanceof Packed.Done) {
            return new UploadResult(true, outcome.sent());
        }
        // The raw file follows in this call. When it then verifies, the packed form was at fault, not the host.
        UploadResult result = transfer(ContentSource.file(raw), expectedSha256, remotePath);
        if (outcome instanceof Packed.Unusable u && unusablePackedForms.add(packed.get())) {
            LOG.warn(
                    "the packed form {} of payload file {} is unusable ({}) while the file itself transferred and"
                            + " verified on host {}: this file is sent uncompressed from now on (about three times"
                            + " the bytes); rebuild the payload (scripts/build-payload.sh) or the operator image to"
                            + " get it compressed again",
                    packed.get(),
                    entry,
                    u.why(),
                    host());
        }
        return new UploadResult(true, result.bytesSent() + outcome.sent());
    }

    private static Path readable(Path file, String field) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(field + " must be a readable regular file: " + file);
        }
        return file;
    }

    @Override
    public UploadResult writeIfChanged(byte[] content, String remotePath) {
        requireNonNull(content, "content cannot be null");
        byte[] copy = content.clone();
        return upload(
                () -> new ByteArrayInputStream(copy), HexFormat.of().formatHex(sha256().digest(copy)), remotePath);
    }

    private void checkArguments(String expectedSha256, String remotePath) {
        requireNonNull(expectedSha256, "expectedSha256 cannot be null");
        requireNonNull(remotePath, "remotePath cannot be null");
        if (!SHA256.matcher(expectedSha256).matches()) {
            throw new IllegalArgumentException(
                    "expectedSha256 must be 64 lower-case hex digits, got '" + expectedSha256 + "'");
        }
        ensureOpen();
    }

    /**
     * Makes {@code remotePath} hold the content of {@code source} unless it already has {@code expectedSha256}:
     * streams to a temporary name beside the target, verifies its remote hash, then renames it over the target.
     */
    UploadResult upload(ContentSource source, String expectedSha256, String remotePath) {
        requireNonNull(source, "source cannot be null");
        checkArguments(expectedSha256, remotePath);
        if (sha256(remotePath).filter(expectedSha256::equals).isPresent()) {
            return UploadResult.SKIPPED;
        }
        return transfer(source, expectedSha256, remotePath);
    }

    private UploadResult transfer(ContentSource source, String expectedSha256, String remotePath) {
        // One temporary name per target: a transfer cut off by a crash of the operator is overwritten and renamed
        // by the next attempt instead of being left behind (the fleet runs one workflow per host at a time).
        String temp = remotePath + TEMP_SUFFIX;
        try {
            long sent = send(source, temp);
            verifyAndReplace(temp, sha256(temp), expectedSha256, remotePath);
            return new UploadResult(true, sent);
        } catch (RuntimeException e) {
            removeQuietly(temp);
            throw asTransferFailure(e, remotePath);
        }
    }

    /**
     * Sends the packed form to {@code <target>.wmco-tmp.tar.gz}, unpacks and hashes it in one command (through
     * {@code <target>.wmco-unpack}, to {@code <target>.wmco-tmp}), then renames it over the target as a raw
     * transfer does. The names are fixed per target, so an attempt cut off anywhere is overwritten by the next.
     *
     * @return what came of it; a failure of the connection or the rename is thrown as a transfer failure
     */
    private Packed uploadPacked(Path packed, String entry, String expectedSha256, String remotePath) {
        String archive = remotePath + PACKED_SUFFIX;
        String staging = remotePath + STAGING_SUFFIX;
        String temp = remotePath + TEMP_SUFFIX;
        try {
            long sent = send(ContentSource.file(packed), archive);
            CommandResult unpacked = conn.exec(conn.files().unpackWire(archive, staging, entry, temp, conn.shell()));
            var outcome = conn.files().parseUnpack(unpacked);
            if (outcome instanceof io.wmco.domain.remote.FileCommands.Unpack.TarMissing) {
                removeQuietly(archive);
                if (hostsWithoutTar.add(host())) {
                    LOG.warn(
                            "host {} has no %SystemRoot%\\System32\\tar.exe: payload files go to it uncompressed"
                                    + " from now on (about three times the bytes); use Windows Server 2019 or later,"
                                    + " whose image ships tar.exe, to get compressed transfers",
                            host());
                }
                return new Packed.NoTar(sent);
            }
            if (outcome instanceof io.wmco.domain.remote.FileCommands.Unpack.Failed f) {
                LOG.debug("unpacking {} on {} failed: {}", archive, host(), f.message());
                removeQuietly(temp);
                return new Packed.Unusable(sent, "tar could not unpack it: " + f.message());
            }
            String written = ((io.wmco.domain.remote.FileCommands.Unpack.Unpacked) outcome).sha256();
            if (!written.equals(expectedSha256)) {
                removeQuietly(temp);
                return new Packed.Unusable(
                        sent, "it unpacks to SHA-256 " + written + ", the payload manifest says " + expectedSha256);
            }
            verifyAndReplace(temp, Optional.of(written), expectedSha256, remotePath);
            return new Packed.Done(sent);
        } catch (RuntimeException e) {
            removeQuietly(temp);
            removeQuietly(archive);
            removeDirectoryQuietly(staging);
            throw asTransferFailure(e, remotePath);
        }
    }

    /** Requires the temporary file to have the expected hash, then renames it over the target. */
    private void verifyAndReplace(String temp, Optional<String> written, String expectedSha256, String remotePath) {
        if (!written.filter(expectedSha256::equals).isPresent()) {
            throw new TransferFailedException(
                    host(),
                    "verification of " + temp + " failed: expected SHA-256 "
                            + expectedSha256 + ", found " + written.orElse("no file")
                            + " (the local file changed during the transfer, its packed form is stale, or"
                            + " expectedSha256 is wrong)",
                    null);
        }
        CommandResult moved = conn.exec(conn.files().replaceWire(temp, remotePath, conn.shell()));
        if (!moved.succeeded()) {
            throw new TransferFailedException(
                    host(),
                    "renaming " + temp + " to " + remotePath + " failed with exit status " + moved.exitStatus() + ": "
                            + moved.stderr().strip(),
                    null);
        }
    }

    /** A transfer failure as the port promises it: retryable unless the connection itself was refused for good. */
    private RuntimeException asTransferFailure(RuntimeException e, String remotePath) {
        if (e instanceof TransferFailedException) {
            return e;
        }
        if (e instanceof RemoteAccessException rae && !rae.retryable()) {
            return e;
        }
        return new TransferFailedException(
                host(), "uploading " + remotePath + " failed: " + MinaSshConnector.describe(e), e);
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

    private void removeDirectoryQuietly(String dir) {
        if (!conn.isOpen()) {
            return;
        }
        try {
            conn.exec(conn.files().removeDirectoryWire(dir, conn.shell()));
        } catch (RuntimeException e) {
            LOG.debug("removing {} on {} failed", dir, host(), e);
        }
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
