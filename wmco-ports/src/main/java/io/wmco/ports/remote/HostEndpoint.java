package io.wmco.ports.remote;

import static java.util.Objects.requireNonNull;

/**
 * Where and as whom to reach a host over SSH.
 *
 * @param address IPv4 address or DNS name
 * @param port SSH port (22 on Windows hosts; tests use ephemeral ports)
 * @param username the user the key is authorized for
 */
public record HostEndpoint(String address, int port, String username) {
    public HostEndpoint {
        requireNonNull(address, "address cannot be null");
        requireNonNull(username, "username cannot be null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
    }

    /** {@code address:port}, the identity used for host-key pinning and in messages. */
    public String hostId() {
        return address + ":" + port;
    }

    /** {@link #hostId()} only: user names stay out of logs and exception messages. */
    @Override
    public String toString() {
        return hostId();
    }
}
