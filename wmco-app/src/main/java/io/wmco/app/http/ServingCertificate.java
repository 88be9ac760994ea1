package io.wmco.app.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate chain and its private key, as the metrics listener presents them: read from PEM files (the
 * {@code tls.crt} and {@code tls.key} of a {@code kubernetes.io/tls} Secret, e.g. the one OpenShift's service CA
 * writes, whose key is PKCS#1 RSA) or made up as a self-signed certificate. BouncyCastle (already on the classpath
 * through the Kubernetes client) parses PKCS#1, SEC1 and PKCS#8 keys and builds the self-signed certificate.
 *
 * <p>{@link #toString()} names the subject and expiry only; no message of this class ever holds key material.
 *
 * @param chain the server certificate first, then its issuers
 * @param key the private key of the first certificate
 * @param origin where it came from, for logs ({@code "/etc/tls/tls.crt"} or {@code "self-signed"})
 */
record ServingCertificate(List<X509Certificate> chain, PrivateKey key, String origin) {

    ServingCertificate {
        chain = List.copyOf(requireNonNull(chain, "chain cannot be null"));
        requireNonNull(key, "key cannot be null");
        requireNonNull(origin, "origin cannot be null");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a serving certificate needs at least one certificate");
        }
    }

    /** A problem with the certificate or key files; the message names the file and never holds key material. */
    static final class InvalidCertificateException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidCertificateException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Reads a PEM certificate chain and its PEM private key and checks that they belong together.
     *
     * @throws InvalidCertificateException when a file is missing or unreadable, holds no certificate or no key, an
     *     encrypted key, or a key of another certificate
     */
    static ServingCertificate read(Path certFile, Path keyFile) throws InvalidCertificateException {
        List<X509Certificate> chain = readChain(certFile);
        PrivateKey key = readKey(keyFile);
        if (!matches(chain.get(0), key)) {
            throw new InvalidCertificateException(
                    "the key in " + keyFile + " does not belong to the first certificate in " + certFile, null);
        }
        return new ServingCertificate(chain, key, certFile.toString());
    }

    private static List<X509Certificate> readChain(Path file) throws InvalidCertificateException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast)
                    .toList();
            if (chain.isEmpty()) {
                throw new InvalidCertificateException("no certificate in " + file, null);
            }
            return chain;
        } catch (IOException e) {
            throw new InvalidCertificateException("cannot read the certificate file " + file + ": " + e, e);
        } catch (GeneralSecurityException e) {
            throw new InvalidCertificateException(
                    "the certificate file " + file + " holds no valid PEM certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey readKey(Path file) throws InvalidCertificateException {
        Object pem;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(r)) {
            pem = parser.readObject();
        } catch (IOException | RuntimeException e) {
            // The parser's own message may quote what it read: name the file and the exception type only.
            throw new InvalidCertificateException(
                    "cannot read a PEM private key from " + file + " ("
                            + e.getClass().getSimpleName() + ")",
                    null);
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (pem instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (pem instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidCertificateException(
                    "the private key in " + file + " is of an unsupported kind ("
                            + e.getClass().getSimpleName() + ")",
                    null);
        }
        String found = pem == null ? "nothing" : "a " + pem.getClass().getSimpleName();
        throw new InvalidCertificateException(
                "no unencrypted private key (PKCS#1, SEC1 or PKCS#8 PEM) in " + file + ": found " + found, null);
    }

    /** Whether the key signs what the certificate's public key verifies. */
    private static boolean matches(X509Certificate cert, PrivateKey key) throws InvalidCertificateException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default ->
                throw new InvalidCertificateException("unsupported private key algorithm " + key.getAlgorithm(), null);
        };
        try {
            byte[] probe = "wmco metrics key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * A self-signed RSA certificate for {@code names} (DNS subject alternative names), valid from an hour ago for
     * a year.
     */
    static ServingCertificate selfSigned(List<String> names, Clock clock, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, random);
            KeyPair pair = generator.generateKeyPair();
            Instant now = clock.instant();
            X500Name subject = new X500Name("CN=" + names.get(0));
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject,
                    new BigInteger(64, random).abs().add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(365))),
                    subject,
                    pair.getPublic());
            builder.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(names.stream()
                            .map(n -> new GeneralName(GeneralName.dNSName, n))
                            .toArray(GeneralName[]::new)));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            return new ServingCertificate(List.of(cert), pair.getPrivate(), "self-signed");
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make a self-signed certificate: " + e, e);
        }
    }

    /** The chain as the JDK's key manager hands it out. */
    X509Certificate[] chainArray() {
        return chain.toArray(X509Certificate[]::new);
    }

    @Override
    public String toString() {
        X509Certificate first = chain.get(0);
        return "certificate " + first.getSubjectX500Principal().getName() + " from " + origin + ", valid until "
                + first.getNotAfter().toInstant();
    }
}
