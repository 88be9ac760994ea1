package io.wmco.it.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.openapi.apis.VersionApi;
import io.kubernetes.client.openapi.models.VersionInfo;
import io.kubernetes.client.util.Config;
import io.wmco.it.support.ClusterFixture;
import io.wmco.it.support.TestCluster;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterFixtureIT {

    private final TestCluster cluster = ClusterFixture.shared();

    @Test
    void answersVersionRequestsWithAdminClient() throws Exception {
        VersionInfo version = new VersionApi(cluster.adminClient()).getCode().execute();

        assertEquals("1", version.getMajor());
        assertTrue(cluster.apiServerUrl().startsWith("https://"), cluster.apiServerUrl());
        assertTrue(
                List.of(TestCluster.EXTERNAL, TestCluster.K3S, TestCluster.KUBE_APISERVER)
                        .contains(cluster.kind()),
                cluster.kind());
    }

    @Test
    void writesKubeconfigFileThatReachesTheSameServer() throws Exception {
        String fromFile = Files.readString(cluster.kubeconfigPath(), UTF_8);

        assertEquals(cluster.kubeconfigYaml(), fromFile);
        VersionInfo version = new VersionApi(
                        Config.fromConfig(cluster.kubeconfigPath().toString()))
                .getCode()
                .execute();
        assertEquals("1", version.getMajor());
    }

    @Test
    void exposesCaCertificateThatSignedTheServer() throws Exception {
        byte[] pem = cluster.caCertificatePem();

        X509Certificate ca = (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
        assertTrue(ca.getBasicConstraints() >= 0, "CA certificate must have basicConstraints CA:true: " + ca);
        assertTrue(new String(pem, UTF_8).startsWith("-----BEGIN CERTIFICATE-----"));
    }

    @Test
    void runsLocalServerWithBinaryVersionWhenLocal() throws Exception {
        assumeTrue(TestCluster.KUBE_APISERVER.equals(cluster.kind()), "only the local binaries have a known version");
        VersionInfo version = new VersionApi(cluster.adminClient()).getCode().execute();

        assertEquals("v" + System.getenv().getOrDefault("WMCO_K8S_VERSION", "1.34.4"), version.getGitVersion());
        assertTrue(cluster.signsCertificates(), "kube-controller-manager is built by build-binaries.sh and must sign");
    }
}
