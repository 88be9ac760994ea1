package io.wmco.domain.cluster;

import static java.util.Objects.requireNonNull;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes server version as reported by {@code /version} {@code gitVersion}, e.g. {@code v1.34.4} or
 * OpenShift's {@code v1.31.6+a1b2c3d}. Only major, minor and patch are kept.
 *
 * @param major major version (1 for every Kubernetes so far)
 * @param minor minor version
 * @param patch patch version (0 when absent)
 */
public record KubernetesVersion(int major, int minor, int patch) implements Comparable<KubernetesVersion> {
    private static final Pattern FORM = Pattern.compile("v?(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,6}))?([-+].*)?");

    public KubernetesVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException(
                    "version numbers cannot be negative: " + major + "." + minor + "." + patch);
        }
    }

    /**
     * Parses {@code v1.34.4}, {@code 1.34}, {@code v1.31.6+abc} or {@code v1.32.0-rc.1}.
     *
     * @throws IllegalArgumentException naming the expected form when the text is none of those
     */
    public static KubernetesVersion parse(String text) {
        requireNonNull(text, "text cannot be null");
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a Kubernetes version: expected e.g. v1.34.4");
        }
        return new KubernetesVersion(
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    @Override
    public int compareTo(KubernetesVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c == 0 ? Integer.compare(patch, o.patch) : c;
    }

    @Override
    public String toString() {
        return "v" + major + "." + minor + "." + patch;
    }
}
