package io.wmco.domain.tls;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How the operator's metrics listener speaks TLS: the protocol versions and cipher suites (standard names, in order
 * of preference) decided from the cluster's TLS security profile, with what had to be dropped or assumed.
 *
 * <p>The rules ({@link #decide}):
 *
 * <ul>
 *   <li>No profile (the API is absent, as on plain Kubernetes, or {@code tlsSecurityProfile} is not set): the
 *       {@code Intermediate} profile, OpenShift's own default.
 *   <li>{@code Old}, {@code Intermediate}, {@code Modern}: OpenShift's definitions of those profiles (minimum
 *       TLS 1.0, 1.2 and 1.3).
 *   <li>{@code Custom}: its ciphers and {@code minTLSVersion}; without a {@code custom} block, {@code Intermediate};
 *       an unknown or missing {@code minTLSVersion} means TLS 1.2.
 *   <li>Any other type: {@code Intermediate}, with a note.
 *   <li>Cipher names this operator does not know are dropped and listed in {@link #ignoredCiphers()}.
 *   <li>Versions run from the minimum up to TLS 1.3. When TLS 1.3 is allowed but the list names none of its
 *       suites, the TLS 1.3 suites are added (TLS 1.3 cannot be negotiated without one; the cluster's Go
 *       components do not let TLS 1.3 suites be configured either).
 * </ul>
 *
 * <p>The JDK may still refuse some of these (its {@code jdk.tls.disabledAlgorithms} turns off TLS 1.0, 1.1 and
 * triple DES by default); the app intersects with what the running JDK offers.
 *
 * @param profile the profile in force, for logs: {@code Modern}, {@code Custom}, {@code Intermediate (default)}
 * @param minVersion the oldest protocol version accepted
 * @param protocols standard protocol names, oldest first ({@code TLSv1.2}, {@code TLSv1.3})
 * @param cipherSuites standard suite names in the profile's order
 * @param ignoredCiphers names from the profile that were dropped because they are not known
 * @param notes what was assumed (default profile, unknown type, missing version), one sentence each
 */
public record ServingTls(
        String profile,
        TlsVersion minVersion,
        List<String> protocols,
        List<String> cipherSuites,
        List<String> ignoredCiphers,
        List<String> notes) {

    static final List<String> MODERN_CIPHERS =
            List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    static final List<String> INTERMEDIATE_CIPHERS = Stream.concat(
                    MODERN_CIPHERS.stream(),
                    Stream.of(
                            "ECDHE-ECDSA-AES128-GCM-SHA256",
                            "ECDHE-RSA-AES128-GCM-SHA256",
                            "ECDHE-ECDSA-AES256-GCM-SHA384",
                            "ECDHE-RSA-AES256-GCM-SHA384",
                            "ECDHE-ECDSA-CHACHA20-POLY1305",
                            "ECDHE-RSA-CHACHA20-POLY1305",
                            "DHE-RSA-AES128-GCM-SHA256",
                            "DHE-RSA-AES256-GCM-SHA384"))
            .toList();

    static final List<String> OLD_CIPHERS = Stream.concat(
                    INTERMEDIATE_CIPHERS.stream(),
                    Stream.of(
                            "DHE-RSA-CHACHA20-POLY1305",
                            "ECDHE-ECDSA-AES128-SHA256",
                            "ECDHE-RSA-AES128-SHA256",
                            "ECDHE-ECDSA-AES128-SHA",
                            "ECDHE-RSA-AES128-SHA",
                            "ECDHE-ECDSA-AES256-SHA384",
                            "ECDHE-RSA-AES256-SHA384",
                            "ECDHE-ECDSA-AES256-SHA",
                            "ECDHE-RSA-AES256-SHA",
                            "DHE-RSA-AES128-SHA256",
                            "DHE-RSA-AES256-SHA256",
                            "AES128-GCM-SHA256",
                            "AES256-GCM-SHA384",
                            "AES128-SHA256",
                            "AES256-SHA256",
                            "AES128-SHA",
                            "AES256-SHA",
                            "DES-CBC3-SHA"))
            .toList();

    public ServingTls {
        requireNonNull(profile, "profile cannot be null");
        requireNonNull(minVersion, "minVersion cannot be null");
        protocols = List.copyOf(requireNonNull(protocols, "protocols cannot be null"));
        cipherSuites = List.copyOf(requireNonNull(cipherSuites, "cipherSuites cannot be null"));
        ignoredCiphers = List.copyOf(requireNonNull(ignoredCiphers, "ignoredCiphers cannot be null"));
        notes = List.copyOf(requireNonNull(notes, "notes cannot be null"));
    }

    /**
     * Decides the listener's TLS settings from the cluster's profile.
     *
     * @param profile {@code spec.tlsSecurityProfile} of {@code apiservers.config.openshift.io/cluster}; empty when
     *     the API, the object or the field is absent
     */
    public static ServingTls decide(Optional<TlsSecurityProfile> profile) {
        requireNonNull(profile, "profile cannot be null");
        List<String> notes = new ArrayList<>();
        if (profile.isEmpty() || profile.get().type().isBlank()) {
            notes.add("no TLS security profile is set on the cluster: using Intermediate, OpenShift's default");
            return build("Intermediate (default)", INTERMEDIATE_CIPHERS, TlsVersion.TLS_1_2, notes);
        }
        TlsSecurityProfile p = profile.get();
        String type = p.type().strip();
        switch (type) {
            case "Old":
                return build(type, OLD_CIPHERS, TlsVersion.TLS_1_0, notes);
            case "Intermediate":
                return build(type, INTERMEDIATE_CIPHERS, TlsVersion.TLS_1_2, notes);
            case "Modern":
                return build(type, MODERN_CIPHERS, TlsVersion.TLS_1_3, notes);
            case "Custom":
                if (!p.customPresent()) {
                    notes.add("the Custom TLS profile has no custom block: using Intermediate");
                    return build(
                            "Intermediate (Custom without settings)", INTERMEDIATE_CIPHERS, TlsVersion.TLS_1_2, notes);
                }
                String raw = p.customMinTlsVersion().orElse("");
                TlsVersion min = TlsVersion.fromOpenShift(raw).orElseGet(() -> {
                    notes.add("the Custom TLS profile's minTLSVersion \"" + raw
                            + "\" is not one of VersionTLS10, VersionTLS11, VersionTLS12, VersionTLS13: using"
                            + " VersionTLS12");
                    return TlsVersion.TLS_1_2;
                });
                return build(type, p.customCiphers(), min, notes);
            default:
                notes.add("unknown TLS profile type \"" + type
                        + "\" (expected Old, Intermediate, Modern or Custom): using Intermediate");
                return build(
                        "Intermediate (unknown type " + type + ")", INTERMEDIATE_CIPHERS, TlsVersion.TLS_1_2, notes);
        }
    }

    private static ServingTls build(String name, List<String> ciphers, TlsVersion min, List<String> notes) {
        Set<String> suites = new LinkedHashSet<>();
        List<String> ignored = new ArrayList<>();
        for (String c : ciphers) {
            Optional<String> standard = CipherNames.standardName(c);
            if (standard.isPresent()) {
                suites.add(standard.get());
            } else {
                ignored.add(c);
            }
        }
        if (suites.stream().noneMatch(CipherNames.TLS13::contains)) {
            suites.addAll(MODERN_CIPHERS);
            notes.add("the profile names no TLS 1.3 cipher suite: the TLS 1.3 suites are enabled");
        }
        List<String> protocols = new ArrayList<>();
        for (TlsVersion v : TlsVersion.values()) {
            if (v.compareTo(min) >= 0) {
                protocols.add(v.protocolName());
            }
        }
        return new ServingTls(name, min, protocols, List.copyOf(suites), ignored, notes);
    }
}
