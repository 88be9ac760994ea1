package io.wmco.it.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CertificatesV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import io.wmco.it.support.ClusterFixture;
import io.wmco.it.support.Pki;
import io.wmco.it.support.TestCluster;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The path a Windows kubelet takes to join: bootstrap token -> CSR for its client certificate. */
class BootstrapTokenIT {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TestCluster cluster = ClusterFixture.shared();
    private final CoreV1Api core = new CoreV1Api(cluster.adminClient());
    private final CertificatesV1Api certificates = new CertificatesV1Api(cluster.adminClient());
    private final String tokenId = random(6);
    private final String tokenSecret = random(16);
    private final String csrName = "wmco-it-bootstrap-" + tokenId;

    @AfterEach
    void cleanUp() throws ApiException {
        ignoreNotFound(() -> core.deleteNamespacedSecret("bootstrap-token-" + tokenId, "kube-system")
                .execute());
        ignoreNotFound(
                () -> certificates.deleteCertificateSigningRequest(csrName).execute());
    }

    @Test
    void bootstrapTokenAuthenticatesAsBootstrapperThatMayCreateCsr() throws ApiException {
        assumeTrue(
                TestCluster.KUBE_APISERVER.equals(cluster.kind()),
                "bootstrap token authentication is configured by the fixture only on the local kube-apiserver");
        core.createNamespacedSecret(
                        "kube-system",
                        new V1Secret()
                                .metadata(new V1ObjectMeta().name("bootstrap-token-" + tokenId))
                                .type("bootstrap.kubernetes.io/token")
                                .stringData(Map.of(
                                        "token-id",
                                        tokenId,
                                        "token-secret",
                                        tokenSecret,
                                        "usage-bootstrap-authentication",
                                        "true",
                                        "expiration",
                                        OffsetDateTime.now()
                                                .plusHours(1)
                                                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))))
                .execute();
        ApiClient bootstrap = new ClientBuilder()
                .setBasePath(cluster.apiServerUrl())
                .setCertificateAuthority(cluster.caCertificatePem())
                .setAuthentication(new AccessTokenAuthentication(tokenId + "." + tokenSecret))
                .build();

        String request =
                Pki.certificateRequestPem("O=system:nodes,CN=system:node:wmco-it-" + tokenId, Pki.newKeyPair());
        V1CertificateSigningRequest created = new CertificatesV1Api(bootstrap)
                .createCertificateSigningRequest(new V1CertificateSigningRequest()
                        .metadata(new V1ObjectMeta().name(csrName))
                        .spec(new V1CertificateSigningRequestSpec()
                                .signerName("kubernetes.io/kube-apiserver-client-kubelet")
                                .usages(List.of("digital signature", "client auth"))
                                .request(request.getBytes(UTF_8))))
                .execute();

        assertEquals("system:bootstrap:" + tokenId, created.getSpec().getUsername());
        assertTrue(
                created.getSpec().getGroups().contains("system:bootstrappers"),
                created.getSpec().getGroups().toString());
        ApiException forbidden = assertThrows(
                ApiException.class,
                () -> new CoreV1Api(bootstrap)
                        .listNamespacedSecret("kube-system")
                        .execute());
        assertEquals(403, forbidden.getCode(), "a bootstrap token must not be an administrator");
    }

    @Test
    void rejectsTokenWithWrongSecret() throws ApiException {
        assumeTrue(
                TestCluster.KUBE_APISERVER.equals(cluster.kind()),
                "bootstrap token authentication is configured by the fixture only on the local kube-apiserver");
        core.createNamespacedSecret(
                        "kube-system",
                        new V1Secret()
                                .metadata(new V1ObjectMeta().name("bootstrap-token-" + tokenId))
                                .type("bootstrap.kubernetes.io/token")
                                .stringData(Map.of(
                                        "token-id",
                                        tokenId,
                                        "token-secret",
                                        tokenSecret,
                                        "usage-bootstrap-authentication",
                                        "true")))
                .execute();
        ApiClient wrong = new ClientBuilder()
                .setBasePath(cluster.apiServerUrl())
                .setCertificateAuthority(cluster.caCertificatePem())
                .setAuthentication(new AccessTokenAuthentication(tokenId + "." + random(16)))
                .build();

        ApiException unauthorized = assertThrows(
                ApiException.class,
                () -> new CertificatesV1Api(wrong)
                        .listCertificateSigningRequest()
                        .execute());

        assertEquals(401, unauthorized.getCode());
    }

    private interface Call {
        void run() throws ApiException;
    }

    private static void ignoreNotFound(Call call) throws ApiException {
        try {
            call.run();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private static String random(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
