package io.wmco.adapter.ssh;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Immutable settings of {@link MinaSshConnector}, built once at start-up.
 *
 * @param connectTimeout TCP connect plus key exchange; also bounds the shell probe that ends connecting
 * @param authTimeout public-key authentication
 * @param commandTimeout longest a single command may run before the call fails with a retryable error
 * @param keepAliveInterval interval of SSH keep-alive requests on open connections
 * @param idleCloseTimeout an unused pooled connection is closed after this long
 * @param maxStderrBytes how many trailing bytes of a command's stderr are kept
 * @param sftpWriteBufferSize bytes per SFTP write request (requests are pipelined). OpenSSH, including Win32-OpenSSH,
 *     accepts up to 261120 ({@code limits@openssh.com} max-write-length); large requests halve the CPU the server
 *     spends per byte compared with 32 KiB ones
 * @param dialect commands used for remote file operations
 */
public record SshSettings(
        Duration connectTimeout,
        Duration authTimeout,
        Duration commandTimeout,
        Duration keepAliveInterval,
        Duration idleCloseTimeout,
        int maxStderrBytes,
        int sftpWriteBufferSize,
        RemoteFileDialect dialect) {

    /** The largest SFTP write OpenSSH servers accept (their {@code limits@openssh.com} max-write-length). */
    public static final int MAX_SFTP_WRITE = 261_120;

    public SshSettings {
        positive(connectTimeout, "connectTimeout");
        positive(authTimeout, "authTimeout");
        positive(commandTimeout, "commandTimeout");
        positive(keepAliveInterval, "keepAliveInterval");
        positive(idleCloseTimeout, "idleCloseTimeout");
        requireNonNull(dialect, "dialect cannot be null");
        if (maxStderrBytes < 256) {
            throw new IllegalArgumentException("maxStderrBytes must be at least 256, got " + maxStderrBytes);
        }
        if (sftpWriteBufferSize < 4096 || sftpWriteBufferSize > MAX_SFTP_WRITE) {
            throw new IllegalArgumentException("sftpWriteBufferSize must be 4096.." + MAX_SFTP_WRITE + " (the largest "
                    + "write OpenSSH accepts), got " + sftpWriteBufferSize);
        }
    }

    private static void positive(Duration d, String name) {
        requireNonNull(d, name + " cannot be null");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    /** Production defaults for Windows hosts. */
    public static SshSettings defaults() {
        return new SshSettings(
                Duration.ofSeconds(20),
                Duration.ofSeconds(20),
                Duration.ofMinutes(10),
                Duration.ofSeconds(30),
                Duration.ofMinutes(2),
                16 * 1024,
                MAX_SFTP_WRITE,
                RemoteFileDialect.WINDOWS);
    }

    public SshSettings withDialect(RemoteFileDialect d) {
        return new SshSettings(
                connectTimeout,
                authTimeout,
                commandTimeout,
                keepAliveInterval,
                idleCloseTimeout,
                maxStderrBytes,
                sftpWriteBufferSize,
                d);
    }

    public SshSettings withCommandTimeout(Duration d) {
        return new SshSettings(
                connectTimeout,
                authTimeout,
                d,
                keepAliveInterval,
                idleCloseTimeout,
                maxStderrBytes,
                sftpWriteBufferSize,
                dialect);
    }

    public SshSettings withConnectTimeout(Duration d) {
        return new SshSettings(
                d,
                authTimeout,
                commandTimeout,
                keepAliveInterval,
                idleCloseTimeout,
                maxStderrBytes,
                sftpWriteBufferSize,
                dialect);
    }

    public SshSettings withIdleCloseTimeout(Duration d) {
        return new SshSettings(
                connectTimeout,
                authTimeout,
                commandTimeout,
                keepAliveInterval,
                d,
                maxStderrBytes,
                sftpWriteBufferSize,
                dialect);
    }

    public SshSettings withMaxStderrBytes(int n) {
        return new SshSettings(
                connectTimeout,
                authTimeout,
                commandTimeout,
                keepAliveInterval,
                idleCloseTimeout,
                n,
                sftpWriteBufferSize,
                dialect);
    }

    public SshSettings withSftpWriteBufferSize(int n) {
        return new SshSettings(
                connectTimeout,
                authTimeout,
                commandTimeout,
                keepAliveInterval,
                idleCloseTimeout,
                maxStderrBytes,
                n,
                dialect);
    }
}
