package io.wmco.domain.tls;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A TLS protocol version, with the name OpenShift's {@code minTLSVersion} uses ({@code VersionTLS12}) and the
 * standard protocol name Java's TLS stack uses ({@code TLSv1.2}). Ordered from oldest to newest.
 */
public enum TlsVersion {
    TLS_1_0("VersionTLS10", "TLSv1"),
    TLS_1_1("VersionTLS11", "TLSv1.1"),
    TLS_1_2("VersionTLS12", "TLSv1.2"),
    TLS_1_3("VersionTLS13", "TLSv1.3");

    private final String openshiftName;
    private final String protocolName;

    TlsVersion(String openshiftName, String protocolName) {
        this.openshiftName = openshiftName;
        this.protocolName = protocolName;
    }

    /** The value of {@code minTLSVersion} in an OpenShift TLS profile, e.g. {@code VersionTLS13}. */
    public String openshiftName() {
        return openshiftName;
    }

    /** The standard protocol name, e.g. {@code TLSv1.3}. */
    public String protocolName() {
        return protocolName;
    }

    /** The version an OpenShift {@code minTLSVersion} value names; empty for anything else. */
    public static Optional<TlsVersion> fromOpenShift(String value) {
        requireNonNull(value, "value cannot be null");
        for (TlsVersion v : values()) {
            if (v.openshiftName.equals(value.strip())) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
