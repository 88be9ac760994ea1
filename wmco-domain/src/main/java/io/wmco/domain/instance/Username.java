package io.wmco.domain.instance;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The Windows account the operator logs in as over SSH.
 *
 * <p>Accepted forms: {@code name} (a local or domain account) or {@code DOMAIN\name} (a NetBIOS domain and an
 * account). The rules follow Windows' own for logon names:
 * <ul>
 *   <li>{@code name} holds 1 to {@value #MAX_NAME_LENGTH} characters (the SAM account name limit);</li>
 *   <li>{@code DOMAIN} holds 1 to {@value #MAX_DOMAIN_LENGTH} characters (the NetBIOS limit);</li>
 *   <li>neither holds control characters, a line break, or any of {@code " / \ [ ] : ; | = , + * ? < > @}
 *       (the single {@code \} between domain and name excepted);</li>
 *   <li>neither consists of dots and spaces only, and the whole value has no leading or trailing space.</li>
 * </ul>
 * Characters Windows does allow, such as {@code ' & $ ( ) % ! `} and non-ASCII letters, are accepted: every
 * command that uses a user name must quote it with {@link io.wmco.domain.remote.Quoting}.
 *
 * <p>{@link #toString()} returns the plain name: user names are not secrets, but the node annotation carries
 * them encrypted (see {@code io.wmco.domain.access.UsernameCipher}). Immutable and thread-safe.
 *
 * @param value the user name as given
 */
public record Username(String value) {
    /** Longest account name Windows accepts (SAM account name). */
    public static final int MAX_NAME_LENGTH = 20;
    /** Longest NetBIOS domain name. */
    public static final int MAX_DOMAIN_LENGTH = 15;

    private static final String FORBIDDEN = "\"/\\[]:;|=,+*?<>@";

    public Username {
        requireNonNull(value, "value cannot be null");
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("username " + problem.get());
        }
    }

    /**
     * Why {@code value} is not an acceptable user name, or empty when it is one. The sentence names the fix and
     * quotes the offending character, never the whole value.
     */
    public static Optional<String> problem(String value) {
        requireNonNull(value, "value cannot be null");
        if (value.isEmpty()) {
            return Optional.of("is empty; give the Windows account to log in as, e.g. username=Administrator");
        }
        if (value.strip().length() != value.length()) {
            return Optional.of("has leading or trailing whitespace; remove it");
        }
        int slash = value.indexOf('\\');
        if (slash >= 0) {
            String domain = value.substring(0, slash);
            String name = value.substring(slash + 1);
            return part("domain", domain, MAX_DOMAIN_LENGTH).or(() -> part("account name", name, MAX_NAME_LENGTH));
        }
        return part("account name", value, MAX_NAME_LENGTH);
    }

    private static Optional<String> part(String what, String s, int max) {
        if (s.isEmpty()) {
            return Optional.of("has an empty " + what + "; write it as name or DOMAIN\\name");
        }
        if (s.length() > max) {
            return Optional.of("has a " + what + " of " + s.length() + " characters; Windows allows at most " + max);
        }
        boolean onlyDotsAndSpaces = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || FORBIDDEN.indexOf(c) >= 0) {
                return Optional.of("has a " + what + " holding " + Rfc1123.describe(c)
                        + ", which Windows does not allow in account names (forbidden: control characters and "
                        + FORBIDDEN + ")");
            }
            if (c != '.' && c != ' ') {
                onlyDotsAndSpaces = false;
            }
        }
        if (onlyDotsAndSpaces) {
            return Optional.of("has a " + what + " made of dots and spaces only, which Windows does not allow");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
