package io.wmco.domain.instance;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Windows account the operator logs in as over SSH, and the one set of rules every entry point (the
 * {@code windows-instances} ConfigMap, the platform's default user, the {@code wmco} CLI) applies to it.
 *
 * <p>Accepted forms: {@code name} (a local or domain account) or {@code DOMAIN\name} (a NetBIOS domain and an
 * account). The rules follow Windows' own for logon names, checked in this order so that the first sentence an
 * administrator reads names the real problem:
 * <ol>
 *   <li>the value is not empty;</li>
 *   <li>no character is a control character, a line break, or one of {@value #FORBIDDEN} (the first {@code \}
 *       excepted: it separates domain and name); the first such character is reported, before any length;</li>
 *   <li>no leading or trailing space;</li>
 *   <li>{@code DOMAIN} holds 1 to {@value #MAX_DOMAIN_LENGTH} characters (the NetBIOS limit) and {@code name} 1 to
 *       {@value #MAX_NAME_LENGTH} (the SAM account name limit);</li>
 *   <li>neither consists of dots and spaces only.</li>
 * </ol>
 * Characters Windows does allow, such as {@code ' & $ ( ) % ! `} and non-ASCII letters, are accepted: every
 * command that uses a user name must quote it with {@link io.wmco.domain.remote.Quoting}, and text meant for an
 * administrator to copy shows such a name only as a placeholder (see {@link #isPlain()}).
 *
 * <p>Problem sentences name the offending character and its position, never the value. {@link #toString()} does
 * not return the name either: user names must not reach logs or events in plain text (the node annotation carries
 * them encrypted, see {@code io.wmco.domain.access.UsernameCipher}); use {@link #value()} where the name itself is
 * needed. Immutable and thread-safe.
 *
 * @param value the user name as given
 */
public record Username(String value) {
    /** Longest account name Windows accepts (SAM account name). */
    public static final int MAX_NAME_LENGTH = 20;
    /** Longest NetBIOS domain name. */
    public static final int MAX_DOMAIN_LENGTH = 15;
    /** Characters Windows refuses in logon names (besides control characters). */
    public static final String FORBIDDEN = "\"/\\[]:;|=,+*?<>@";

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public Username {
        requireNonNull(value, "value cannot be null");
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("username " + problem.get());
        }
    }

    /**
     * Why {@code value} is not an acceptable user name, or empty when it is one. The sentence follows the word
     * "username" (e.g. {@code "username " + problem}), names the fix and quotes the offending character, never the
     * whole value.
     */
    public static Optional<String> problem(String value) {
        requireNonNull(value, "value cannot be null");
        if (value.isEmpty()) {
            return Optional.of("is empty; give the Windows account to log in as, e.g. username=Administrator");
        }
        int separator = value.indexOf('\\');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (i != separator && (c < 0x20 || c == 0x7f || FORBIDDEN.indexOf(c) >= 0)) {
                return Optional.of("holds " + Rfc1123.describe(c) + " at character " + (i + 1)
                        + ", which Windows does not allow in user names (forbidden: control characters and "
                        + FORBIDDEN + "; a single \\ may separate DOMAIN\\name)");
            }
        }
        if (value.strip().length() != value.length()) {
            return Optional.of("has leading or trailing whitespace; remove it");
        }
        if (separator >= 0) {
            return part("a domain", value.substring(0, separator), MAX_DOMAIN_LENGTH, "NetBIOS")
                    .or(() -> part("an account name", value.substring(separator + 1), MAX_NAME_LENGTH, "Windows"));
        }
        return part("an account name", value, MAX_NAME_LENGTH, "Windows");
    }

    private static Optional<String> part(String what, String s, int max, String authority) {
        if (s.isEmpty()) {
            return Optional.of(
                    "has an empty " + what.substring(what.indexOf(' ') + 1) + "; write it as name or DOMAIN\\name");
        }
        if (s.length() > max) {
            return Optional.of(
                    "has " + what + " of " + s.length() + " characters; " + authority + " allows at most " + max);
        }
        if (s.chars().allMatch(c -> c == '.' || c == ' ')) {
            return Optional.of("has " + what + " made of dots and spaces only, which Windows does not allow");
        }
        return Optional.empty();
    }

    /**
     * Whether the name holds only ASCII letters, digits and {@code . _ -}, starting with a letter or digit: such a
     * name may be shown inside a command or path an administrator is told to run or open. Any other accepted name
     * (a {@code DOMAIN\name} too) is shown as a placeholder there, because pasted unquoted into a shell part of it
     * would be interpreted.
     */
    public boolean isPlain() {
        return PLAIN.matcher(value).matches();
    }

    /** Never the name: user names stay out of logs, events and exception messages. */
    @Override
    public String toString() {
        return "Username[redacted]";
    }
}
