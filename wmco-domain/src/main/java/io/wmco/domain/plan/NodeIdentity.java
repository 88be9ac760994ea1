package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

/**
 * Values written to the node's annotations once it has registered.
 *
 * @param pubKeyHash SHA-256 (hex) of the authorized public key
 * @param encryptedUsername the SSH user name encrypted with the key derived from the private key
 */
public record NodeIdentity(String pubKeyHash, String encryptedUsername) {
    public NodeIdentity {
        requireNonNull(pubKeyHash, "pubKeyHash cannot be null");
        requireNonNull(encryptedUsername, "encryptedUsername cannot be null");
        if (pubKeyHash.isBlank()) {
            throw new IllegalArgumentException(
                    "pubKeyHash cannot be blank (an empty hash marks a node for replacement)");
        }
        if (encryptedUsername.isBlank()) {
            throw new IllegalArgumentException("encryptedUsername cannot be blank");
        }
    }
}
