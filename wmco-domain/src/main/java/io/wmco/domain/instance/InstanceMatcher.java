package io.wmco.domain.instance;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.node.NodeAddress;
import io.wmco.domain.node.NodeSnapshot;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pure rules tying instances to nodes and to the names their kubelets may request certificates for.
 *
 * <p>A node belongs to an instance when one of its {@code InternalIP} addresses equals one of the instance's
 * IPv4 addresses, or when its name equals one of the instance's reverse-DNS names or (for a DNS-name address)
 * the name itself. Names compare without case and without a trailing dot. Thread-safe; no state.
 */
public final class InstanceMatcher {
    private InstanceMatcher() {}

    /** The IPv4 addresses of an instance: its own address when IPv4, else the resolved ones. */
    public static Set<String> ipv4s(WindowsInstance instance, ResolvedAddress resolved) {
        requireNonNull(instance, "instance cannot be null");
        return ipv4s(instance.address(), resolved);
    }

    /** The IPv4 addresses of an instance address: the address itself when IPv4, else the resolved ones. */
    public static Set<String> ipv4s(InstanceAddress address, ResolvedAddress resolved) {
        requireNonNull(address, "address cannot be null");
        requireNonNull(resolved, "resolved cannot be null");
        Set<String> ips = new LinkedHashSet<>();
        if (address.isIpv4()) {
            ips.add(address.value());
        }
        ips.addAll(resolved.ipv4s());
        return ips;
    }

    /**
     * The node names that belong to an instance: its reverse-DNS names, its DNS-name address, and the hostname it
     * reported over SSH when known. All lower-case, without a trailing dot.
     */
    public static Set<String> knownNames(
            WindowsInstance instance, ResolvedAddress resolved, Optional<String> reportedHostname) {
        requireNonNull(instance, "instance cannot be null");
        return knownNames(instance.address(), resolved, reportedHostname);
    }

    /** As {@link #knownNames(WindowsInstance, ResolvedAddress, Optional)}, for an address. */
    public static Set<String> knownNames(
            InstanceAddress address, ResolvedAddress resolved, Optional<String> reportedHostname) {
        requireNonNull(address, "address cannot be null");
        requireNonNull(resolved, "resolved cannot be null");
        requireNonNull(reportedHostname, "reportedHostname cannot be null");
        Set<String> names = new LinkedHashSet<>(resolved.reverseNames());
        if (!address.isIpv4()) {
            names.add(address.value());
        }
        reportedHostname
                .map(ResolvedAddress::normalizeName)
                .filter(s -> !s.isEmpty())
                .ifPresent(names::add);
        return names;
    }

    /** Whether {@code node} belongs to {@code instance}. */
    public static boolean matches(WindowsInstance instance, ResolvedAddress resolved, NodeSnapshot node) {
        requireNonNull(instance, "instance cannot be null");
        return matches(instance.address(), resolved, node);
    }

    /** Whether {@code node} belongs to the instance at {@code address}. */
    public static boolean matches(InstanceAddress address, ResolvedAddress resolved, NodeSnapshot node) {
        requireNonNull(node, "node cannot be null");
        Set<String> ips = ipv4s(address, resolved);
        for (NodeAddress a : node.addresses()) {
            if (a.type().equals(NodeAddress.INTERNAL_IP) && ips.contains(a.address())) {
                return true;
            }
        }
        return knownNames(address, resolved, Optional.empty()).contains(ResolvedAddress.normalizeName(node.name()));
    }

    /**
     * The node of an instance among {@code nodes}: the first match by IP, else the first by name, nodes taken in
     * name order so that the answer does not depend on list order.
     */
    public static Optional<NodeSnapshot> findNode(
            WindowsInstance instance, ResolvedAddress resolved, List<NodeSnapshot> nodes) {
        requireNonNull(nodes, "nodes cannot be null");
        Set<String> ips = ipv4s(instance, resolved);
        List<NodeSnapshot> sorted =
                nodes.stream().sorted(Comparator.comparing(NodeSnapshot::name)).toList();
        Optional<NodeSnapshot> byIp = sorted.stream()
                .filter(n -> n.addresses().stream()
                        .anyMatch(a -> a.type().equals(NodeAddress.INTERNAL_IP) && ips.contains(a.address())))
                .findFirst();
        if (byIp.isPresent()) {
            return byIp;
        }
        Set<String> names = knownNames(instance, resolved, Optional.empty());
        return sorted.stream()
                .filter(n -> names.contains(ResolvedAddress.normalizeName(n.name())))
                .findFirst();
    }

    /**
     * Why a hostname reported by an instance cannot become a node name, or empty when it can: it must be an RFC
     * 1123 label (Windows hostnames are reported in upper case; the kubelet lower-cases them, so this check is on
     * the lower-cased form).
     */
    public static Optional<String> hostnameProblem(String hostname) {
        requireNonNull(hostname, "hostname cannot be null");
        return Rfc1123.labelProblem(hostname.toLowerCase(java.util.Locale.ROOT))
                .map(p -> "hostname '" + hostname + "' " + p + "; rename the Windows computer to an RFC 1123 label"
                        + " (letters, digits and '-', at most 63 characters)");
    }
}
