package io.wmco.adapter.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestCondition;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestSpec;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.wmco.domain.csr.CsrFacts;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CsrMappingTest {

    private static V1CertificateSigningRequest csr(String name, byte[] request) {
        return new V1CertificateSigningRequest()
                .metadata(new V1ObjectMeta().name(name))
                .spec(new V1CertificateSigningRequestSpec()
                        .request(request)
                        .signerName("kubernetes.io/kubelet-serving")
                        .usages(List.of("digital signature", "key encipherment", "server auth"))
                        .username("system:node:win-1")
                        .groups(List.of("system:nodes", "system:authenticated")));
    }

    @Test
    void parsesSubjectAndEverySanKind() throws Exception {
        byte[] pem = TestCsrs.pem(
                "system:node:win-1",
                List.of("system:nodes", "extra-org"),
                List.of("win-1.example.com"),
                List.of("admin@example.com"),
                List.of("10.0.0.5", "fd00::1"),
                List.of("spiffe://cluster/ns/x"));

        CsrFacts f = CsrMapping.toFacts(csr("csr-1", pem));

        assertEquals("csr-1", f.name());
        assertEquals("system:node:win-1", f.commonName());
        assertEquals(List.of("system:nodes", "extra-org"), f.organizations());
        assertEquals(List.of("win-1.example.com"), f.dnsNames());
        assertEquals(List.of("admin@example.com"), f.emailAddresses());
        assertEquals(List.of("10.0.0.5", "fd00:0:0:0:0:0:0:1"), f.ipAddresses());
        assertEquals(List.of("spiffe://cluster/ns/x"), f.uris());
        assertEquals("kubernetes.io/kubelet-serving", f.signerName());
        assertEquals(Set.of("digital signature", "key encipherment", "server auth"), f.usages());
        assertEquals("system:node:win-1", f.requesterUsername());
        assertEquals(List.of("system:nodes", "system:authenticated"), f.requesterGroups());
        assertTrue(f.pending());
    }

    @Test
    void clientRequestWithoutSansHasEmptyLists() throws Exception {
        byte[] pem =
                TestCsrs.pem("system:node:win-2", List.of("system:nodes"), List.of(), List.of(), List.of(), List.of());
        CsrFacts f = CsrMapping.toFacts(csr("csr-2", pem));
        assertEquals("system:node:win-2", f.commonName());
        assertEquals(List.of(), f.dnsNames());
        assertEquals(List.of(), f.ipAddresses());
    }

    @Test
    void unparsableRequestGivesEmptySubjectButKeepsSpec() {
        CsrFacts f = CsrMapping.toFacts(csr("junk", "not a pem at all".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("", f.commonName());
        assertEquals(List.of(), f.organizations());
        assertEquals(List.of(), f.dnsNames());
        assertEquals("system:node:win-1", f.requesterUsername());
        assertTrue(f.pending());
    }

    @Test
    void pemOfAnotherTypeIsNotARequest() {
        byte[] pem = ("-----BEGIN PUBLIC KEY-----\n"
                        + "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\n"
                        + "-----END PUBLIC KEY-----\n")
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals("", CsrMapping.toFacts(csr("pk", pem)).commonName());
    }

    @Test
    void approvedOrDeniedIsNotPending() {
        V1CertificateSigningRequest approved = csr("a", new byte[0])
                .status(new V1CertificateSigningRequestStatus()
                        .conditions(List.of(new V1CertificateSigningRequestCondition()
                                .type("Approved")
                                .status("True"))));
        V1CertificateSigningRequest denied = csr("d", new byte[0])
                .status(new V1CertificateSigningRequestStatus()
                        .conditions(List.of(new V1CertificateSigningRequestCondition()
                                .type("Denied")
                                .status("True"))));
        V1CertificateSigningRequest failedOnly = csr("f", new byte[0])
                .status(new V1CertificateSigningRequestStatus()
                        .conditions(List.of(new V1CertificateSigningRequestCondition()
                                .type("Failed")
                                .status("True"))));
        assertFalse(CsrMapping.isPending(approved));
        assertFalse(CsrMapping.isPending(denied));
        assertTrue(CsrMapping.isPending(failedOnly));
        assertTrue(CsrMapping.isPending(csr("n", new byte[0])));
    }

    @Test
    void approvalAddsOneApprovedCondition() {
        OffsetDateTime now = OffsetDateTime.parse("2026-11-24T20:00:00Z");
        V1CertificateSigningRequest c = KubeCertificateSigningRequests.withApproval(
                csr("x", new byte[0]), "WMCOApproved", "approved by WMCO", now);
        V1CertificateSigningRequestCondition cond =
                c.getStatus().getConditions().get(0);
        assertEquals("Approved", cond.getType());
        assertEquals("True", cond.getStatus());
        assertEquals("WMCOApproved", cond.getReason());
        assertEquals("approved by WMCO", cond.getMessage());
        assertEquals(now, cond.getLastUpdateTime());
        assertTrue(CsrMapping.hasCondition(c, "Approved"));
    }
}
