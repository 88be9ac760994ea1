package io.wmco.domain.instance;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * What name resolution said about an instance address, gathered by an adapter so that matching stays pure.
 *
 * @param ipv4s the IPv4 addresses the address stands for: the address itself when it is IPv4, else the A records
 *     of the DNS name; empty when it did not resolve
 * @param reverseNames the PTR names of those addresses, lower-cased, without a trailing dot
 */
public record ResolvedAddress(List<String> ipv4s, List<String> reverseNames) {
    public ResolvedAddress {
        ipv4s = List.copyOf(requireNonNull(ipv4s, "ipv4s cannot be null"));
        reverseNames = requireNonNull(reverseNames, "reverseNames cannot be null").stream()
                .map(ResolvedAddress::normalizeName)
                .distinct()
                .toList();
    }

    /** Nothing resolved. */
    public static ResolvedAddress none() {
        return new ResolvedAddress(List.of(), List.of());
    }

    static String normalizeName(String name) {
        requireNonNull(name, "a reverse name cannot be null");
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
