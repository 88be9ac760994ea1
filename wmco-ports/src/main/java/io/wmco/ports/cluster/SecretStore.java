package io.wmco.ports.cluster;

import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes Secrets. Thread-safe. Implementations never log secret values.
 */
public interface SecretStore {

    /** The Secret's decoded {@code data}, or empty when it does not exist. */
    Optional<Map<String, byte[]>> data(String namespace, String name);

    /**
     * Creates an {@code Opaque} Secret or replaces its data and labels so they equal the given ones. Idempotent: no
     * write when already equal.
     *
     * @return true when something was written
     */
    default boolean apply(String namespace, String name, Map<String, byte[]> data, Map<String, String> labels) {
        return apply(namespace, name, "Opaque", data, labels);
    }

    /**
     * Like {@link #apply(String, String, Map, Map)} for a Secret of a given type (e.g.
     * {@code bootstrap.kubernetes.io/token}). A Secret's type cannot change: one of another type is replaced.
     *
     * @return true when something was written
     */
    boolean apply(String namespace, String name, String type, Map<String, byte[]> data, Map<String, String> labels);

    /** Deletes a Secret. Idempotent. */
    void delete(String namespace, String name);
}
