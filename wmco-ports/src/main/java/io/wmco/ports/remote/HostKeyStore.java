package io.wmco.ports.remote;

import java.util.Optional;

/**
 * Remembers each host's key fingerprint after the first successful connection (trust on first use).
 * Thread-safe.
 */
public interface HostKeyStore {

    /** The fingerprint pinned for {@code hostId} ({@link HostEndpoint#hostId()}), if any. */
    Optional<String> pinned(String hostId);

    /** Pins a fingerprint; replaces any earlier pin. Idempotent. */
    void pin(String hostId, String fingerprint);

    /** Forgets a host's pin (a host was rebuilt, or its node deleted). Idempotent. */
    void forget(String hostId);

    /**
     * What an administrator does to make the operator trust a host's new key after a deliberate reinstall, as a
     * clause for messages, e.g. {@code "restart the operator"}. Says how for this store.
     */
    String howToForget();
}
