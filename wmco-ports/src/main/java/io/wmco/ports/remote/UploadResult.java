package io.wmco.ports.remote;

/**
 * The outcome of {@link RemoteHost#uploadIfChanged}.
 *
 * @param transferred false when the remote file already had the expected hash and nothing was sent
 * @param bytesSent content bytes written to the host: the packed form's size when it was sent packed, both sizes
 *     when an unpack found no tar and the raw file followed, 0 when skipped
 */
public record UploadResult(boolean transferred, long bytesSent) {
    public static final UploadResult SKIPPED = new UploadResult(false, 0);
}
