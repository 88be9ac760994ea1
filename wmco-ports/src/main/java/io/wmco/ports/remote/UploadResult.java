package io.wmco.ports.remote;

/**
 * The outcome of {@link RemoteHost#uploadIfChanged}.
 *
 * @param transferred false when the remote file already had the expected hash and nothing was sent
 * @param bytesSent number of content bytes written to the host (0 when skipped)
 */
public record UploadResult(boolean transferred, long bytesSent) {
    public static final UploadResult SKIPPED = new UploadResult(false, 0);
}
