package io.wmco.domain.payload;

import java.util.Locale;
import java.util.Optional;

/** Where a payload file came from, as the payload's manifest records it. */
public enum PayloadOrigin {
    /** Cross-compiled for windows/amd64 from a pinned module by the project's payload build. */
    BUILT,
    /** One of this project's own files (PowerShell module, containerd configuration). */
    REPOSITORY,
    /** Put in by an administrator (a file the payload build cannot make). */
    SUPPLIED,
    /** A labelled stand-in for tests: not a working binary. */
    STAND_IN,
    /** The directory had no manifest: the operator hashed the file itself and knows nothing of its origin. */
    UNRECORDED;

    /** The name used in the manifest, e.g. {@code stand-in}. */
    public String manifestName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The origin a manifest name stands for, or empty when unknown. */
    public static Optional<PayloadOrigin> parse(String manifestName) {
        for (PayloadOrigin o : values()) {
            if (o != UNRECORDED && o.manifestName().equals(manifestName)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
