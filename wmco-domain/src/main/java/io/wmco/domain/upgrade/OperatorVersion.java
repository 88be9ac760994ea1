package io.wmco.domain.upgrade;

import static java.util.Objects.requireNonNull;

/**
 * The version of the running operator, as written to the {@code windowsmachineconfig.openshift.io/version}
 * annotation of every node it fully configured. Compared as an opaque string: any difference means the node was
 * configured by another build. Immutable and thread-safe.
 *
 * @param value non-blank, without whitespace or control characters
 */
public record OperatorVersion(String value) {
    public OperatorVersion {
        requireNonNull(value, "value cannot be null");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("operator version cannot be empty; set it from the build");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("operator version cannot hold whitespace or control characters");
            }
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
