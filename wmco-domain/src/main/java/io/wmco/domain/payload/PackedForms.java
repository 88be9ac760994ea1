package io.wmco.domain.payload;

import static java.util.Objects.requireNonNull;

/**
 * When a payload file is sent to a node as its packed form (a gzip-compressed tar holding the one file, made when the
 * payload is built and kept in {@value #DIRECTORY}/ beside it) instead of as itself. Packing costs the host an
 * unpack, so it is only worth it for files large enough to matter that shrink well: at least
 * {@value #MIN_RAW_BYTES} bytes raw and a packed form of at most {@value #MAX_RATIO} of that. Thread-safe; no state.
 */
public final class PackedForms {
    private PackedForms() {}

    /** The directory beside the payload files that holds their packed forms. */
    public static final String DIRECTORY = "packed";

    /** Suffix of a packed form: {@code packed/kubelet.exe.tar.gz}. */
    public static final String SUFFIX = ".tar.gz";

    /** Below this raw size (1 MiB) a file is sent as it is: the unpack round trip costs more than it saves. */
    public static final long MIN_RAW_BYTES = 1L << 20;

    /** A packed form larger than this fraction of the raw size is not worth unpacking. */
    public static final double MAX_RATIO = 0.9;

    /**
     * The path, relative to the payload directory, of the file beside a packed form that holds the lower-case hex
     * SHA-256 of the raw file it was made from: a packed form whose record differs from the manifest's hash is stale
     * (the file was replaced after the payload was built) and is not used.
     */
    public static String hashPath(String fileName) {
        return relativePath(fileName) + ".sha256";
    }

    /** The packed form's path relative to the payload directory. */
    public static String relativePath(String fileName) {
        requireNonNull(fileName, "fileName cannot be null");
        return DIRECTORY + "/" + fileName + SUFFIX;
    }

    /**
     * Whether a file of {@code rawBytes} is sent as its packed form of {@code packedBytes}.
     *
     * @throws IllegalArgumentException when a size is negative
     */
    public static boolean worthSending(long rawBytes, long packedBytes) {
        if (rawBytes < 0 || packedBytes < 0) {
            throw new IllegalArgumentException("sizes cannot be negative: raw " + rawBytes + ", packed " + packedBytes);
        }
        return rawBytes >= MIN_RAW_BYTES && packedBytes <= rawBytes * MAX_RATIO;
    }
}
