package io.wmco.it.sim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CertificatesV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestCondition;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Taint;
import io.wmco.domain.remote.FileCommands;
import io.wmco.domain.remote.HnsCommands;
import io.wmco.domain.remote.ServiceCommands;
import io.wmco.domain.remote.Shell;
import io.wmco.domain.remote.WindowsCommandLine;
import io.wmco.it.support.ClusterFixture;
import io.wmco.it.support.TestCluster;
import io.wmco.testkit.sim.ClusterNetworkEmulator;
import io.wmco.testkit.sim.SimSshClient;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated Windows host's kubelet and hybrid-overlay emulation against a real API server: the test plays the
 * operator (uploads, services, CSR approval) with plain SSH and the admin client.
 */
class SimulatedWindowsHostIT {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TestCluster cluster = ClusterFixture.shared();
    private final CoreV1Api core = new CoreV1Api(cluster.adminClient());
    private final CertificatesV1Api certificates = new CertificatesV1Api(cluster.adminClient());
    private final String tokenId = random(6);
    private final String nodeName = "win-sim-" + tokenId;
    private SimulatedWindowsHost host;
    private ClusterNetworkEmulator network;

    @AfterEach
    void cleanUp() {
        if (host != null) {
            host.close();
        }
        if (network != null) {
            network.close();
        }
        ignoreErrors(() -> core.deleteNode(nodeName).execute());
        ignoreErrors(() -> core.deleteNamespacedSecret("bootstrap-token-" + tokenId, "kube-system")
                .execute());
    }

    @Test
    void kubeletJoinsThroughAnApprovedCsrStaysReadyAndHybridOverlaySetsUpTheNetwork() throws Exception {
        assumeTrue(cluster.signsCertificates(), "the cluster does not sign kubelet client certificates");
        String token = tokenId + "." + random(16);
        core.createNamespacedSecret(
                        "kube-system",
                        new V1Secret()
                                .metadata(new V1ObjectMeta().name("bootstrap-token-" + tokenId))
                                .type("bootstrap.kubernetes.io/token")
                                .stringData(Map.of(
                                        "token-id",
                                        tokenId,
                                        "token-secret",
                                        token.substring(7),
                                        "usage-bootstrap-authentication",
                                        "true",
                                        "expiration",
                                        OffsetDateTime.now()
                                                .plusHours(1)
                                                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))))
                .execute();
        String bootstrapKubeconfig = "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n"
                + "    server: " + cluster.apiServerUrl() + "\n"
                + "    certificate-authority-data: " + Base64.getEncoder().encodeToString(cluster.caCertificatePem())
                + "\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\n"
                + "users:\n- name: u\n  user:\n    token: " + token + "\n";

        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair operatorKey = g.generateKeyPair();
        host = SimulatedWindowsHost.builder()
                .bindAddress("127.0.0.7")
                .authorizedKey(operatorKey.getPublic())
                .hostname(nodeName)
                .heartbeatInterval(Duration.ofSeconds(1))
                .start();
        network = ClusterNetworkEmulator.start(cluster.adminClient(), "10.132.0.0/14", 23, Duration.ofMillis(500));

        String kubelet = WindowsCommandLine.join(List.of(
                "C:\\k\\kubelet.exe",
                "--bootstrap-kubeconfig=C:\\k\\bootstrap-kubeconfig",
                "--kubeconfig=C:\\k\\kubeconfig",
                "--cert-dir=C:\\var\\lib\\kubelet\\pki\\",
                "--node-labels=node.openshift.io/os_id=Windows",
                "--register-with-taints=os=Windows:NoSchedule",
                "--config=C:\\k\\kubelet.conf",
                "--windows-service"));
        try (SimSshClient ssh = SimSshClient.connect(host, "Administrator", operatorKey)) {
            Shell sh = Shell.CMD;
            assertEquals(0, ssh.run(FileCommands.ensureDirectory("C:\\k"), sh).exitStatus());
            ssh.upload(new byte[] {'M', 'Z'}, "/C:/k/kubelet.exe");
            ssh.upload(new byte[] {'M', 'Z'}, "/C:/k/hybrid-overlay-node.exe");
            ssh.upload(bootstrapKubeconfig.getBytes(UTF_8), "/C:/k/bootstrap-kubeconfig");
            ssh.upload(
                    "{\"kind\": \"KubeletConfiguration\", \"serverTLSBootstrap\": true}".getBytes(UTF_8),
                    "/C:/k/kubelet.conf");
            assertEquals(
                    0, ssh.run(ServiceCommands.create("kubelet", kubelet), sh).exitStatus());
            assertEquals(0, ssh.run(ServiceCommands.start("kubelet"), sh).exitStatus());

            V1CertificateSigningRequest csr = await().atMost(Duration.ofSeconds(30))
                    .until(() -> pendingCsrOf("system:bootstrap:" + tokenId), Optional::isPresent)
                    .orElseThrow();
            assertEquals(
                    "kubernetes.io/kube-apiserver-client-kubelet", csr.getSpec().getSignerName());
            assertEquals(
                    List.of("digital signature", "key encipherment", "client auth"),
                    csr.getSpec().getUsages());
            approve(csr);

            V1Node node = await().atMost(Duration.ofSeconds(60)).until(() -> readyNode(), n -> n != null);
            assertEquals("Windows", node.getMetadata().getLabels().get("node.openshift.io/os_id"));
            assertEquals("windows", node.getMetadata().getLabels().get("kubernetes.io/os"));
            assertEquals("10.0.20348", node.getMetadata().getLabels().get("node.kubernetes.io/windows-build"));
            V1Taint taint = node.getSpec().getTaints().get(0);
            assertEquals(
                    List.of("os", "Windows", "NoSchedule"),
                    List.of(taint.getKey(), taint.getValue(), taint.getEffect()));
            assertTrue(node.getStatus().getAddresses().stream()
                    .anyMatch(a -> "InternalIP".equals(a.getType()) && "127.0.0.7".equals(a.getAddress())));
            assertTrue(java.nio.file.Files.isRegularFile(host.resolve("C:\\k\\kubeconfig")));

            // serverTLSBootstrap: a serving CSR filed as the node, with host name and IP
            V1CertificateSigningRequest serving = await().atMost(Duration.ofSeconds(30))
                    .until(() -> pendingCsrOf("system:node:" + nodeName), Optional::isPresent)
                    .orElseThrow();
            assertEquals("kubernetes.io/kubelet-serving", serving.getSpec().getSignerName());
            assertEquals(
                    List.of("digital signature", "key encipherment", "server auth"),
                    serving.getSpec().getUsages());
            approve(serving);
            await().atMost(Duration.ofSeconds(30)).until(host::servingCertificateIssued);
            assertTrue(java.nio.file.Files.isRegularFile(
                    host.resolve("C:\\var\\lib\\kubelet\\pki\\kubelet-server-current.pem")));

            // heartbeat: the Ready condition keeps being refreshed
            OffsetDateTime first = ready(node).getLastHeartbeatTime();
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> ready(core.readNode(nodeName).execute())
                            .getLastHeartbeatTime()
                            .isAfter(first));

            // hybrid-overlay: subnet from the emulated cluster network, then gateway MAC and HNS networks
            assertEquals(
                    0,
                    ssh.run(
                                    ServiceCommands.create(
                                            "hybrid-overlay-node",
                                            WindowsCommandLine.join(List.of(
                                                    "C:\\k\\hybrid-overlay-node.exe",
                                                    "--node",
                                                    nodeName,
                                                    "--k8s-kubeconfig=C:\\k\\kubeconfig"))),
                                    sh)
                            .exitStatus());
            assertEquals(
                    0, ssh.run(ServiceCommands.start("hybrid-overlay-node"), sh).exitStatus());
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Map<String, String> a =
                        core.readNode(nodeName).execute().getMetadata().getAnnotations();
                return a != null && a.containsKey("k8s.ovn.org/hybrid-overlay-distributed-router-gateway-mac");
            });
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> host.hnsNetworks()
                            .containsAll(List.of(
                                    "BaseOVNKubernetesHybridOverlayNetwork", "OVNKubernetesHybridOverlayNetwork")));

            // the source VIP endpoint gets the .2 address of the node's subnet
            String subnet = core.readNode(nodeName)
                    .execute()
                    .getMetadata()
                    .getAnnotations()
                    .get("k8s.ovn.org/hybrid-overlay-node-subnet");
            ssh.upload("# hns".getBytes(UTF_8), "/C:/k/hns.psm1");
            String vip = HnsCommands.parseEndpointAddress(ssh.run(
                    HnsCommands.ensureEndpoint("C:\\k\\hns.psm1", "OVNKubernetesHybridOverlayNetwork", "VIPEndpoint"),
                    sh));
            assertEquals(subnet.substring(0, subnet.lastIndexOf('.')) + ".2", vip);

            // stopping the service ends the heartbeat; a restart reuses the certificate (no new CSR)
            assertEquals(0, ssh.run(ServiceCommands.stop("kubelet"), sh).exitStatus());
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> "Unknown"
                            .equals(ready(core.readNode(nodeName).execute()).getStatus()));
            assertEquals(0, ssh.run(ServiceCommands.start("kubelet"), sh).exitStatus());
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> "True"
                            .equals(ready(core.readNode(nodeName).execute()).getStatus()));
            assertEquals(
                    1,
                    certificates.listCertificateSigningRequest().execute().getItems().stream()
                            .filter(c -> ("system:bootstrap:" + tokenId)
                                    .equals(c.getSpec().getUsername()))
                            .count());
        }
        assertEquals(List.of(), host.unknownCommands());
        assertEquals(List.of(), host.emulationErrors());
    }

    private Optional<V1CertificateSigningRequest> pendingCsrOf(String username) throws ApiException {
        return certificates.listCertificateSigningRequest().execute().getItems().stream()
                .filter(c -> username.equals(c.getSpec().getUsername()))
                .findFirst();
    }

    private void approve(V1CertificateSigningRequest csr) throws ApiException {
        V1CertificateSigningRequestStatus status =
                csr.getStatus() == null ? new V1CertificateSigningRequestStatus() : csr.getStatus();
        status.addConditionsItem(new V1CertificateSigningRequestCondition()
                .type("Approved")
                .status("True")
                .reason("SimulatedWindowsHostIT")
                .message("approved by the test"));
        csr.setStatus(status);
        certificates
                .replaceCertificateSigningRequestApproval(csr.getMetadata().getName(), csr)
                .execute();
    }

    private V1Node readyNode() {
        try {
            V1Node n = core.readNode(nodeName).execute();
            return "True".equals(ready(n).getStatus()) ? n : null;
        } catch (ApiException e) {
            return null;
        }
    }

    private static V1NodeCondition ready(V1Node node) {
        return node.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .findFirst()
                .orElseThrow();
    }

    private interface ApiCall {
        void run() throws ApiException;
    }

    private static void ignoreErrors(ApiCall call) {
        try {
            call.run();
        } catch (ApiException e) {
            // cleanup of something that may not exist
        }
    }

    private static String random(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
