package io.wmco.domain.cluster;

/**
 * The range of Kubernetes minor versions (major 1) the operator supports, both ends included. Clusters newer
 * than the window are accepted only with an explicit override (community builds run on newer clusters before
 * the window is widened); older ones never are.
 *
 * @param minMinor lowest supported minor version of Kubernetes 1.x
 * @param maxMinor highest supported minor version of Kubernetes 1.x
 */
public record KubernetesVersionWindow(int minMinor, int maxMinor) {
    /** The window this build is tested against: 1.29 to 1.34. */
    public static final KubernetesVersionWindow DEFAULT = new KubernetesVersionWindow(29, 34);

    public KubernetesVersionWindow {
        if (minMinor < 0 || maxMinor < minMinor) {
            throw new IllegalArgumentException("window 1." + minMinor + "..1." + maxMinor + " is empty or negative");
        }
    }

    /** The outcome of checking a version against the window. */
    public sealed interface Check permits Supported, AllowedByOverride, Unsupported {
        /** Whether the operator may proceed with this version. */
        default boolean allowed() {
            return !(this instanceof Unsupported);
        }
    }

    /** Inside the window. */
    public record Supported(KubernetesVersion version) implements Check {}

    /** Newer than the window, accepted because the administrator set the override. */
    public record AllowedByOverride(KubernetesVersion version, String warning) implements Check {}

    /** Not usable; {@code reason} says why and how to fix it. */
    public record Unsupported(String reason) implements Check {}

    /**
     * Checks a server version.
     *
     * @param gitVersion the server's {@code gitVersion}, e.g. {@code v1.34.4}
     * @param allowNewer the administrator's override for versions above the window
     */
    public Check check(String gitVersion, boolean allowNewer) {
        KubernetesVersion v;
        try {
            v = KubernetesVersion.parse(gitVersion == null ? "" : gitVersion);
        } catch (IllegalArgumentException e) {
            return new Unsupported("cannot read the Kubernetes version: " + e.getMessage());
        }
        String range = "1." + minMinor + " to 1." + maxMinor;
        if (v.major() < 1 || (v.major() == 1 && v.minor() < minMinor)) {
            return new Unsupported(
                    "Kubernetes " + v + " is older than the supported range " + range + "; upgrade the cluster");
        }
        if (v.major() > 1 || v.minor() > maxMinor) {
            if (allowNewer) {
                return new AllowedByOverride(
                        v,
                        "Kubernetes " + v + " is newer than the supported range " + range
                                + "; proceeding because the override for newer versions is set");
            }
            return new Unsupported("Kubernetes " + v + " is newer than the supported range " + range
                    + "; use an operator release that supports it, or set the override for newer versions");
        }
        return new Supported(v);
    }
}
