package io.wmco.adapter.k8s;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Builds real PEM PKCS#10 requests, like a kubelet's, for tests. */
public final class TestCsrs {
    private TestCsrs() {}

    public static byte[] pem(
            String commonName,
            List<String> organizations,
            List<String> dns,
            List<String> emails,
            List<String> ips,
            List<String> uris)
            throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = gen.generateKeyPair();
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        for (String o : organizations) {
            subject.addRDN(BCStyle.O, o);
        }
        subject.addRDN(BCStyle.CN, commonName);
        JcaPKCS10CertificationRequestBuilder builder =
                new JcaPKCS10CertificationRequestBuilder(subject.build(), keys.getPublic());
        List<GeneralName> names = new ArrayList<>();
        dns.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        emails.forEach(e -> names.add(new GeneralName(GeneralName.rfc822Name, e)));
        ips.forEach(i -> names.add(new GeneralName(GeneralName.iPAddress, i)));
        uris.forEach(u -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, u)));
        if (!names.isEmpty()) {
            ExtensionsGenerator ext = new ExtensionsGenerator();
            ext.addExtension(
                    Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate());
        }
        PKCS10CertificationRequest request =
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(request);
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
