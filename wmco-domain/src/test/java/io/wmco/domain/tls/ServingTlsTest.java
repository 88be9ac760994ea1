package io.wmco.domain.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServingTlsTest {

    static Stream<Arguments> profiles() {
        return Stream.of(
                Arguments.of(Optional.empty(), "TLSv1.2", 11),
                Arguments.of(Optional.of(TlsSecurityProfile.named("")), "TLSv1.2", 11),
                Arguments.of(Optional.of(TlsSecurityProfile.named("Old")), "TLSv1", 29),
                Arguments.of(Optional.of(TlsSecurityProfile.named("Intermediate")), "TLSv1.2", 11),
                Arguments.of(Optional.of(TlsSecurityProfile.named("Modern")), "TLSv1.3", 3),
                Arguments.of(Optional.of(TlsSecurityProfile.named("Fancy")), "TLSv1.2", 11),
                Arguments.of(
                        Optional.of(new TlsSecurityProfile("Custom", List.of(), Optional.empty(), false)),
                        "TLSv1.2",
                        11),
                Arguments.of(
                        Optional.of(TlsSecurityProfile.custom(
                                List.of("ECDHE-RSA-AES128-GCM-SHA256", "TLS_AES_256_GCM_SHA384"), "VersionTLS11")),
                        "TLSv1.1",
                        2));
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void eachProfileSetsTheOldestVersionAndItsSuites(Optional<TlsSecurityProfile> profile, String oldest, int suites) {
        ServingTls tls = ServingTls.decide(profile);
        assertEquals(oldest, tls.protocols().get(0), tls.toString());
        assertEquals("TLSv1.3", tls.protocols().get(tls.protocols().size() - 1));
        assertEquals(suites, tls.cipherSuites().size(), tls.cipherSuites().toString());
        assertEquals(List.of(), tls.ignoredCiphers());
    }

    @Test
    void modernIsTls13OnlyWithItsThreeSuites() {
        ServingTls tls = ServingTls.decide(Optional.of(TlsSecurityProfile.named("Modern")));
        assertEquals(List.of("TLSv1.3"), tls.protocols());
        assertEquals(TlsVersion.TLS_1_3, tls.minVersion());
        assertEquals(
                List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"),
                tls.cipherSuites());
        assertEquals(List.of(), tls.notes());
    }

    @Test
    void intermediateMapsOpenSslNamesToStandardOnesInOrder() {
        ServingTls tls = ServingTls.decide(Optional.of(TlsSecurityProfile.named("Intermediate")));
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), tls.protocols());
        assertEquals(
                List.of(
                        "TLS_AES_128_GCM_SHA256",
                        "TLS_AES_256_GCM_SHA384",
                        "TLS_CHACHA20_POLY1305_SHA256",
                        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                        "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
                        "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
                tls.cipherSuites());
    }

    @Test
    void oldReachesBackToTls10AndTripleDesInTheJdksSpelling() {
        ServingTls tls = ServingTls.decide(Optional.of(TlsSecurityProfile.named("Old")));
        assertEquals(List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"), tls.protocols());
        assertEquals(
                "SSL_RSA_WITH_3DES_EDE_CBC_SHA",
                tls.cipherSuites().get(tls.cipherSuites().size() - 1));
        assertTrue(
                tls.cipherSuites().contains("TLS_RSA_WITH_AES_128_CBC_SHA"),
                tls.cipherSuites().toString());
    }

    @Test
    void noProfileIsIntermediateAndSaysSo() {
        ServingTls tls = ServingTls.decide(Optional.empty());
        assertEquals("Intermediate (default)", tls.profile());
        assertEquals(
                ServingTls.decide(Optional.of(TlsSecurityProfile.named("Intermediate")))
                        .cipherSuites(),
                tls.cipherSuites());
        assertEquals(1, tls.notes().size(), tls.notes().toString());
    }

    @Test
    void unknownCipherNamesAreDroppedAndNamed() {
        ServingTls tls = ServingTls.decide(Optional.of(TlsSecurityProfile.custom(
                List.of("ECDHE-RSA-AES128-GCM-SHA256", "RC4-MD5", "TLS_FAKE_WITH_NOTHING", "TLS_AES_128_GCM_SHA256"),
                "VersionTLS12")));
        assertEquals(List.of("RC4-MD5", "TLS_FAKE_WITH_NOTHING"), tls.ignoredCiphers());
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256"), tls.cipherSuites());
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), tls.protocols());
    }

    @Test
    void aCustomListWithoutTls13SuitesStillAllowsTls13() {
        ServingTls tls = ServingTls.decide(
                Optional.of(TlsSecurityProfile.custom(List.of("ECDHE-ECDSA-AES256-GCM-SHA384"), "VersionTLS12")));
        assertEquals(
                List.of(
                        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                        "TLS_AES_128_GCM_SHA256",
                        "TLS_AES_256_GCM_SHA384",
                        "TLS_CHACHA20_POLY1305_SHA256"),
                tls.cipherSuites());
        assertEquals(1, tls.notes().size(), tls.notes().toString());
    }

    @Test
    void aCustomProfileWithABadVersionFallsBackToTls12() {
        ServingTls tls = ServingTls.decide(
                Optional.of(TlsSecurityProfile.custom(List.of("TLS_AES_128_GCM_SHA256"), "VersionTLS99")));
        assertEquals(TlsVersion.TLS_1_2, tls.minVersion());
        assertTrue(tls.notes().get(0).contains("VersionTLS99"), tls.notes().toString());
    }

    @Test
    void anUnknownTypeIsIntermediateWithANote() {
        ServingTls tls = ServingTls.decide(Optional.of(TlsSecurityProfile.named("Paranoid")));
        assertEquals(TlsVersion.TLS_1_2, tls.minVersion());
        assertTrue(tls.notes().get(0).contains("Paranoid"), tls.notes().toString());
    }
}
