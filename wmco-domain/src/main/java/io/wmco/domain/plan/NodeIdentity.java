package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Values written to the node's annotations once it has registered.
 *
 * @param pubKeyHash SHA-256 (hex) of the authorized public key
 * @param encryptedUsername the SSH user name encrypted with the key derived from the private key
 * @param instanceKey the work-queue key of the instance (see {@code io.wmco.domain.fleet.InstanceKey}), recorded as
 *     {@link io.wmco.domain.node.MetadataKeys#INSTANCE_KEY_ANNOTATION} so that the node is handled under the same
 *     key for its whole life, also after its entry is gone; empty writes no such annotation
 */
public record NodeIdentity(String pubKeyHash, String encryptedUsername, Optional<String> instanceKey) {
    public NodeIdentity {
        requireNonNull(pubKeyHash, "pubKeyHash cannot be null");
        requireNonNull(encryptedUsername, "encryptedUsername cannot be null");
        requireNonNull(instanceKey, "instanceKey cannot be null");
        if (pubKeyHash.isBlank()) {
            throw new IllegalArgumentException(
                    "pubKeyHash cannot be blank (an empty hash marks a node for replacement)");
        }
        if (encryptedUsername.isBlank()) {
            throw new IllegalArgumentException("encryptedUsername cannot be blank");
        }
    }

    /** Without an instance key (plans shown by the CLI). */
    public NodeIdentity(String pubKeyHash, String encryptedUsername) {
        this(pubKeyHash, encryptedUsername, Optional.empty());
    }
}
