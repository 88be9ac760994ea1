package io.wmco.domain.hostsettings;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One entry of an {@code ImageDigestMirrorSet} ({@code spec.imageDigestMirrors[]}) or {@code ImageTagMirrorSet}
 * ({@code spec.imageTagMirrors[]}) of {@code config.openshift.io/v1}, as written (checked by
 * {@link RegistryMirrors#render}).
 *
 * @param kind digest mirrors serve pulls by digest only; tag mirrors also resolve tags
 * @param setName the name of the mirror set the entry is in
 * @param entry the entry's position in its set, from 1
 * @param source the registry, or repository within it, that is mirrored: {@code host[:port][/path]}
 * @param mirrors the mirrors in the order to try, each {@code host[:port][/path]}
 * @param neverContactSource {@code mirrorSourcePolicy: NeverContactSource}: pulls never fall back to the source
 */
public record MirrorRule(
        Kind kind, String setName, int entry, String source, List<String> mirrors, boolean neverContactSource) {
    /** Which mirror set an entry comes from. */
    public enum Kind {
        DIGEST("ImageDigestMirrorSet"),
        TAG("ImageTagMirrorSet");

        private final String resourceKind;

        Kind(String resourceKind) {
            this.resourceKind = resourceKind;
        }

        /** The API kind, e.g. {@code ImageDigestMirrorSet}. */
        public String resourceKind() {
            return resourceKind;
        }
    }

    public MirrorRule {
        requireNonNull(kind, "kind cannot be null");
        requireNonNull(setName, "setName cannot be null");
        requireNonNull(source, "source cannot be null");
        mirrors = List.copyOf(requireNonNull(mirrors, "mirrors cannot be null"));
    }

    /** Where the entry comes from, for messages: e.g. {@code ImageDigestMirrorSet my-set entry 2}. */
    public String origin() {
        return kind.resourceKind() + " " + setName + " entry " + entry;
    }
}
