package io.wmco.testkit.sim;

import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * The CSRs an emulated kubelet files and the PEM files it keeps: a client CSR
 * ({@code kubernetes.io/kube-apiserver-client-kubelet}) and a serving CSR ({@code kubernetes.io/kubelet-serving}, with
 * the node name and IP as SANs), both for {@code system:node:<name>} in {@code system:nodes}, on a new RSA 2048 key.
 */
final class CertificateRequests {
    private CertificateRequests() {}

    static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    /** A client CSR for the node, signed with {@code keyPair}. */
    static V1CertificateSigningRequest client(String nodeName, KeyPair keyPair)
            throws IOException, OperatorCreationException {
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
                        subject(nodeName), keyPair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate()));
        return new V1CertificateSigningRequest()
                .metadata(new V1ObjectMeta().generateName("csr-"))
                .spec(new V1CertificateSigningRequestSpec()
                        .request(pem("CERTIFICATE REQUEST", csr.getEncoded()))
                        .signerName("kubernetes.io/kube-apiserver-client-kubelet")
                        .usages(List.of("digital signature", "key encipherment", "client auth")));
    }

    /** A serving CSR for the node with its name and IP as SANs, signed with {@code keyPair}. */
    static V1CertificateSigningRequest serving(String nodeName, String ip, KeyPair keyPair)
            throws IOException, OperatorCreationException {
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, nodeName), new GeneralName(GeneralName.iPAddress, ip)
        }));
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
                        subject(nodeName), keyPair.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate()));
        return new V1CertificateSigningRequest()
                .metadata(new V1ObjectMeta().generateName("csr-"))
                .spec(new V1CertificateSigningRequestSpec()
                        .request(pem("CERTIFICATE REQUEST", csr.getEncoded()))
                        .signerName("kubernetes.io/kubelet-serving")
                        .usages(List.of("digital signature", "key encipherment", "server auth")));
    }

    private static X500Name subject(String nodeName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "system:nodes")
                .addRDN(BCStyle.CN, "system:node:" + nodeName)
                .build();
    }

    /** The private key of a pair in PEM. */
    static byte[] pemOf(KeyPair keyPair) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(keyPair.getPrivate());
        }
        return w.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A certificate followed by its key, the form of the kubelet's {@code *-current.pem} files. */
    static byte[] certificateAndKey(byte[] certPem, byte[] keyPem) {
        byte[] both = new byte[certPem.length + keyPem.length];
        System.arraycopy(certPem, 0, both, 0, certPem.length);
        System.arraycopy(keyPem, 0, both, certPem.length, keyPem.length);
        return both;
    }

    private static byte[] pem(String type, byte[] der) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(new PemObject(type, der));
        }
        return w.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
