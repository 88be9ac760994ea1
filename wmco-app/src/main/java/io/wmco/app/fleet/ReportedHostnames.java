package io.wmco.app.fleet;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Host names that instances reported over SSH while being configured, by instance address. The CSR approver
 * accepts a kubelet's name when it equals its instance's reported host name (the reference's fallback when reverse
 * DNS does not know the host). Kept in memory: a restarted operator re-learns them when it reconciles the
 * instances. Thread-safe.
 */
public final class ReportedHostnames {
    private final Map<String, String> byAddress = new ConcurrentHashMap<>();

    public void record(String address, String hostname) {
        byAddress.put(address, hostname);
    }

    public Optional<String> get(String address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    public void forget(String address) {
        byAddress.remove(address);
    }
}
