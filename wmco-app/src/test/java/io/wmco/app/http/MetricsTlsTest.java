package io.wmco.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.app.metrics.OperatorMetrics;
import io.wmco.domain.tls.ServingTls;
import io.wmco.domain.tls.TlsSecurityProfile;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTlsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final ServingTls MODERN = ServingTls.decide(Optional.of(TlsSecurityProfile.named("Modern")));
    private static final ServingTls INTERMEDIATE =
            ServingTls.decide(Optional.of(TlsSecurityProfile.named("Intermediate")));

    @TempDir
    Path dir;

    private static ServingCertificate fresh() {
        return ServingCertificate.selfSigned(List.of("metrics.test"), CLOCK, new SecureRandom());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Writes the certificate and its key, the key as PKCS#1 (as OpenShift's service CA does) or PKCS#8. */
    private static void write(ServingCertificate c, Path cert, Path key, boolean pkcs1) throws Exception {
        Files.writeString(cert, pem("CERTIFICATE", c.chain().get(0).getEncoded()));
        byte[] pkcs8 = c.key().getEncoded();
        String keyPem = pkcs1
                ? pem(
                        "RSA PRIVATE KEY",
                        PrivateKeyInfo.getInstance(pkcs8)
                                .parsePrivateKey()
                                .toASN1Primitive()
                                .getEncoded())
                : pem("PRIVATE KEY", pkcs8);
        Files.writeString(key, keyPem);
    }

    @Test
    void readsPkcs1AndPkcs8Keys() throws Exception {
        ServingCertificate c = fresh();
        for (boolean pkcs1 : new boolean[] {true, false}) {
            Path cert = dir.resolve("tls-" + pkcs1 + ".crt");
            Path key = dir.resolve("tls-" + pkcs1 + ".key");
            write(c, cert, key, pkcs1);
            String head = Files.readString(key).lines().findFirst().orElseThrow();
            assertEquals(pkcs1 ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN PRIVATE KEY-----", head);
            ServingCertificate read = ServingCertificate.read(cert, key);
            assertEquals(c.chain(), read.chain());
            assertEquals(c.key(), read.key());
        }
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedWithoutShowingIt() throws Exception {
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        write(fresh(), cert, key, true);
        Path otherCert = dir.resolve("other.crt");
        write(fresh(), otherCert, dir.resolve("other.key"), true);
        ServingCertificate.InvalidCertificateException e = assertThrows(
                ServingCertificate.InvalidCertificateException.class, () -> ServingCertificate.read(otherCert, key));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
        String body = Files.readString(key).lines().skip(1).findFirst().orElseThrow();
        assertFalse(e.getMessage().contains(body.substring(0, 20)), "key material in the message");

        Files.writeString(key, "-----BEGIN RSA PRIVATE KEY-----\nnot base64 at all!\n-----END RSA PRIVATE KEY-----\n");
        e = assertThrows(
                ServingCertificate.InvalidCertificateException.class, () -> ServingCertificate.read(cert, key));
        assertTrue(e.getMessage().contains(key.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("not base64"), e.getMessage());
    }

    @Test
    void modernRefusesTls12AndAcceptsTls13UntilTheProfileChanges() throws Exception {
        MetricsTls tls = new MetricsTls(Optional.empty(), Optional.empty(), MODERN, CLOCK);
        try (OperatorHttpServer server =
                new OperatorHttpServer(0, () -> true, 0, new OperatorMetrics(), Optional.of(tls))) {
            assertThrows(SSLException.class, () -> handshake(server.metricsPort(), "TLSv1.2"));
            assertEquals("TLSv1.3", handshake(server.metricsPort(), "TLSv1.3").protocol());
            assertEquals(List.of("TLSv1.3"), tls.enabledProtocols());

            assertTrue(tls.apply(INTERMEDIATE));
            assertFalse(tls.apply(INTERMEDIATE), "the same settings again are no change");
            assertEquals("TLSv1.2", handshake(server.metricsPort(), "TLSv1.2").protocol());
        }
    }

    @Test
    void theCertificateFilesAreReadAgainWhenTheyChange() throws Exception {
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        ServingCertificate first = fresh();
        write(first, cert, key, true);
        MetricsTls tls = new MetricsTls(Optional.of(cert), Optional.of(key), INTERMEDIATE, CLOCK);
        try (OperatorHttpServer server =
                new OperatorHttpServer(0, () -> true, 0, new OperatorMetrics(), Optional.of(tls))) {
            assertEquals(
                    serial(first), handshake(server.metricsPort(), "TLSv1.3").serial());

            ServingCertificate second = fresh();
            write(second, cert, key, false);
            // Same size and a coarse clock could hide the change: move the modification time on explicitly.
            Files.setLastModifiedTime(cert, FileTime.from(Instant.now().plusSeconds(5)));
            assertEquals(
                    serial(second), handshake(server.metricsPort(), "TLSv1.3").serial());

            Files.writeString(key, "broken");
            Files.setLastModifiedTime(key, FileTime.from(Instant.now().plusSeconds(10)));
            assertEquals(
                    serial(second), handshake(server.metricsPort(), "TLSv1.3").serial(), "a broken key is not used");
        }
    }

    @Test
    void missingFilesMeanASelfSignedCertificateUntilTheyAppear() throws Exception {
        Path cert = dir.resolve("later.crt");
        Path key = dir.resolve("later.key");
        MetricsTls tls = new MetricsTls(Optional.of(cert), Optional.of(key), INTERMEDIATE, CLOCK);
        try (OperatorHttpServer server =
                new OperatorHttpServer(0, () -> true, 0, new OperatorMetrics(), Optional.of(tls))) {
            BigInteger before = handshake(server.metricsPort(), "TLSv1.3").serial();
            ServingCertificate c = fresh();
            write(c, cert, key, true);
            BigInteger after = handshake(server.metricsPort(), "TLSv1.3").serial();
            assertNotEquals(before, after);
            assertEquals(serial(c), after);
        }
    }

    private static BigInteger serial(ServingCertificate c) {
        return c.chain().get(0).getSerialNumber();
    }

    record Handshake(String protocol, BigInteger serial) {}

    /** A TLS client limited to one protocol version that trusts any certificate and reads /metrics. */
    static Handshake handshake(int port, String protocol) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setEnabledProtocols(new String[] {protocol});
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            socket.getOutputStream()
                    .write("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            try (InputStream in = socket.getInputStream()) {
                String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            }
            return new Handshake(
                    socket.getSession().getProtocol(),
                    ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber());
        }
    }

    static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
