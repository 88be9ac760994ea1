package io.wmco.ports.remote;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The private key the operator authenticates with, as the bytes of the {@code cloud-private-key} Secret
 * (PEM PKCS#1 or PKCS#8, or OpenSSH format). {@link #toString()} never reveals the key.
 */
public final class SshCredentials {
    private final byte[] privateKey;

    public SshCredentials(byte[] privateKey) {
        requireNonNull(privateKey, "privateKey cannot be null");
        if (privateKey.length == 0) {
            throw new IllegalArgumentException("privateKey cannot be empty");
        }
        this.privateKey = privateKey.clone();
    }

    public static SshCredentials ofPem(String pem) {
        return new SshCredentials(requireNonNull(pem, "pem cannot be null").getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of the key bytes. */
    public byte[] privateKey() {
        return privateKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SshCredentials other && Arrays.equals(privateKey, other.privateKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(privateKey);
    }

    @Override
    public String toString() {
        return "SshCredentials[private key redacted]";
    }
}
