package io.wmco.it.metrics;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.wmco.app.WindowsMachineConfigOperator;
import io.wmco.it.byoh.ByohEnvironment;
import io.wmco.it.support.ClusterFixture;
import io.wmco.it.support.TestCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 7: the operator serves {@code /metrics} over TLS with the TLS security profile of
 * {@code apiservers.config.openshift.io/cluster} (the CRD installed on the suite's cluster, as OpenShift has it built
 * in), with the certificate and PKCS#1 RSA key files OpenShift's service CA would mount, and follows a change of the
 * profile without a restart; plain HTTP only with {@code --metrics-insecure}. A real TLS client of the JDK, limited to
 * one protocol version and trusting only the test's certificate (host name checked), does the checking.
 *
 * <p>The {@code cluster} APIServer object is cluster-wide: this test owns it and deletes it at the end (refused on an
 * external cluster, which is not the suite's to change).
 *
 * <p>Over 300 lines: the four cases share the operator with its certificate files, the APIServer object and the
 * single-version TLS client below them; about half the file is that client and the certificate set-up.
 */
class MetricsTlsIT {
    private static final String VERSION = "1.0.0";
    private ByohEnvironment env;
    private DynamicKubernetesApi apiServers;
    private X509Certificate certificate;
    private Path certFile;
    private Path keyFile;

    @BeforeEach
    void setUp() throws Exception {
        ClusterFixture.ensureOpenShiftCrds();
        org.junit.jupiter.api.Assumptions.assumeFalse(
                TestCluster.EXTERNAL.equals(ClusterFixture.shared().kind()),
                "changes the cluster-wide APIServer object");
        env = new ByohEnvironment(null, null);
        apiServers = new DynamicKubernetesApi("config.openshift.io", "v1", "apiservers", env.admin());
        apiServers.delete("cluster");
        Path dir = Files.createTempDirectory("wmco-metrics-tls-");
        certFile = dir.resolve("tls.crt");
        keyFile = dir.resolve("tls.key");
        writeServingCertificate();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (apiServers != null) {
                apiServers.delete("cluster");
            }
        } finally {
            if (env != null) {
                env.close();
            }
        }
    }

    @Test
    void modernAcceptsOnlyTls13AndAChangeToIntermediateOpensTls12WithoutARestart() throws Exception {
        profile("{\"type\": \"Modern\", \"modern\": {}}");
        WindowsMachineConfigOperator op = startTls();
        int port = op.metricsPort();

        await("TLS 1.3 answers /metrics")
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> scrape(port, "TLSv1.3").contains("wmco_cluster_supported"));
        assertThrows(SSLException.class, () -> scrape(port, "TLSv1.2"), "Modern refuses TLS 1.2");
        assertPlainHttpRefused(port);

        profile("{\"type\": \"Intermediate\", \"intermediate\": {}}");
        await("TLS 1.2 accepted after the change to Intermediate")
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> scrape(port, "TLSv1.2").contains("wmco_cluster_supported"));
        assertTrue(scrape(port, "TLSv1.3").contains("wmco_cluster_supported"));

        profile("{\"type\": \"Modern\", \"modern\": {}}");
        await("TLS 1.2 refused again after the change back to Modern")
                .atMost(Duration.ofSeconds(30))
                .until(() -> refused(port, "TLSv1.2"));
    }

    @Test
    void aCustomProfileKeepsItsKnownCiphersAndDropsUnknownOnes() throws Exception {
        profile("{\"type\": \"Custom\", \"custom\": {\"minTLSVersion\": \"VersionTLS12\", \"ciphers\":"
                + " [\"ECDHE-RSA-AES128-GCM-SHA256\", \"NOT-A-CIPHER\"]}}");
        WindowsMachineConfigOperator op = startTls();
        int port = op.metricsPort();

        await("TLS 1.2 with the profile's cipher")
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> scrape(port, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
                        .contains("wmco_cluster_supported"));
        assertThrows(
                SSLException.class,
                () -> scrape(port, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
                "a TLS 1.2 cipher the profile does not list");
    }

    @Test
    void withoutAProfileTheDefaultIsIntermediate() throws Exception {
        WindowsMachineConfigOperator op = startTls();
        int port = op.metricsPort();

        await("TLS 1.2 answers under the default profile")
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> scrape(port, "TLSv1.2").contains("wmco_cluster_supported"));
        assertThrows(SSLException.class, () -> scrape(port, "TLSv1.1"), "below Intermediate's TLS 1.2");
    }

    @Test
    void plainHttpOnlyWithTheInsecureFlag() throws Exception {
        profile("{\"type\": \"Modern\", \"modern\": {}}");
        // The scenario flags carry --metrics-insecure.
        WindowsMachineConfigOperator op = env.startOperator(VERSION);
        int port = op.metricsPort();

        HttpResponse<String> plain = await("plain HTTP answers /metrics")
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> http(port), r -> r.statusCode() == 200);
        assertTrue(plain.body().contains("wmco_cluster_supported"), plain.body());
        assertTrue(refused(port, "TLSv1.3"), "no TLS on the metrics port with --metrics-insecure");
    }

    private WindowsMachineConfigOperator startTls() {
        return env.startOperator(
                VERSION,
                "--metrics-insecure=false",
                "--metrics-cert-file=" + certFile,
                "--metrics-key-file=" + keyFile);
    }

    /** Sets spec.tlsSecurityProfile of the cluster APIServer object, creating the object when needed. */
    private void profile(String json) {
        JsonObject object = JsonParser.parseString("{\"apiVersion\": \"config.openshift.io/v1\", \"kind\":"
                        + " \"APIServer\", \"metadata\": {\"name\": \"cluster\"}, \"spec\": {\"tlsSecurityProfile\": "
                        + json + "}}")
                .getAsJsonObject();
        KubernetesApiResponse<DynamicKubernetesObject> current = apiServers.get("cluster");
        KubernetesApiResponse<DynamicKubernetesObject> written;
        if (current.isSuccess()) {
            object.getAsJsonObject("metadata")
                    .addProperty(
                            "resourceVersion", current.getObject().getMetadata().getResourceVersion());
            written = apiServers.update(new DynamicKubernetesObject(object));
        } else {
            written = apiServers.create(new DynamicKubernetesObject(object));
        }
        assertTrue(written.isSuccess(), "HTTP " + written.getHttpStatusCode() + " " + written.getStatus());
    }

    /**
     * A certificate for 127.0.0.1 and localhost with an RSA key written as PKCS#1 ("RSA PRIVATE KEY"), the form
     * OpenShift's service CA writes into its Secrets.
     */
    private void writeServingCertificate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=windows-machine-config-operator-metrics");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                name,
                new BigInteger(64, new SecureRandom()).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))),
                name,
                keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")
        }));
        certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        Files.writeString(certFile, pem(certificate));
        String key = pem(keys.getPrivate());
        assertTrue(key.startsWith("-----BEGIN RSA PRIVATE KEY-----"), "PKCS#1 as the service CA writes it");
        Files.writeString(keyFile, key);
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    private String scrape(int port, String protocol) throws Exception {
        return scrape(port, protocol, null);
    }

    /**
     * GET /metrics with a TLS client that offers only {@code protocol} (and only {@code suite}, when given), trusts
     * only the test's certificate and checks the host name; the body of a 200 answer.
     */
    private String scrape(int port, String protocol, String suite) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("metrics", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), new SecureRandom());
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        plain.setSoTimeout(10_000);
        try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", port, true)) {
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setProtocols(new String[] {protocol});
            if (suite != null) {
                parameters.setCipherSuites(new String[] {suite});
            }
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            tls.startHandshake();
            assertEquals(protocol, tls.getSession().getProtocol());
            tls.getOutputStream()
                    .write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(US_ASCII));
            tls.getOutputStream().flush();
            try (InputStream in = tls.getInputStream()) {
                String answer = new String(in.readAllBytes(), US_ASCII);
                assertTrue(
                        answer.startsWith("HTTP/1.1 200"),
                        answer.lines().findFirst().orElse(answer));
                return answer;
            }
        }
    }

    /**
     * Whether a TLS handshake offering only {@code protocol} fails: an alert or an unreadable answer (SSLException),
     * or a server that just closes the connection (a plain HTTP server may do either).
     */
    private boolean refused(int port, String protocol) throws Exception {
        try {
            scrape(port, protocol);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** A plain HTTP request to the TLS port gets no HTTP answer. */
    private static void assertPlainHttpRefused(int port) {
        Optional<Integer> status;
        try {
            status = Optional.of(http(port).statusCode());
        } catch (IOException e) {
            status = Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertEquals(Optional.empty(), status, "plain HTTP answered on the TLS metrics port");
    }

    private static HttpResponse<String> http(int port) throws IOException, InterruptedException {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
