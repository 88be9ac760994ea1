package io.wmco.domain.access;

import static java.util.Objects.requireNonNull;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An OpenSSH public key as an {@code authorized_keys} entry without options or comment: {@code <type> <base64>}.
 *
 * <p>{@link #parse} accepts a line with an optional trailing comment and drops it. The base64 blob must decode
 * and must start with the same key type (the SSH wire format begins with the type as a length-prefixed string),
 * so a truncated or mismatched key is refused before it reaches a host. Immutable and thread-safe.
 *
 * @param type the key type, e.g. {@code ssh-ed25519}, {@code ssh-rsa}, {@code ecdsa-sha2-nistp256}
 * @param base64 the key blob in standard base64 with padding
 */
public record AuthorizedKey(String type, String base64) {
    public AuthorizedKey {
        requireNonNull(type, "type cannot be null");
        requireNonNull(base64, "base64 cannot be null");
        if (!type.matches("[a-z0-9][a-z0-9@.-]{0,63}")) {
            throw new IllegalArgumentException("public key type is not an OpenSSH key type such as ssh-ed25519; "
                    + "give the key as '<type> <base64>' from the .pub file");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "public key data is not valid base64; copy the key from the .pub file", e);
        }
        String embedded;
        try {
            ByteBuffer buf = ByteBuffer.wrap(blob);
            int len = buf.getInt();
            if (len < 0 || len > buf.remaining()) {
                throw new IllegalArgumentException(
                        "public key data is truncated; copy the whole key from the .pub file");
            }
            byte[] t = new byte[len];
            buf.get(t);
            embedded = new String(t, StandardCharsets.US_ASCII);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException(
                    "public key data is truncated; copy the whole key from the .pub file", e);
        }
        if (!embedded.equals(type)) {
            throw new IllegalArgumentException("public key data is of type '" + embedded + "' but the line says '"
                    + type + "'; copy the key line unchanged from the .pub file");
        }
    }

    /**
     * Parses {@code <type> <base64> [comment]}; leading and trailing whitespace is ignored, fields are separated
     * by spaces or tabs. Lines with options before the type are refused.
     *
     * @throws IllegalArgumentException naming the problem (never echoing the key)
     */
    public static AuthorizedKey parse(String line) {
        requireNonNull(line, "public key line cannot be null");
        String[] fields = line.strip().split("[ \\t]+", 3);
        if (fields.length < 2 || fields[0].isEmpty()) {
            throw new IllegalArgumentException("public key line must be '<type> <base64> [comment]' as in a .pub file");
        }
        return new AuthorizedKey(fields[0], fields[1]);
    }

    /** The entry as written to {@code authorized_keys} and as hashed: {@code <type> <base64>}. */
    public String line() {
        return type + " " + base64;
    }

    @Override
    public String toString() {
        return line();
    }
}
