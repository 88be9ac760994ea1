package io.wmco.ports.remote;

/**
 * Reads the operator's private key (the bytes of the {@code cloud-private-key} Secret) and derives what other
 * parts of the system need from it without exposing the key itself.
 *
 * <p>Accepted formats: PEM RSA (PKCS#1 {@code BEGIN RSA PRIVATE KEY}), PEM PKCS#8 ({@code BEGIN PRIVATE KEY};
 * RSA, ECDSA or Ed25519), PEM EC ({@code BEGIN EC PRIVATE KEY}) and OpenSSH ({@code BEGIN OPENSSH PRIVATE KEY};
 * RSA, ECDSA, Ed25519). Keys protected by a passphrase are refused.
 *
 * <p>Thread-safe; no state.
 */
public interface KeyPairReader {

    /**
     * The public half of the key as an OpenSSH {@code authorized_keys} entry: {@code <type> <base64>}, with no
     * comment (for example {@code ssh-ed25519 AAAAC3...}). The user-data script of a Windows instance writes it to
     * {@code administrators_authorized_keys}.
     *
     * @param credentials the private key; never null
     * @return the entry, never null
     * @throws InvalidPrivateKeyException when the bytes are not a private key in an accepted format (not retryable)
     */
    String authorizedKeyLine(SshCredentials credentials);
}
