package io.wmco.domain.payload;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The identity of one payload file: its SHA-256 (lower-case hex), size in bytes, and where it came from.
 *
 * @param sha256 64 lower-case hex characters
 * @param size size in bytes, not negative
 * @param origin where the file came from
 * @param module the Go module it was built from, when built
 * @param version that module's version, when built
 */
public record PayloadFile(
        String sha256, long size, PayloadOrigin origin, Optional<String> module, Optional<String> version) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public PayloadFile {
        requireNonNull(sha256, "sha256 cannot be null");
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex characters, was '" + sha256 + "'");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size cannot be negative, was " + size);
        }
        requireNonNull(origin, "origin cannot be null");
        requireNonNull(module, "module cannot be null");
        requireNonNull(version, "version cannot be null");
    }

    /** A file the operator hashed itself, with no recorded origin. */
    public PayloadFile(String sha256, long size) {
        this(sha256, size, PayloadOrigin.UNRECORDED, Optional.empty(), Optional.empty());
    }
}
