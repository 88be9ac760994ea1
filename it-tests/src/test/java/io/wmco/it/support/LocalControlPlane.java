package io.wmco.it.support;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Config;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
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
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import okhttp3.Response;

/**
 * etcd + kube-apiserver (+ kube-controller-manager for CSR signing) started as local processes from the binaries
 * that {@code it-tests/kube/build-binaries.sh} builds. Everything it writes (PKI, etcd data, logs, kubeconfig) lives
 * in its {@link RunDirectory}, whose processes a later run stops should this JVM be killed.
 *
 * <p>The API server runs with what a node-joining test needs: Node and RBAC authorization, bootstrap token
 * authentication and the NodeRestriction admission plugin. Two placements:
 * <ul>
 *   <li>with a {@link NodeNetwork} (so that a real {@link LinuxNode} can join): every process runs inside that
 *       namespace, the API server listens on all its addresses, advertises {@link NodeNetwork#NODE_IP} (so the
 *       {@code kubernetes} Service routes there), reaches kubelets by their InternalIP, and is relayed to
 *       {@code 127.0.0.1:PORT} of the test JVM; ServiceAccount admission is on, and kube-controller-manager also
 *       runs the ServiceAccount and root-CA publisher controllers, which pods need;</li>
 *   <li>without: in the test JVM's namespace on 127.0.0.1 ({@code --advertise-address=127.0.0.1}: newer API
 *       servers fail route detection where a sandbox has no default route), no ServiceAccount admission (no pods
 *       run).</li>
 * </ul>
 * Not thread-safe; started and stopped by {@link ClusterFixture}. Over 300 lines: one start sequence with the flags
 * of three processes, kept together so that each flag's reason stays next to it.
 */
final class LocalControlPlane implements AutoCloseable {

    static final String K8S_VERSION = System.getenv().getOrDefault("WMCO_K8S_VERSION", "1.34.4");
    /** The service network; the {@code kubernetes} Service gets its first address. */
    static final String SERVICE_CIDR = "10.0.0.0/24";

    private static final Duration STARTUP = Duration.ofSeconds(120);

    private final RunDirectory run;
    private final Path workDir;
    private final NodeNetwork network;
    private final List<ManagedProcess> processes = new ArrayList<>();
    private List<String> apiServerCommand;
    private ManagedProcess apiServer;
    private Pki.Issued ca;
    private String apiServerUrl;
    private int apiPort;
    private String kubeconfigYaml;
    private Path kubeconfigPath;
    private byte[] caPem;
    private boolean signs;
    private final StringBuilder timings = new StringBuilder();

    private LocalControlPlane(RunDirectory run, NodeNetwork network) {
        this.run = run;
        this.workDir = run.path();
        this.network = network;
    }

    /** Where the binaries are expected: the folder layout io.fabric8:kube-api-test also uses. */
    static Path binaryDir() {
        return testDir().resolve("k8s").resolve(K8S_VERSION + "-linux-amd64");
    }

    static Path controllerManagerBinary() {
        return extraBinary("kube-controller-manager");
    }

    /** A binary of {@code build-binaries.sh} kept beside the kube-api-test folder (controller manager, node parts). */
    static Path extraBinary(String name) {
        return testDir().resolve("extra").resolve(K8S_VERSION).resolve(name);
    }

    /** Whether kube-apiserver and etcd are present and executable. */
    static boolean binariesPresent() {
        return Files.isExecutable(binaryDir().resolve("kube-apiserver"))
                && Files.isExecutable(binaryDir().resolve("etcd"));
    }

    static Path testDir() {
        String dir = System.getenv("KUBE_API_TEST_DIR");
        return dir == null || dir.isBlank() ? Path.of(System.getProperty("user.home"), ".kubeapitest") : Path.of(dir);
    }

    /**
     * Starts the control plane in {@code run}, inside {@code network} when given; on any failure everything already
     * started is stopped again (the run directory stays with the caller).
     */
    static LocalControlPlane start(RunDirectory run, NodeNetwork network) {
        LocalControlPlane plane = new LocalControlPlane(run, network);
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

    /** The CA that signs the API server, clients and (through the controller manager) kubelets. */
    Pki.Issued ca() {
        return ca;
    }

    /** The API server's port (the same inside the node's namespace and, relayed, in the test JVM's). */
    int apiPort() {
        return apiPort;
    }

    /** Writes a kubeconfig for a client certificate of this cluster's CA into the run directory. */
    Path writeKubeconfig(String fileName, Pki.Issued client) {
        return write(
                workDir.resolve(fileName),
                ClusterCredentials.kubeconfig(
                        apiServerUrl, ca.certificatePem(), client.certificatePem(), client.privateKeyPem()));
    }

    /** Starts a process the way the control plane's own are started (inside the network, recorded, logged). */
    ManagedProcess launch(String name, List<String> command, Map<String, String> environment) {
        List<String> full = network == null ? command : network.inside(command);
        ManagedProcess process = ManagedProcess.start(name, full, workDir.resolve(name + ".log"), environment);
        run.recordProcess(name, process.pid());
        processes.add(process);
        return process;
    }

    /** Per-phase start durations, e.g. {@code "etcd 0.4 s, kube-apiserver 5.1 s"}. */
    String timings() {
        return timings.toString();
    }

    private void startAll() {
        boolean node = network != null;
        Instant now = Instant.now();
        ca = Pki.newCertificateAuthority("wmco-it-ca", now);
        Pki.Issued serving = Pki.issueServing(
                ca,
                "kube-apiserver",
                List.of(
                        "localhost",
                        "kubernetes",
                        "kubernetes.default",
                        "kubernetes.default.svc",
                        "kubernetes.default.svc.cluster.local"),
                List.of("127.0.0.1", "10.0.0.1", NodeNetwork.NODE_IP),
                now);
        Pki.Issued admin = Pki.issueClient(ca, "wmco-it-admin", "system:masters", now);
        Pki.Issued kubeletClient = Pki.issueClient(ca, "kube-apiserver-kubelet-client", "system:masters", now);
        caPem = ca.certificatePem().getBytes(UTF_8);

        Path pki = workDir.resolve("pki");
        Path caCrt = write(pki.resolve("ca.crt"), ca.certificatePem());
        Path caKey = write(pki.resolve("ca.key"), ca.privateKeyPem());
        Path servingCrt = write(pki.resolve("apiserver.crt"), serving.certificatePem() + ca.certificatePem());
        Path servingKey = write(pki.resolve("apiserver.key"), serving.privateKeyPem());
        Path kubeletClientCrt = write(pki.resolve("apiserver-kubelet-client.crt"), kubeletClient.certificatePem());
        Path kubeletClientKey = write(pki.resolve("apiserver-kubelet-client.key"), kubeletClient.privateKeyPem());
        KeyPair serviceAccountKeys = Pki.newKeyPair();
        Path saKey = write(pki.resolve("sa.key"), Pki.privateKeyPem(serviceAccountKeys.getPrivate()));
        Path saPub = write(pki.resolve("sa.pub"), Pki.pem(serviceAccountKeys.getPublic()));

        int etcdPort = freePort();
        int peerPort = freePort();
        apiPort = freePort();
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
                        "--log-level=warn"),
                Map.of());
        if (node) {
            InetSocketAddress client = new InetSocketAddress("127.0.0.1", etcdPort);
            network.forwardIn(client, client); // for the health check below, and for looking around
        }
        etcd.awaitReady("etcd /health", STARTUP, () -> etcdHealthy(etcdPort));
        phase("etcd", t0);

        apiServerUrl = "https://127.0.0.1:" + apiPort;
        kubeconfigYaml = ClusterCredentials.kubeconfig(
                apiServerUrl, ca.certificatePem(), admin.certificatePem(), admin.privateKeyPem());
        kubeconfigPath = write(workDir.resolve("admin.kubeconfig"), kubeconfigYaml);

        long t1 = System.nanoTime();
        apiServerCommand = new ArrayList<>(List.of(
                bin.resolve("kube-apiserver").toString(),
                "--secure-port=" + apiPort,
                "--etcd-servers=http://127.0.0.1:" + etcdPort,
                "--cert-dir=" + workDir.resolve("apiserver-certs"),
                "--tls-cert-file=" + servingCrt,
                "--tls-private-key-file=" + servingKey,
                "--client-ca-file=" + caCrt,
                "--authorization-mode=Node,RBAC",
                "--enable-bootstrap-token-auth=true",
                "--enable-admission-plugins=NodeRestriction",
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file=" + saPub,
                "--service-account-signing-key-file=" + saKey,
                "--service-cluster-ip-range=" + SERVICE_CIDR,
                "--kubelet-client-certificate=" + kubeletClientCrt,
                "--kubelet-client-key=" + kubeletClientKey,
                "--allow-privileged=true",
                "--profiling=false"));
        if (node) {
            apiServerCommand.addAll(List.of(
                    "--bind-address=0.0.0.0",
                    "--advertise-address=" + NodeNetwork.NODE_IP,
                    // A kubelet's Hostname address resolves nowhere here; kubeadm prefers InternalIP as well.
                    "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname"));
        } else {
            apiServerCommand.addAll(List.of(
                    "--bind-address=127.0.0.1",
                    "--advertise-address=127.0.0.1",
                    // Without the service-account controller no namespace gets a default ServiceAccount; pods would
                    // be refused. Without a node the tests create API objects only, no workloads that need tokens.
                    "--disable-admission-plugins=ServiceAccount",
                    // 127.0.0.1 may not be written into the 'kubernetes' Endpoints (loopback is refused).
                    "--endpoint-reconciler-type=none"));
        }
        apiServer = launch("kube-apiserver", apiServerCommand, Map.of());
        if (node) {
            InetSocketAddress api = new InetSocketAddress("127.0.0.1", apiPort);
            network.forwardIn(api, api);
        }
        ApiClient client = adminClient();
        apiServer.awaitReady("kube-apiserver /readyz", STARTUP, () -> ready(client));
        phase("kube-apiserver", t1);

        Path kcm = controllerManagerBinary();
        if (Files.isExecutable(kcm)) {
            long t2 = System.nanoTime();
            String controllers = System.getenv()
                    .getOrDefault(
                            "WMCO_IT_KCM_CONTROLLERS",
                            node ? "csrsigning,serviceaccount,root-ca-cert-publisher" : "csrsigning");
            ManagedProcess controllerManager = launch(
                    "kube-controller-manager",
                    List.of(
                            kcm.toString(),
                            "--kubeconfig=" + kubeconfigPath,
                            "--controllers=" + controllers,
                            "--cluster-signing-cert-file=" + caCrt,
                            "--cluster-signing-key-file=" + caKey,
                            "--root-ca-file=" + caCrt,
                            "--use-service-account-credentials=false",
                            "--leader-elect=false",
                            "--secure-port=0"),
                    Map.of());
            controllerManager.awaitReady(
                    "kube-controller-manager to sign a self-test CSR",
                    STARTUP,
                    () -> ClusterCredentials.selfTestSigned(client));
            signs = true;
            phase("kube-controller-manager (CSR signing proven)", t2);
        } else {
            timings.append(", no kube-controller-manager at ").append(kcm).append(" (CSRs are never signed)");
        }
    }

    /**
     * Stops kube-apiserver (SIGTERM, then kill) while etcd keeps running: clients see refused connections and broken
     * watches, as during a control-plane upgrade. Only for a plane of its own ({@link DedicatedCluster}), never the
     * shared one. {@link #startApiServer()} starts it again.
     */
    void stopApiServer() {
        if (network != null) {
            throw new IllegalStateException("stopping the API server of a node-capable plane is not supported");
        }
        if (apiServer != null) {
            apiServer.close();
            processes.remove(apiServer);
            apiServer = null;
        }
    }

    /** Starts kube-apiserver again with the same flags, port and certificates; returns once it is ready. */
    void startApiServer() {
        if (apiServer != null) {
            throw new IllegalStateException("kube-apiserver is running");
        }
        apiServer = launch("kube-apiserver", apiServerCommand, Map.of());
        ApiClient client = adminClient();
        apiServer.awaitReady("kube-apiserver /readyz after a restart", STARTUP, () -> ready(client));
    }

    ApiClient adminClient() {
        try {
            return Config.fromConfig(new StringReader(kubeconfigYaml));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the generated kubeconfig", e);
        }
    }

    private void phase(String name, long startNanos) {
        if (timings.length() > 0) {
            timings.append(", ");
        }
        timings.append(name).append(' ').append(String.format("%.1f s", (System.nanoTime() - startNanos) / 1e9));
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

    /** Stops what this control plane started, newest first; the run directory's clean-up does the rest. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        processes.clear();
    }
}
