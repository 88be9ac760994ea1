package io.wmco.domain.instance;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * The address the operator reaches a Windows instance at: an IPv4 address in dotted-decimal form or a DNS
 * name (an RFC 1123 subdomain) that resolves to IPv4. IPv6 is not supported.
 *
 * <p>Values are canonical: DNS names are lower-cased and lose a trailing dot, so two spellings of the same name
 * are equal. IPv4 addresses must have exactly four decimal octets 0-255 without leading zeros (which some tools
 * read as octal). A name whose labels are all digits is neither, and is refused. Build one with {@link #parse};
 * the canonical constructor refuses non-canonical values. Immutable and thread-safe.
 *
 * @param value the canonical address
 * @param kind whether it is an IPv4 address or a DNS name
 */
public record InstanceAddress(String value, Kind kind) {

    /** What kind of address an instance has. */
    public enum Kind {
        IPV4,
        DNS_NAME
    }

    public InstanceAddress {
        requireNonNull(value, "value cannot be null");
        requireNonNull(kind, "kind cannot be null");
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("address '" + value + "' " + problem.get());
        }
        String canonical = canonical(value);
        if (!canonical.equals(value)) {
            throw new IllegalArgumentException("address '" + value + "' is not canonical; use InstanceAddress.parse");
        }
        if (kind != kindOf(value)) {
            throw new IllegalArgumentException("address '" + value + "' is not of kind " + kind);
        }
    }

    /**
     * Parses an address as an administrator writes it.
     *
     * @throws IllegalArgumentException with a sentence naming the problem and the fix
     */
    public static InstanceAddress parse(String raw) {
        requireNonNull(raw, "address cannot be null");
        Optional<String> problem = problem(raw);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("address '" + raw + "' " + problem.get());
        }
        String canonical = canonical(raw);
        return new InstanceAddress(canonical, kindOf(canonical));
    }

    /**
     * Why {@code raw} is not a usable instance address, or empty when it is one. The sentence starts with a
     * verb so that callers can prefix it with the address.
     */
    public static Optional<String> problem(String raw) {
        requireNonNull(raw, "address cannot be null");
        if (raw.isEmpty()) {
            return Optional.of("is empty; give an IPv4 address or a DNS name");
        }
        if (raw.indexOf(':') >= 0) {
            return Optional.of("looks like an IPv6 address, which is not supported; give the instance's IPv4 address "
                    + "or a DNS name that resolves to IPv4");
        }
        if (looksNumeric(raw)) {
            return ipv4Problem(raw)
                    .map(p -> p + "; write it as four decimal numbers 0-255 without leading zeros, " + "e.g. 10.0.0.5");
        }
        String name = stripTrailingDot(raw).toLowerCase(Locale.ROOT);
        return Rfc1123.subdomainProblem(name)
                .map(p -> "is not a valid DNS name: " + p
                        + "; give an IPv4 address or an RFC 1123 DNS name such as win-1.example.com");
    }

    /** Whether this is an IPv4 address. */
    public boolean isIpv4() {
        return kind == Kind.IPV4;
    }

    @Override
    public String toString() {
        return value;
    }

    private static String canonical(String raw) {
        if (looksNumeric(raw)) {
            return raw;
        }
        return stripTrailingDot(raw).toLowerCase(Locale.ROOT);
    }

    private static Kind kindOf(String canonical) {
        return looksNumeric(canonical) ? Kind.IPV4 : Kind.DNS_NAME;
    }

    private static String stripTrailingDot(String raw) {
        return raw.endsWith(".") ? raw.substring(0, raw.length() - 1) : raw;
    }

    /** Digits and dots only: meant as an IPv4 address (a DNS name may not be all-numeric either). */
    private static boolean looksNumeric(String raw) {
        String s = stripTrailingDot(raw);
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> ipv4Problem(String raw) {
        String[] octets = raw.split("\\.", -1);
        if (octets.length != 4) {
            return Optional.of("is not a valid IPv4 address: it has " + octets.length + " parts instead of 4");
        }
        for (String octet : octets) {
            if (octet.isEmpty()) {
                return Optional.of("is not a valid IPv4 address: it has an empty part");
            }
            if (octet.length() > 1 && octet.charAt(0) == '0') {
                return Optional.of("is not a valid IPv4 address: part '" + octet + "' has a leading zero");
            }
            if (octet.length() > 3 || Integer.parseInt(octet) > 255) {
                return Optional.of("is not a valid IPv4 address: part '" + octet + "' is above 255");
            }
        }
        return Optional.empty();
    }
}
