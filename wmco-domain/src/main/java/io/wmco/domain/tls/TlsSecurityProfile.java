package io.wmco.domain.tls;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A TLS security profile as {@code apiservers.config.openshift.io/cluster} holds it in
 * {@code spec.tlsSecurityProfile}: raw values, not yet checked ({@link ServingTls#decide} does that).
 *
 * @param type the {@code type} field as written ({@code Old}, {@code Intermediate}, {@code Modern},
 *     {@code Custom}); empty when the field is absent
 * @param customCiphers {@code custom.ciphers} in order (OpenSSL or IANA names); empty when absent
 * @param customMinTlsVersion {@code custom.minTLSVersion} (e.g. {@code VersionTLS12}); empty when absent
 * @param customPresent whether the {@code custom} block exists at all
 */
public record TlsSecurityProfile(
        String type, List<String> customCiphers, Optional<String> customMinTlsVersion, boolean customPresent) {

    public TlsSecurityProfile {
        requireNonNull(type, "type cannot be null");
        customCiphers = List.copyOf(requireNonNull(customCiphers, "customCiphers cannot be null"));
        requireNonNull(customMinTlsVersion, "customMinTlsVersion cannot be null");
    }

    /** One of the predefined profiles ({@code Old}, {@code Intermediate}, {@code Modern}). */
    public static TlsSecurityProfile named(String type) {
        return new TlsSecurityProfile(type, List.of(), Optional.empty(), false);
    }

    /** A {@code Custom} profile with its cipher list and minimum version. */
    public static TlsSecurityProfile custom(List<String> ciphers, String minTlsVersion) {
        return new TlsSecurityProfile("Custom", ciphers, Optional.of(minTlsVersion), true);
    }
}
