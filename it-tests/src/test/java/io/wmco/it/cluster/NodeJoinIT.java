package io.wmco.it.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CertificatesV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestCondition;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestSpec;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.Config;
import io.kubernetes.client.util.PatchUtils;
import io.wmco.it.support.ClusterFixture;
import io.wmco.it.support.Pki;
import io.wmco.it.support.TestCluster;
import java.io.StringReader;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A kubelet's identity end to end: CSR approved by an administrator, signed by the cluster, then used
 * as {@code system:node:<name>} under the Node authorizer and the NodeRestriction admission plugin.
 */
class NodeJoinIT {

    private final TestCluster cluster = ClusterFixture.shared();
    private final CoreV1Api adminCore = new CoreV1Api(cluster.adminClient());
    private final CertificatesV1Api adminCertificates = new CertificatesV1Api(cluster.adminClient());
    private final String node = "wmco-it-join-" + UUID.randomUUID().toString().substring(0, 8);
    private final String other = node + "-other";

    @AfterEach
    void cleanUp() throws ApiException {
        for (String name : List.of(node, other)) {
            try {
                adminCore.deleteNode(name).execute();
            } catch (ApiException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
        try {
            adminCertificates.deleteCertificateSigningRequest(node).execute();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    @Test
    void signedKubeletCertificateRegistersOwnNodeButCannotTouchOthers() throws Exception {
        assumeTrue(cluster.signsCertificates(), "this cluster does not sign CSRs");
        assumeTrue(
                TestCluster.KUBE_APISERVER.equals(cluster.kind()),
                "Node authorization and NodeRestriction are configured by the fixture only on the local kube-apiserver");
        KeyPair keys = Pki.newKeyPair();
        V1CertificateSigningRequest csr = adminCertificates
                .createCertificateSigningRequest(new V1CertificateSigningRequest()
                        .metadata(new V1ObjectMeta().name(node))
                        .spec(new V1CertificateSigningRequestSpec()
                                .signerName("kubernetes.io/kube-apiserver-client-kubelet")
                                .usages(List.of("digital signature", "client auth"))
                                .request(Pki.certificateRequestPem("O=system:nodes,CN=system:node:" + node, keys)
                                        .getBytes(UTF_8))))
                .execute();
        csr.status(new V1CertificateSigningRequestStatus()
                .addConditionsItem(new V1CertificateSigningRequestCondition()
                        .type("Approved")
                        .status("True")
                        .reason("WmcoItApproved")
                        .message("node join smoke test")));
        adminCertificates.replaceCertificateSigningRequestApproval(node, csr).execute();
        byte[] certificate = await("certificate of " + node)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            V1CertificateSigningRequestStatus status = adminCertificates
                                    .readCertificateSigningRequest(node)
                                    .execute()
                                    .getStatus();
                            return status == null ? null : status.getCertificate();
                        },
                        c -> c != null && c.length > 0);
        CoreV1Api kubelet = new CoreV1Api(kubeletClient(certificate, keys));
        adminCore
                .createNode(new V1Node().metadata(new V1ObjectMeta().name(other)))
                .execute();

        kubelet.createNode(new V1Node().metadata(new V1ObjectMeta().name(node))).execute();
        // A merge patch of the status only: the node lifecycle controller may add its not-ready taint right
        // after the create, and a replace carrying the older taints is refused ("not allowed to modify taints").
        ApiClient kubeletApi = kubelet.getApiClient();
        PatchUtils.patch(
                V1Node.class,
                () -> kubelet.patchNodeStatus(
                                node,
                                new V1Patch(
                                        "{\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"10.0.0.31\"}]}}"))
                        .buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                kubeletApi);

        assertEquals(
                "10.0.0.31",
                adminCore
                        .readNode(node)
                        .execute()
                        .getStatus()
                        .getAddresses()
                        .get(0)
                        .getAddress());
        ApiException forbidden =
                assertThrows(ApiException.class, () -> kubelet.deleteNode(other).execute());
        assertEquals(403, forbidden.getCode(), "a node must not delete another node");
    }

    private ApiClient kubeletClient(byte[] certificatePem, KeyPair keys) throws Exception {
        Base64.Encoder b64 = Base64.getEncoder();
        String kubeconfig = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: kubelet
          user:
            client-certificate-data: %s
            client-key-data: %s
        contexts:
        - name: c
          context:
            cluster: c
            user: kubelet
        current-context: c
        """.formatted(
                        cluster.apiServerUrl(),
                        b64.encodeToString(cluster.caCertificatePem()),
                        b64.encodeToString(certificatePem),
                        b64.encodeToString(Pki.privateKeyPem(keys.getPrivate()).getBytes(UTF_8)));
        return Config.fromConfig(new StringReader(kubeconfig));
    }
}
