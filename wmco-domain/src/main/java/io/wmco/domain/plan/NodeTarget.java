package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.cluster.Ipv4Cidr;
import java.util.regex.Pattern;

/**
 * The instance a plan configures. The plain SSH user name is deliberately not part of it: the plan only carries
 * the encrypted value (see {@link NodeIdentity}).
 *
 * @param address the address the instance was listed under (IPv4 address or DNS name); nodes are found by it
 * @param ipv4 the instance's IPv4 address (used for {@code --node-ip} where the platform sets it)
 * @param nodeName the name the node registers with (lower case; the Machine name on rename platforms, the
 *     cloud's name on AWS, the hostname elsewhere)
 * @param byoh whether the instance comes from the {@code windows-instances} ConfigMap (gets the BYOH and worker
 *     labels)
 */
public record NodeTarget(String address, String ipv4, String nodeName, boolean byoh) {
    private static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    public NodeTarget {
        requireNonNull(address, "address cannot be null");
        requireNonNull(ipv4, "ipv4 cannot be null");
        requireNonNull(nodeName, "nodeName cannot be null");
        if (address.isBlank()) {
            throw new IllegalArgumentException("address cannot be blank");
        }
        if (!Ipv4Cidr.isIpv4Address(ipv4)) {
            throw new IllegalArgumentException("ipv4 '" + ipv4 + "' must be an IPv4 address such as 10.0.0.5");
        }
        if (nodeName.length() > 253 || !SUBDOMAIN.matcher(nodeName).matches()) {
            throw new IllegalArgumentException("nodeName '" + nodeName + "' must be an RFC 1123 subdomain: lower-case "
                    + "letters, digits, '-' and '.', at most 253 characters");
        }
    }
}
