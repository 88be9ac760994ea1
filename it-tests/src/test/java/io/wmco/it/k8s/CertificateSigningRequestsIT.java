package io.wmco.it.k8s;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CertificatesV1Api;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestCondition;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.wmco.adapter.k8s.KubernetesCluster;
import io.wmco.domain.csr.CsrFacts;
import io.wmco.ports.cluster.CertificateSigningRequests;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CSR facts parsed from real requests, and approval through the approval subresource of a real API server. */
class CertificateSigningRequestsIT {
    private static KubernetesCluster cluster;
    private static CertificatesV1Api api;

    @BeforeAll
    static void start() throws ApiException {
        String namespace = K8sIt.unique("wmco-it-csr");
        K8sIt.ensureNamespace(namespace);
        api = new CertificatesV1Api(K8sIt.admin());
        cluster = K8sIt.startedCluster(namespace);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String create(String node, byte[] request) throws ApiException {
        String name = K8sIt.unique("csr-" + node);
        api.createCertificateSigningRequest(new V1CertificateSigningRequest()
                        .metadata(new V1ObjectMeta().name(name))
                        .spec(new V1CertificateSigningRequestSpec()
                                .signerName("kubernetes.io/kube-apiserver-client-kubelet")
                                .usages(List.of("digital signature", "client auth"))
                                .request(request)))
                .execute();
        return name;
    }

    @Test
    void pendingCsrIsParsedThenApprovedOnceThroughTheSubresource() throws Exception {
        CertificateSigningRequests csrs = cluster.certificateSigningRequests();
        String node = K8sIt.unique("win");
        String name = create(
                node,
                ItCsrs.request(
                        "system:node:" + node,
                        List.of("system:nodes"),
                        List.of(node + ".example.com"),
                        List.of("10.1.2.3")));

        await().atMost(K8sIt.CHANGE)
                .until(() -> csrs.pending().stream().anyMatch(f -> f.name().equals(name)));
        CsrFacts facts = csrs.get(name).orElseThrow();
        assertEquals("system:node:" + node, facts.commonName());
        assertEquals(List.of("system:nodes"), facts.organizations());
        assertEquals(List.of(node + ".example.com"), facts.dnsNames());
        assertEquals(List.of("10.1.2.3"), facts.ipAddresses());
        assertEquals(Set.of("digital signature", "client auth"), facts.usages());
        assertEquals("kubernetes.io/kube-apiserver-client-kubelet", facts.signerName());
        assertFalse(facts.requesterUsername().isEmpty(), "the API server fills spec.username");
        assertTrue(facts.pending());

        assertTrue(csrs.approve(name, "WMCOApproved", "approved by the WMCO integration test"));
        assertTrue(csrs.approve(name, "WMCOApproved", "approved by the WMCO integration test"));

        List<V1CertificateSigningRequestCondition> conditions =
                api.readCertificateSigningRequest(name).execute().getStatus().getConditions();
        assertEquals(
                1,
                conditions.stream().filter(c -> "Approved".equals(c.getType())).count(),
                conditions.toString());
        assertEquals(
                "WMCOApproved",
                conditions.stream()
                        .filter(c -> "Approved".equals(c.getType()))
                        .findFirst()
                        .orElseThrow()
                        .getReason());
        await().atMost(K8sIt.CHANGE)
                .until(() -> csrs.get(name).map(f -> !f.pending()).orElse(false));
        assertTrue(csrs.pending().stream().noneMatch(f -> f.name().equals(name)));
        api.deleteCertificateSigningRequest(name).execute();
    }

    @Test
    void requestWithAnUnusualSubjectIsParsedAsItIs() throws Exception {
        // The API server refuses malformed PEM itself; unusual subjects still reach the rules verbatim.
        String node = K8sIt.unique("odd");
        String name = create(node, ItCsrs.request("not-a-node", List.of(), List.of(), List.of()));
        await().atMost(K8sIt.CHANGE)
                .until(() -> cluster.certificateSigningRequests().get(name).isPresent());
        CsrFacts facts = cluster.certificateSigningRequests().get(name).orElseThrow();
        assertEquals("not-a-node", facts.commonName());
        assertEquals(List.of(), facts.organizations());
        api.deleteCertificateSigningRequest(name).execute();
    }

    @Test
    void approvingAMissingCsrReportsFalse() {
        assertFalse(cluster.certificateSigningRequests().approve("wmco-it-no-such-csr", "R", "m"));
    }
}
