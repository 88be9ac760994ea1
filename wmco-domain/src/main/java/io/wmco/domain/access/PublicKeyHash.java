package io.wmco.domain.access;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The value of the {@code windowsmachineconfig.openshift.io/pub-key-hash} node annotation: it tells which key
 * the operator authorized on a node, so that a key change can be detected.
 *
 * <p>Exactly what is hashed: the US-ASCII bytes of {@link AuthorizedKey#line()}, that is the key type, one space
 * and the base64 blob, with no comment, no options and no line break. The value is the SHA-256 digest of those
 * bytes in lower-case hex (64 characters). Immutable and thread-safe.
 *
 * @param value 64 lower-case hex digits
 */
public record PublicKeyHash(String value) {
    public PublicKeyHash {
        requireNonNull(value, "value cannot be null");
        if (!value.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("public key hash must be 64 lower-case hex digits");
        }
    }

    /** The hash of a public key. */
    public static PublicKeyHash of(AuthorizedKey key) {
        requireNonNull(key, "key cannot be null");
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha256.digest(key.line().getBytes(StandardCharsets.US_ASCII));
            return new PublicKeyHash(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256, which every Java platform must provide", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
