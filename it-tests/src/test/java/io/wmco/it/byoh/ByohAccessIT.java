package io.wmco.it.byoh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CertificatesV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.wmco.adapter.ssh.MinaKeyPairReader;
import io.wmco.domain.access.UsernameCipher;
import io.wmco.ports.remote.SshCredentials;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenarios 6 and 7 of issue #5: key rotation, and CSR approval of a configured host's kubelet (forged requests and
 * requesters other than the kubelet bootstrap identity: {@link CsrRequesterIT}).
 */
class ByohAccessIT {
    private ByohEnvironment env;
    private CertificatesV1Api certificates;

    @BeforeEach
    void setUp() throws Exception {
        env = new ByohEnvironment();
        assumeTrue(env.cluster().signsCertificates(), "the cluster does not sign kubelet certificates");
        certificates = new CertificatesV1Api(env.admin());
    }

    @AfterEach
    void tearDown() throws Exception {
        env.close();
    }

    @Test
    void rotatedKeyUpdatesUserDataAndNodeAnnotationsInPlace() throws Exception {
        try {
            env.core()
                    .createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name("openshift-machine-api")))
                    .execute();
        } catch (ApiException e) {
            assertEquals(409, e.getCode(), e.getResponseBody());
        }
        env.startHost(0);
        env.instances(Map.of(env.address(0), "username=Administrator"));
        env.startOperator("1.0.0");
        env.awaitConfigured(Duration.ofMinutes(3), "1.0.0", env.nodeName(0));
        String oldHash = env.expectedKeyHash();
        await().atMost(Duration.ofSeconds(30)).until(() -> userData().contains(publicKeyBase64()));

        env.rotateKey();
        String newHash = env.expectedKeyHash();
        assertNotEquals(oldHash, newHash);
        await().atMost(Duration.ofMinutes(1))
                .until(() -> newHash.equals(ByohEnvironment.annotation(
                        env.node(env.nodeName(0)).orElseThrow(), "windowsmachineconfig.openshift.io/pub-key-hash")));
        V1Node node = env.node(env.nodeName(0)).orElseThrow();
        String encrypted = ByohEnvironment.annotation(node, "windowsmachineconfig.openshift.io/username");
        assertEquals(
                "Administrator",
                new UsernameCipher(env.privateKeyPem().getBytes(StandardCharsets.US_ASCII), new SecureRandom())
                        .decrypt(encrypted)
                        .value());
        await().atMost(Duration.ofSeconds(30)).until(() -> userData().contains(publicKeyBase64()));
        assertTrue(
                env.configured(env.nodeName(0), "1.0.0"),
                "the node stays configured: no reconfiguration for a key change");
    }

    @Test
    void kubeletCsrOfAConfiguredHostIsApproved() throws Exception {
        env.startHost(0);
        env.instances(Map.of(env.address(0), "username=Administrator"));
        env.startOperator("1.0.0");
        env.awaitConfigured(Duration.ofMinutes(3), "1.0.0", env.nodeName(0));
        // the configured host's own kubelet CSR was approved by the operator
        assertTrue(certificates.listCertificateSigningRequest().execute().getItems().stream()
                .filter(c -> c.getSpec().getUsername() != null
                        && c.getSpec().getUsername().startsWith("system:bootstrap:"))
                .filter(c -> c.getStatus() != null && c.getStatus().getConditions() != null)
                .anyMatch(c -> c.getStatus().getConditions().stream()
                        .anyMatch(k -> "Approved".equals(k.getType())
                                && k.getReason().contains("WindowsMachineConfigOperator"))));
    }

    private String userData() throws ApiException {
        V1Secret s = env.core()
                .readNamespacedSecret("windows-user-data", "openshift-machine-api")
                .execute();
        return new String(s.getData().get("userData"), StandardCharsets.UTF_8);
    }

    private String publicKeyBase64() {
        String line = new MinaKeyPairReader().authorizedKeyLine(SshCredentials.ofPem(env.privateKeyPem()));
        return line.split(" ")[1];
    }
}
