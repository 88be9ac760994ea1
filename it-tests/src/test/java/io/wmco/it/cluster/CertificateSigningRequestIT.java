package io.wmco.it.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CertificatesV1Api;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestCondition;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestSpec;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.wmco.it.support.ClusterFixture;
import io.wmco.it.support.Pki;
import io.wmco.it.support.TestCluster;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CertificateSigningRequestIT {

    private final TestCluster cluster = ClusterFixture.shared();
    private final CertificatesV1Api api = new CertificatesV1Api(cluster.adminClient());
    private final String node = "wmco-it-win-" + UUID.randomUUID().toString().substring(0, 8);
    private final String name = "csr-" + node;

    @AfterEach
    void deleteCsr() throws ApiException {
        try {
            api.deleteCertificateSigningRequest(name).execute();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    @Test
    void approvesKubeletClientCsrThroughApprovalSubresource() throws ApiException {
        V1CertificateSigningRequest created =
                api.createCertificateSigningRequest(kubeletClientCsr()).execute();

        approve(created);

        V1CertificateSigningRequest read =
                api.readCertificateSigningRequest(name).execute();
        assertTrue(
                read.getStatus().getConditions().stream()
                        .anyMatch(c -> "Approved".equals(c.getType()) && "True".equals(c.getStatus())),
                read.getStatus().toString());
    }

    @Test
    void signsApprovedKubeletClientCsrWithClusterCa() throws Exception {
        assumeTrue(cluster.signsCertificates(), "this cluster does not sign CSRs (no kube-controller-manager)");
        approve(api.createCertificateSigningRequest(kubeletClientCsr()).execute());

        byte[] pem = await("certificate of " + name)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            V1CertificateSigningRequestStatus status = api.readCertificateSigningRequest(name)
                                    .execute()
                                    .getStatus();
                            return status == null ? null : status.getCertificate();
                        },
                        certificate -> certificate != null && certificate.length > 0);

        X509Certificate issued = (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
        assertTrue(
                issued.getSubjectX500Principal().getName().contains("CN=system:node:" + node),
                issued.getSubjectX500Principal().getName());
        if (TestCluster.KUBE_APISERVER.equals(cluster.kind())) {
            X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(cluster.caCertificatePem()));
            issued.verify(ca.getPublicKey());
            assertEquals(ca.getSubjectX500Principal(), issued.getIssuerX500Principal());
        }
    }

    private V1CertificateSigningRequest kubeletClientCsr() {
        String request = Pki.certificateRequestPem("O=system:nodes,CN=system:node:" + node, Pki.newKeyPair());
        return new V1CertificateSigningRequest()
                .metadata(new V1ObjectMeta().name(name))
                .spec(new V1CertificateSigningRequestSpec()
                        .signerName("kubernetes.io/kube-apiserver-client-kubelet")
                        .usages(List.of("digital signature", "client auth"))
                        .request(request.getBytes(UTF_8)));
    }

    private void approve(V1CertificateSigningRequest csr) throws ApiException {
        csr.status(new V1CertificateSigningRequestStatus()
                .addConditionsItem(new V1CertificateSigningRequestCondition()
                        .type("Approved")
                        .status("True")
                        .reason("WmcoItApproved")
                        .message("approved by the smoke test")));
        api.replaceCertificateSigningRequestApproval(name, csr).execute();
    }
}
