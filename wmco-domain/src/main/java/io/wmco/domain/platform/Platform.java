package io.wmco.domain.platform;

import java.util.Locale;
import java.util.Optional;

/** The infrastructure platforms the operator knows how to configure Windows nodes on. */
public enum Platform {
    AWS("AWS"),
    AZURE("Azure"),
    GCP("GCP"),
    VSPHERE("VSphere"),
    NUTANIX("Nutanix"),
    NONE("None");

    private final String openshiftName;

    Platform(String openshiftName) {
        this.openshiftName = openshiftName;
    }

    /** The spelling used in {@code infrastructures.config.openshift.io} {@code status.platformStatus.type}. */
    public String openshiftName() {
        return openshiftName;
    }

    /**
     * Parses a platform name as OpenShift spells it or as an administrator would type it (case-insensitive).
     *
     * @return the platform, or empty when the name is unknown (callers must report it, never guess)
     */
    public static Optional<Platform> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Platform p : values()) {
            if (p.openshiftName.toLowerCase(Locale.ROOT).equals(n)
                    || p.name().toLowerCase(Locale.ROOT).equals(n)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
