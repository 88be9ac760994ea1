package io.wmco.it.support;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemGenerationException;

/**
 * Throw-away PKI for a locally started control plane: one CA that signs the API server's serving
 * certificate, the admin client certificate and (through kube-controller-manager) kubelet client
 * certificates. Keys are ECDSA P-256 (fast to generate). Also makes PKCS#10 requests for tests.
 *
 * <p>Stateless and thread-safe. Nothing here is fit for production: keys live in memory and in a
 * temporary directory that is removed when the cluster stops.
 */
public final class Pki {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SIGNATURE = "SHA256withECDSA";

    private Pki() {}

    /** A certificate and the key pair it certifies. */
    public record Issued(X509Certificate certificate, KeyPair keyPair) {
        public Issued {
            requireNonNull(certificate, "certificate cannot be null");
            requireNonNull(keyPair, "keyPair cannot be null");
        }

        public String certificatePem() {
            return pem(certificate);
        }

        /** PKCS#8 ("PRIVATE KEY"): read by Go's keyutil and by the Java client alike. */
        public String privateKeyPem() {
            return Pki.privateKeyPem(keyPair.getPrivate());
        }
    }

    /** A new ECDSA P-256 key pair. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 key generation is not available in this JVM", e);
        }
    }

    static Issued newCertificateAuthority(String commonName, Instant now) {
        KeyPair keys = newKeyPair();
        X500Name subject = new X500Name("CN=" + commonName);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(subject, subject, keys, now)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(
                            Extension.keyUsage,
                            true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            return new Issued(sign(builder, keys), keys);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not create the test CA", e);
        }
    }

    /** Issues a TLS serving certificate for the given DNS names and IP addresses. */
    static Issued issueServing(
            Issued ca, String commonName, List<String> dnsNames, List<String> ipAddresses, Instant now) {
        GeneralName[] names = new GeneralName[dnsNames.size() + ipAddresses.size()];
        int i = 0;
        for (String dns : dnsNames) {
            names[i++] = new GeneralName(GeneralName.dNSName, dns);
        }
        for (String ip : ipAddresses) {
            names[i++] = new GeneralName(GeneralName.iPAddress, ip);
        }
        return issue(ca, "CN=" + commonName, KeyPurposeId.id_kp_serverAuth, new GeneralNames(names), now);
    }

    /** Issues a TLS client certificate; {@code organization} becomes the Kubernetes group. */
    static Issued issueClient(Issued ca, String commonName, String organization, Instant now) {
        return issue(ca, "O=" + organization + ",CN=" + commonName, KeyPurposeId.id_kp_clientAuth, null, now);
    }

    /**
     * A PEM PKCS#10 certificate request with the given subject (for example
     * {@code O=system:nodes,CN=system:node:win-1}), signed by {@code keys}.
     */
    public static String certificateRequestPem(String subject, KeyPair keys) {
        requireNonNull(subject, "subject cannot be null");
        requireNonNull(keys, "keys cannot be null");
        try {
            PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(
                            new X500Name(subject), keys.getPublic())
                    .build(new JcaContentSignerBuilder(SIGNATURE).build(keys.getPrivate()));
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(request);
            }
            return out.toString();
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("could not create a certificate request for " + subject, e);
        }
    }

    /** PKCS#8 PEM of a private key. */
    public static String privateKeyPem(PrivateKey key) {
        requireNonNull(key, "key cannot be null");
        try {
            return pem(new JcaPKCS8Generator(key, null).generate());
        } catch (PemGenerationException e) {
            throw new IllegalStateException("could not encode a private key", e);
        }
    }

    /** PEM text of a certificate or request. */
    public static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Issued issue(Issued ca, String subject, KeyPurposeId purpose, GeneralNames sans, Instant now) {
        KeyPair keys = newKeyPair();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(
                            X500Name.getInstance(
                                    ca.certificate().getSubjectX500Principal().getEncoded()),
                            new X500Name(subject),
                            keys,
                            now)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            utils.createAuthorityKeyIdentifier(ca.certificate()));
            if (sans != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            return new Issued(sign(builder, ca.keyPair()), keys);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not issue a certificate for " + subject, e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys, Instant now) {
        return new JcaX509v3CertificateBuilder(
                issuer,
                new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(30))),
                subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("no " + SIGNATURE + " signer", e);
        }
    }
}
