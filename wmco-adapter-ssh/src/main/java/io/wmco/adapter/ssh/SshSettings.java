package io.wmco.adapter.ssh;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Immutable settings of {@link MinaSshConnector}, built once at start-up.
 *
 * @param connectTimeout TCP connect plus key exchange
 * @param authTimeout public-key authentication
 * @param commandTimeout longest a single command may run before the call fails with a retryable error
 * @param keepAliveInterval interval of SSH keep-alive requests on open connections
 * @param idleCloseTimeout an unused pooled connection is closed after this long
 * @param maxStderrBytes how many trailing bytes of a command's stderr are kept
 * @param sftpWriteBufferSize bytes per SFTP write request (pipelined); also the local read buffer
 * @param sftpReadBufferSize bytes per SFTP read request
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
        int sftpReadBufferSize,
        RemoteFileDialect dialect) {

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
        if (sftpWriteBufferSize < 4096 || sftpWriteBufferSize > 256 * 1024) {
            throw new IllegalArgumentException("sftpWriteBufferSize must be 4096..262144, got " + sftpWriteBufferSize);
        }
        if (sftpReadBufferSize < 4096 || sftpReadBufferSize > 256 * 1024) {
            throw new IllegalArgumentException("sftpReadBufferSize must be 4096..262144, got " + sftpReadBufferSize);
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
        return new SshSettings(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofMinutes(10),
                Duration.ofSeconds(30), Duration.ofMinutes(2), 16 * 1024, 64 * 1024, 64 * 1024,
                RemoteFileDialect.WINDOWS);
    }

    public SshSettings withDialect(RemoteFileDialect d) {
        return new SshSettings(connectTimeout, authTimeout, commandTimeout, keepAliveInterval, idleCloseTimeout,
                maxStderrBytes, sftpWriteBufferSize, sftpReadBufferSize, d);
    }

    public SshSettings withCommandTimeout(Duration d) {
        return new SshSettings(connectTimeout, authTimeout, d, keepAliveInterval, idleCloseTimeout,
                maxStderrBytes, sftpWriteBufferSize, sftpReadBufferSize, dialect);
    }

    public SshSettings withConnectTimeout(Duration d) {
        return new SshSettings(d, authTimeout, commandTimeout, keepAliveInterval, idleCloseTimeout,
                maxStderrBytes, sftpWriteBufferSize, sftpReadBufferSize, dialect);
    }

    public SshSettings withIdleCloseTimeout(Duration d) {
        return new SshSettings(connectTimeout, authTimeout, commandTimeout, keepAliveInterval, d,
                maxStderrBytes, sftpWriteBufferSize, sftpReadBufferSize, dialect);
    }

    public SshSettings withMaxStderrBytes(int n) {
        return new SshSettings(connectTimeout, authTimeout, commandTimeout, keepAliveInterval, idleCloseTimeout,
                n, sftpWriteBufferSize, sftpReadBufferSize, dialect);
    }

    public SshSettings withSftpWriteBufferSize(int n) {
        return new SshSettings(connectTimeout, authTimeout, commandTimeout, keepAliveInterval, idleCloseTimeout,
                maxStderrBytes, n, sftpReadBufferSize, dialect);
    }
}
