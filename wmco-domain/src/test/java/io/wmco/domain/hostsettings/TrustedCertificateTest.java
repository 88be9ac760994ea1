package io.wmco.domain.hostsettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedCertificateTest {

    @Test
    void thumbprintsAreTheSha1OfTheDerFormAsOpensslPrintsThem() {
        TrustedCertificate.Bundle b =
                TrustedCertificate.parseBundle("# cluster bundle\n" + TestCertificates.A + TestCertificates.B, "test");
        assertEquals(
                List.of(TestCertificates.A_THUMBPRINT, TestCertificates.B_THUMBPRINT),
                b.certificates().stream().map(TrustedCertificate::thumbprint).toList());
        assertEquals(List.of(), b.problems());
        assertEquals(TestCertificates.A, b.certificates().get(0).pem());
        assertEquals(
                TestCertificates.A_THUMBPRINT + ".crt", b.certificates().get(0).fileName());
    }

    @Test
    void aCertificateTwiceInTheBundleCountsOnce() {
        TrustedCertificate.Bundle b =
                TrustedCertificate.parseBundle(TestCertificates.A + TestCertificates.A.replace("\n", "\r\n"), "test");
        assertEquals(1, b.certificates().size());
    }

    @Test
    void anUnreadableBlockIsReportedByPositionAndTheOthersStillCount() {
        String broken = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n";
        TrustedCertificate.Bundle b = TrustedCertificate.parseBundle(
                TestCertificates.A + broken + TestCertificates.B, "ConfigMap ns/wmco-trusted-ca key ca-bundle.crt");
        assertEquals(2, b.certificates().size());
        assertEquals(1, b.problems().size());
        assertTrue(
                b.problems().get(0).startsWith("certificate 2 of ConfigMap ns/wmco-trusted-ca key ca-bundle.crt"),
                b.problems().get(0));
    }

    @Test
    void textWithoutAnyCertificateIsAProblemButAnEmptyBundleIsNot() {
        assertEquals(
                1, TrustedCertificate.parseBundle("hello", "test").problems().size());
        assertEquals(TrustedCertificate.Bundle.EMPTY, TrustedCertificate.parseBundle("\n", "test"));
    }
}
