package io.wmco.it.support;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CertificatesV1Api;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestCondition;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestSpec;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.Base64;
import java.util.List;

/**
 * Pieces of the local cluster's credentials: kubeconfig text with inline certificates, and the self-test that
 * proves kube-controller-manager signs kubelet client certificates. Stateless and thread-safe.
 */
final class ClusterCredentials {

    private ClusterCredentials() {}

    private static final String SELF_TEST_CSR = "wmco-it-signing-self-test";

    /** One poll of the signing self-test: creates and approves a kubelet client CSR, true once signed. */
    static boolean selfTestSigned(ApiClient client) throws ApiException {
        CertificatesV1Api api = new CertificatesV1Api(client);
        V1CertificateSigningRequest csr;
        try {
            csr = api.readCertificateSigningRequest(SELF_TEST_CSR).execute();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            String request =
                    Pki.certificateRequestPem("O=system:nodes,CN=system:node:wmco-it-self-test", Pki.newKeyPair());
            csr = api.createCertificateSigningRequest(new V1CertificateSigningRequest()
                            .metadata(new V1ObjectMeta().name(SELF_TEST_CSR))
                            .spec(new V1CertificateSigningRequestSpec()
                                    .signerName("kubernetes.io/kube-apiserver-client-kubelet")
                                    .usages(List.of("digital signature", "client auth"))
                                    .request(request.getBytes(UTF_8))))
                    .execute();
        }
        V1CertificateSigningRequestStatus status = csr.getStatus();
        boolean approved = status != null
                && status.getConditions() != null
                && status.getConditions().stream().anyMatch(c -> "Approved".equals(c.getType()));
        if (!approved) {
            csr.status(new V1CertificateSigningRequestStatus()
                    .addConditionsItem(new V1CertificateSigningRequestCondition()
                            .type("Approved")
                            .status("True")
                            .reason("WmcoItSelfTest")
                            .message("proves that the test cluster signs certificates")));
            api.replaceCertificateSigningRequestApproval(SELF_TEST_CSR, csr).execute();
            return false;
        }
        boolean signed = status.getCertificate() != null && status.getCertificate().length > 0;
        if (signed) {
            api.deleteCertificateSigningRequest(SELF_TEST_CSR).execute();
        }
        return signed;
    }

    static String kubeconfig(String server, String caPem, String clientCertPem, String clientKeyPem) {
        Base64.Encoder b64 = Base64.getEncoder();
        return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: wmco-it
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: wmco-it-admin
          user:
            client-certificate-data: %s
            client-key-data: %s
        contexts:
        - name: wmco-it
          context:
            cluster: wmco-it
            user: wmco-it-admin
        current-context: wmco-it
        """.formatted(
                        server,
                        b64.encodeToString(caPem.getBytes(UTF_8)),
                        b64.encodeToString(clientCertPem.getBytes(UTF_8)),
                        b64.encodeToString(clientKeyPem.getBytes(UTF_8)));
    }
}
