package io.wmco.it.support;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CertificatesV1Api;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestCondition;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestSpec;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.Config;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.Request;
import okhttp3.Response;
import org.awaitility.core.ConditionTimeoutException;

/**
 * etcd + kube-apiserver (+ kube-controller-manager for CSR signing) started as local processes from
 * the binaries that {@code it-tests/kube/build-binaries.sh} builds. Everything it writes (PKI, etcd
 * data, logs, kubeconfig) lives in one temporary directory removed by {@link #close()}.
 *
 * <p>The API server runs with what a node-joining test needs: Node and RBAC authorization, bootstrap
 * token authentication, the NodeRestriction admission plugin and {@code --advertise-address=127.0.0.1}.
 * Not thread-safe; started and stopped by {@link ClusterFixture}.
 */
final class LocalControlPlane implements AutoCloseable {

    static final String K8S_VERSION = System.getenv().getOrDefault("WMCO_K8S_VERSION", "1.34.4");
    private static final Duration STARTUP = Duration.ofSeconds(120);

    private final Path workDir;
    private final List<ManagedProcess> processes = new ArrayList<>();
    private String apiServerUrl;
    private String kubeconfigYaml;
    private Path kubeconfigPath;
    private byte[] caPem;
    private boolean signs;
    private final StringBuilder timings = new StringBuilder();

    private LocalControlPlane(Path workDir) {
        this.workDir = workDir;
    }

    /** Where the binaries are expected: the folder layout io.fabric8:kube-api-test also uses. */
    static Path binaryDir() {
        return testDir().resolve("k8s").resolve(K8S_VERSION + "-linux-amd64");
    }

    static Path controllerManagerBinary() {
        return testDir().resolve("extra").resolve(K8S_VERSION).resolve("kube-controller-manager");
    }

    /** Whether kube-apiserver and etcd are present and executable. */
    static boolean binariesPresent() {
        return Files.isExecutable(binaryDir().resolve("kube-apiserver"))
                && Files.isExecutable(binaryDir().resolve("etcd"));
    }

    private static Path testDir() {
        String dir = System.getenv("KUBE_API_TEST_DIR");
        return dir == null || dir.isBlank() ? Path.of(System.getProperty("user.home"), ".kubeapitest") : Path.of(dir);
    }

    /** Starts the control plane; on any failure everything already started is stopped again. */
    static LocalControlPlane start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("wmco-it-kube-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary directory for the control plane", e);
        }
        LocalControlPlane plane = new LocalControlPlane(dir);
        try {
            plane.startAll();
            return plane;
        } catch (RuntimeException e) {
            plane.close();
            throw e;
        }
    }

    String apiServerUrl() {
        return apiServerUrl;
    }

    String kubeconfigYaml() {
        return kubeconfigYaml;
    }

    Path kubeconfigPath() {
        return kubeconfigPath;
    }

    byte[] caPem() {
        return caPem.clone();
    }

    boolean signsCertificates() {
        return signs;
    }

    /** Per-phase start durations, e.g. {@code "etcd 0.4 s, kube-apiserver 5.1 s"}. */
    String timings() {
        return timings.toString();
    }

    private void startAll() {
        Instant now = Instant.now();
        Pki.Issued ca = Pki.newCertificateAuthority("wmco-it-ca", now);
        Pki.Issued serving = Pki.issueServing(
                ca,
                "kube-apiserver",
                List.of(
                        "localhost",
                        "kubernetes",
                        "kubernetes.default",
                        "kubernetes.default.svc",
                        "kubernetes.default.svc.cluster.local"),
                List.of("127.0.0.1", "10.0.0.1"),
                now);
        Pki.Issued admin = Pki.issueClient(ca, "wmco-it-admin", "system:masters", now);
        caPem = ca.certificatePem().getBytes(UTF_8);

        Path pki = workDir.resolve("pki");
        Path caCrt = write(pki.resolve("ca.crt"), ca.certificatePem());
        Path caKey = write(pki.resolve("ca.key"), ca.privateKeyPem());
        Path servingCrt = write(pki.resolve("apiserver.crt"), serving.certificatePem() + ca.certificatePem());
        Path servingKey = write(pki.resolve("apiserver.key"), serving.privateKeyPem());
        KeyPair serviceAccountKeys = Pki.newKeyPair();
        Path saKey = write(pki.resolve("sa.key"), Pki.privateKeyPem(serviceAccountKeys.getPrivate()));
        Path saPub = write(pki.resolve("sa.pub"), Pki.pem(serviceAccountKeys.getPublic()));

        int etcdPort = freePort();
        int peerPort = freePort();
        int apiPort = freePort();
        Path bin = binaryDir();

        long t0 = System.nanoTime();
        ManagedProcess etcd = launch(
                "etcd",
                List.of(
                        bin.resolve("etcd").toString(),
                        "--name=wmco-it",
                        "--data-dir=" + workDir.resolve("etcd-data"),
                        "--listen-client-urls=http://127.0.0.1:" + etcdPort,
                        "--advertise-client-urls=http://127.0.0.1:" + etcdPort,
                        "--listen-peer-urls=http://127.0.0.1:" + peerPort,
                        "--initial-advertise-peer-urls=http://127.0.0.1:" + peerPort,
                        "--initial-cluster=wmco-it=http://127.0.0.1:" + peerPort,
                        "--unsafe-no-fsync=true",
                        "--log-level=warn"));
        waitFor(etcd, "etcd /health", () -> etcdHealthy(etcdPort));
        phase("etcd", t0);

        apiServerUrl = "https://127.0.0.1:" + apiPort;
        kubeconfigYaml = kubeconfig(apiServerUrl, ca.certificatePem(), admin.certificatePem(), admin.privateKeyPem());
        kubeconfigPath = write(workDir.resolve("admin.kubeconfig"), kubeconfigYaml);

        long t1 = System.nanoTime();
        ManagedProcess apiServer = launch(
                "kube-apiserver",
                List.of(
                        bin.resolve("kube-apiserver").toString(),
                        "--advertise-address=127.0.0.1",
                        "--bind-address=127.0.0.1",
                        "--secure-port=" + apiPort,
                        "--etcd-servers=http://127.0.0.1:" + etcdPort,
                        "--cert-dir=" + workDir.resolve("apiserver-certs"),
                        "--tls-cert-file=" + servingCrt,
                        "--tls-private-key-file=" + servingKey,
                        "--client-ca-file=" + caCrt,
                        "--authorization-mode=Node,RBAC",
                        "--enable-bootstrap-token-auth=true",
                        "--enable-admission-plugins=NodeRestriction",
                        // Without the service-account controller no namespace gets a default ServiceAccount; pods
                        // would be refused. The tests create API objects only, no workloads that need tokens.
                        "--disable-admission-plugins=ServiceAccount",
                        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                        "--service-account-key-file=" + saPub,
                        "--service-account-signing-key-file=" + saKey,
                        "--service-cluster-ip-range=10.0.0.0/24",
                        // 127.0.0.1 may not be written into the 'kubernetes' Endpoints (loopback is refused).
                        "--endpoint-reconciler-type=none",
                        "--allow-privileged=true",
                        "--profiling=false"));
        ApiClient client = adminClient();
        waitFor(apiServer, "kube-apiserver /readyz", () -> ready(client));
        phase("kube-apiserver", t1);

        Path kcm = controllerManagerBinary();
        if (Files.isExecutable(kcm)) {
            long t2 = System.nanoTime();
            ManagedProcess controllerManager = launch(
                    "kube-controller-manager",
                    List.of(
                            kcm.toString(),
                            "--kubeconfig=" + kubeconfigPath,
                            "--controllers=" + System.getenv().getOrDefault("WMCO_IT_KCM_CONTROLLERS", "csrsigning"),
                            "--cluster-signing-cert-file=" + caCrt,
                            "--cluster-signing-key-file=" + caKey,
                            "--use-service-account-credentials=false",
                            "--leader-elect=false",
                            "--secure-port=0"));
            waitFor(controllerManager, "kube-controller-manager to sign a self-test CSR", () -> selfTestSigned(client));
            signs = true;
            phase("kube-controller-manager (CSR signing proven)", t2);
        } else {
            timings.append(", no kube-controller-manager at ").append(kcm).append(" (CSRs are never signed)");
        }
    }

    ApiClient adminClient() {
        try {
            return Config.fromConfig(new StringReader(kubeconfigYaml));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the generated kubeconfig", e);
        }
    }

    private ManagedProcess launch(String name, List<String> command) {
        ManagedProcess process = ManagedProcess.start(name, command, workDir.resolve(name + ".log"));
        processes.add(process);
        return process;
    }

    private void phase(String name, long startNanos) {
        if (timings.length() > 0) {
            timings.append(", ");
        }
        timings.append(name).append(' ').append(String.format("%.1f s", (System.nanoTime() - startNanos) / 1e9));
    }

    private interface Probe {
        boolean ok() throws Exception;
    }

    private static void waitFor(ManagedProcess process, String what, Probe probe) {
        try {
            await(what)
                    .atMost(STARTUP)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        process.requireAlive();
                        try {
                            return probe.ok();
                        } catch (IOException | ApiException e) {
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(
                    "timed out after " + STARTUP.toSeconds() + " s waiting for " + what + "; end of " + process.name()
                            + " log:\n" + process.tail(40),
                    e);
        }
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static boolean etcdHealthy(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 && response.body().contains("\"true\"");
    }

    private boolean ready(ApiClient client) throws IOException {
        try (Response response = client.getHttpClient()
                .newCall(new Request.Builder().url(apiServerUrl + "/readyz").build())
                .execute()) {
            return response.code() == 200;
        }
    }

    private static final String SELF_TEST_CSR = "wmco-it-signing-self-test";

    /** One poll of the signing self-test: creates and approves a kubelet client CSR, true once signed. */
    private static boolean selfTestSigned(ApiClient client) throws ApiException {
        CertificatesV1Api api = new CertificatesV1Api(client);
        V1CertificateSigningRequest csr;
        try {
            csr = api.readCertificateSigningRequest(SELF_TEST_CSR).execute();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            String request =
                    Pki.certificateRequestPem("O=system:nodes,CN=system:node:wmco-it-self-test", Pki.newKeyPair());
            csr = api.createCertificateSigningRequest(new V1CertificateSigningRequest()
                            .metadata(new V1ObjectMeta().name(SELF_TEST_CSR))
                            .spec(new V1CertificateSigningRequestSpec()
                                    .signerName("kubernetes.io/kube-apiserver-client-kubelet")
                                    .usages(List.of("digital signature", "client auth"))
                                    .request(request.getBytes(UTF_8))))
                    .execute();
        }
        V1CertificateSigningRequestStatus status = csr.getStatus();
        boolean approved = status != null
                && status.getConditions() != null
                && status.getConditions().stream().anyMatch(c -> "Approved".equals(c.getType()));
        if (!approved) {
            csr.status(new V1CertificateSigningRequestStatus()
                    .addConditionsItem(new V1CertificateSigningRequestCondition()
                            .type("Approved")
                            .status("True")
                            .reason("WmcoItSelfTest")
                            .message("proves that the test cluster signs certificates")));
            api.replaceCertificateSigningRequestApproval(SELF_TEST_CSR, csr).execute();
            return false;
        }
        boolean signed = status.getCertificate() != null && status.getCertificate().length > 0;
        if (signed) {
            api.deleteCertificateSigningRequest(SELF_TEST_CSR).execute();
        }
        return signed;
    }

    private static String kubeconfig(String server, String caPem, String clientCertPem, String clientKeyPem) {
        Base64.Encoder b64 = Base64.getEncoder();
        return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: wmco-it
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: wmco-it-admin
          user:
            client-certificate-data: %s
            client-key-data: %s
        contexts:
        - name: wmco-it
          context:
            cluster: wmco-it
            user: wmco-it-admin
        current-context: wmco-it
        """.formatted(
                        server,
                        b64.encodeToString(caPem.getBytes(UTF_8)),
                        b64.encodeToString(clientCertPem.getBytes(UTF_8)),
                        b64.encodeToString(clientKeyPem.getBytes(UTF_8)));
    }

    private static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }

    /** Stops controller-manager, API server and etcd (in that order) and removes the work directory. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        processes.clear();
        if ("true".equals(System.getenv("WMCO_IT_KEEP_WORKDIR"))) {
            return;
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory left behind is harmless
        }
    }
}
