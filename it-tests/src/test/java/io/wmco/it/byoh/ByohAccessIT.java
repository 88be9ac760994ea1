package io.wmco.it.byoh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CertificatesV1Api;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestSpec;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.wmco.adapter.ssh.MinaKeyPairReader;
import io.wmco.domain.access.UsernameCipher;
import io.wmco.it.support.Pki;
import io.wmco.ports.remote.SshCredentials;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scenarios 6 and 7 of issue #5: key rotation, and CSR approval with forged requests left pending. */
class ByohAccessIT {
    private static final String CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
    private static final List<String> CLIENT_USAGES = List.of("digital signature", "key encipherment", "client auth");
    private ByohEnvironment env;
    private CertificatesV1Api certificates;
    private final List<String> createdCsrs = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        env = new ByohEnvironment();
        assumeTrue(env.cluster().signsCertificates(), "the cluster does not sign kubelet certificates");
        certificates = new CertificatesV1Api(env.admin());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (String name : createdCsrs) {
            try {
                certificates.deleteCertificateSigningRequest(name).execute();
            } catch (ApiException ignored) {
                // already gone
            }
        }
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
    void kubeletCsrsOfConfiguredHostsAreApprovedAndForgedOnesStayPending() throws Exception {
        String marker = "marker-" + env.id() + ".example.invalid";
        env.startHost(0);
        env.instances(Map.of(env.address(0), "username=Administrator", marker, "username=Administrator"));
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

        List<String> forged = List.of(
                csr("O=system:nodes,CN=system:node:unknown-" + env.id(), List.of(), CLIENT_SIGNER, CLIENT_USAGES),
                csr(
                        "O=system:nodes,O=system:masters,CN=system:node:" + marker,
                        List.of(),
                        CLIENT_SIGNER,
                        CLIENT_USAGES),
                csr("O=system:nodes,CN=system:node:" + marker, List.of(marker), CLIENT_SIGNER, CLIENT_USAGES),
                csr(
                        "O=system:nodes,CN=system:node:" + marker,
                        List.of(),
                        CLIENT_SIGNER,
                        List.of("digital signature", "key encipherment", "server auth")),
                csr("O=system:nodes,CN=admin-" + env.id(), List.of(), CLIENT_SIGNER, CLIENT_USAGES),
                csr("O=system:nodes,CN=system:node:" + env.nodeName(0), List.of(), CLIENT_SIGNER, CLIENT_USAGES));
        String legitimate = csr("O=system:nodes,CN=system:node:" + marker, List.of(), CLIENT_SIGNER, CLIENT_USAGES);
        await().atMost(Duration.ofSeconds(30)).until(() -> approved(legitimate));
        for (String name : forged) {
            assertEquals(false, approved(name), name + " must stay pending");
        }
    }

    private boolean approved(String name) throws ApiException {
        V1CertificateSigningRequest c =
                certificates.readCertificateSigningRequest(name).execute();
        return c.getStatus() != null
                && c.getStatus().getConditions() != null
                && c.getStatus().getConditions().stream().anyMatch(k -> "Approved".equals(k.getType()));
    }

    private String csr(String subject, List<String> dnsNames, String signer, List<String> usages) throws Exception {
        KeyPair keys = Pki.newKeyPair();
        JcaPKCS10CertificationRequestBuilder b =
                new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic());
        if (!dnsNames.isEmpty()) {
            ExtensionsGenerator ext = new ExtensionsGenerator();
            ext.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(dnsNames.stream()
                            .map(d -> new GeneralName(GeneralName.dNSName, d))
                            .toArray(GeneralName[]::new)));
            b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate());
        }
        String pem;
        try {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(out)) {
                w.writeObject(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            }
            pem = out.toString();
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
        V1CertificateSigningRequest created = certificates
                .createCertificateSigningRequest(new V1CertificateSigningRequest()
                        .metadata(new V1ObjectMeta().generateName("forged-" + env.id() + "-"))
                        .spec(new V1CertificateSigningRequestSpec()
                                .request(pem.getBytes(StandardCharsets.US_ASCII))
                                .signerName(signer)
                                .usages(usages)))
                .execute();
        createdCsrs.add(created.getMetadata().getName());
        return created.getMetadata().getName();
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
