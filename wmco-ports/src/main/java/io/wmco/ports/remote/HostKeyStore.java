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
}
