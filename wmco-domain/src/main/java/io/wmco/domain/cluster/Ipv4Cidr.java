package io.wmco.domain.cluster;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * An IPv4 network in CIDR notation, e.g. {@code 172.30.0.0/16}. Parsed without any name lookup: only dotted-quad
 * addresses with four decimal octets (no leading zeros, which some parsers read as octal) are accepted.
 *
 * <p>Host bits must be zero ({@code 10.0.0.1/8} is refused): a CIDR with host bits set is almost always a typo.
 *
 * @param network the network address as an unsigned 32-bit value held in an {@code int}
 * @param prefixLength 0 to 32
 */
public record Ipv4Cidr(int network, int prefixLength) {

    public Ipv4Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefixLength must be between 0 and 32, was " + prefixLength);
        }
        if ((network & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException("network " + formatAddress(network) + "/" + prefixLength
                    + " has host bits set; use " + formatAddress(network & mask(prefixLength)) + "/" + prefixLength);
        }
    }

    /**
     * Parses {@code a.b.c.d/n}.
     *
     * @throws IllegalArgumentException naming the problem when the text is not an IPv4 CIDR
     */
    public static Ipv4Cidr parse(String text) {
        requireNonNull(text, "text cannot be null");
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR: expected a.b.c.d/prefix");
        }
        if (text.indexOf(':') >= 0) {
            throw new IllegalArgumentException("'" + text + "' is an IPv6 CIDR; only IPv4 is supported");
        }
        int address = parseAddress(text.substring(0, slash))
                .orElseThrow(() -> new IllegalArgumentException(
                        "'" + text + "' is not a CIDR: '" + text.substring(0, slash) + "' is not an IPv4 address"));
        String prefix = text.substring(slash + 1);
        if (prefix.isEmpty()
                || prefix.length() > 2
                || !prefix.chars().allMatch(Character::isDigit)
                || (prefix.length() == 2 && prefix.charAt(0) == '0')) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR: prefix '" + prefix + "' must be 0..32");
        }
        int length = Integer.parseInt(prefix);
        if (length > 32) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR: prefix " + length + " must be 0..32");
        }
        return new Ipv4Cidr(address, length);
    }

    /** Like {@link #parse} but empty instead of an exception. */
    public static Optional<Ipv4Cidr> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses a dotted-quad IPv4 address ({@code 10.0.0.1}) into its 32-bit value.
     *
     * @return empty when the text is not exactly four decimal octets 0..255 without leading zeros
     */
    public static Optional<Integer> parseAddress(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        int value = 0;
        for (String p : parts) {
            if (p.isEmpty()
                    || p.length() > 3
                    || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                return Optional.empty();
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                return Optional.empty();
            }
            value = (value << 8) | octet;
        }
        return Optional.of(value);
    }

    /** Whether the text is a dotted-quad IPv4 address. */
    public static boolean isIpv4Address(String text) {
        return parseAddress(text).isPresent();
    }

    /** Formats a 32-bit value as a dotted quad. */
    public static String formatAddress(int address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }

    /** Number of addresses in the network (2^(32-prefix)). */
    public long size() {
        return 1L << (32 - prefixLength);
    }

    /**
     * The address {@code offset} places after the network address, e.g. offset 10 of {@code 172.30.0.0/16} is
     * {@code 172.30.0.10}.
     *
     * @throws IllegalArgumentException when the network is too small to hold that address
     */
    public String addressAt(long offset) {
        if (offset < 0 || offset >= size()) {
            throw new IllegalArgumentException(
                    "network " + this + " has " + size() + " addresses; offset " + offset + " is outside it");
        }
        return formatAddress((int) ((network & 0xffffffffL) + offset));
    }

    /** Whether the address (dotted quad) lies inside this network. */
    public boolean contains(String address) {
        return parseAddress(address)
                .map(a -> (a & mask(prefixLength)) == network)
                .orElse(false);
    }

    private static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    @Override
    public String toString() {
        return formatAddress(network) + "/" + prefixLength;
    }
}
