package io.wmco.domain.instance;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * RFC 1123 name checks as Kubernetes applies them to object names.
 *
 * <ul>
 *   <li>A <em>label</em> holds 1 to 63 characters: lower-case ASCII letters, digits and {@code -}, starting and
 *       ending with a letter or digit.</li>
 *   <li>A <em>subdomain</em> holds 1 to 253 characters: one or more labels joined by {@code .}.</li>
 * </ul>
 *
 * <p>The checks are case-sensitive, as Kubernetes' are; callers that accept DNS names in any case lower-case them
 * first. Each {@code problem...} method returns a sentence describing the first problem found, or empty when
 * the name is valid. Thread-safe; no state.
 */
public final class Rfc1123 {
    private Rfc1123() {}

    /** Longest RFC 1123 label. */
    public static final int MAX_LABEL_LENGTH = 63;
    /** Longest RFC 1123 subdomain (a DNS name without the trailing dot). */
    public static final int MAX_SUBDOMAIN_LENGTH = 253;

    /** Whether {@code name} is an RFC 1123 label. */
    public static boolean isLabel(String name) {
        return labelProblem(name).isEmpty();
    }

    /** Whether {@code name} is an RFC 1123 subdomain. */
    public static boolean isSubdomain(String name) {
        return subdomainProblem(name).isEmpty();
    }

    /** Why {@code name} is not an RFC 1123 label, or empty when it is one. */
    public static Optional<String> labelProblem(String name) {
        requireNonNull(name, "name cannot be null");
        if (name.isEmpty()) {
            return Optional.of("is empty");
        }
        if (name.length() > MAX_LABEL_LENGTH) {
            return Optional.of("has " + name.length() + " characters, more than the " + MAX_LABEL_LENGTH
                    + " an RFC 1123 label may hold");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isLowerAlnum(c) && c != '-') {
                return Optional.of(
                        "holds " + describe(c) + "; only lower-case letters a-z, digits 0-9 and '-' are allowed");
            }
        }
        if (name.charAt(0) == '-' || name.charAt(name.length() - 1) == '-') {
            return Optional.of("starts or ends with '-'; it must start and end with a letter or digit");
        }
        return Optional.empty();
    }

    /** Why {@code name} is not an RFC 1123 subdomain, or empty when it is one. */
    public static Optional<String> subdomainProblem(String name) {
        requireNonNull(name, "name cannot be null");
        if (name.isEmpty()) {
            return Optional.of("is empty");
        }
        if (name.length() > MAX_SUBDOMAIN_LENGTH) {
            return Optional.of("has " + name.length() + " characters, more than the " + MAX_SUBDOMAIN_LENGTH
                    + " a DNS name may hold");
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty()) {
                return Optional.of("has an empty label (two dots in a row, or a leading dot)");
            }
            Optional<String> problem = labelProblem(label);
            if (problem.isPresent()) {
                return Optional.of("label '" + label + "' " + problem.get());
            }
        }
        return Optional.empty();
    }

    private static boolean isLowerAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    static String describe(char c) {
        if (c < 0x20 || c == 0x7f) {
            return String.format("the control character U+%04X", (int) c);
        }
        if (c == ' ') {
            return "a space";
        }
        if (c > 0x7e) {
            return String.format("the non-ASCII character U+%04X", (int) c);
        }
        return "'" + c + "'";
    }
}
