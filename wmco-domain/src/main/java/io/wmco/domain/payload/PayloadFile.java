package io.wmco.domain.payload;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * The identity of one payload file: its SHA-256 (lower-case hex) and size in bytes.
 *
 * @param sha256 64 lower-case hex characters
 * @param size size in bytes, not negative
 */
public record PayloadFile(String sha256, long size) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public PayloadFile {
        requireNonNull(sha256, "sha256 cannot be null");
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex characters, was '" + sha256 + "'");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size cannot be negative, was " + size);
        }
    }
}
