package io.wmco.domain.node;

import static java.util.Objects.requireNonNull;

/**
 * One entry of a node's {@code status.addresses}.
 *
 * @param type {@code InternalIP}, {@code ExternalIP}, {@code Hostname}, {@code InternalDNS} or {@code ExternalDNS}
 * @param address the address
 */
public record NodeAddress(String type, String address) {
    public static final String INTERNAL_IP = "InternalIP";
    public static final String HOSTNAME = "Hostname";

    public NodeAddress {
        requireNonNull(type, "type cannot be null");
        requireNonNull(address, "address cannot be null");
    }
}
