package io.wmco.adapter.ssh;

import static java.util.Objects.requireNonNull;

import io.wmco.ports.remote.HostKeyStore;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link HostKeyStore} that lives as long as the process: a restart of the operator forgets every pin (the next
 * connection to each host pins again). Thread-safe.
 */
public final class InMemoryHostKeyStore implements HostKeyStore {
    private final ConcurrentMap<String, String> pins = new ConcurrentHashMap<>();

    @Override
    public Optional<String> pinned(String hostId) {
        return Optional.ofNullable(pins.get(requireNonNull(hostId, "hostId cannot be null")));
    }

    @Override
    public void pin(String hostId, String fingerprint) {
        pins.put(
                requireNonNull(hostId, "hostId cannot be null"),
                requireNonNull(fingerprint, "fingerprint cannot be null"));
    }

    @Override
    public void forget(String hostId) {
        pins.remove(requireNonNull(hostId, "hostId cannot be null"));
    }

    @Override
    public String howToForget() {
        return "restart the operator (it keeps host-key pins in memory only)";
    }
}
