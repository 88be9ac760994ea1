package io.wmco.testkit.sim;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CertificatesV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestCondition;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.PatchUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.operator.OperatorCreationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the {@code kubelet} service as {@link KubeletEmulation} plays it, from its command line: reuses the
 * client certificate in {@code --kubeconfig} or bootstraps one through a client CSR, registers the Node, starts a
 * {@link ServingCertificateRequest} when the configuration file asks for {@code serverTLSBootstrap}, and posts Ready
 * every heartbeat until {@link #stop()}, which posts Ready Unknown. Each step runs on the emulation's scheduler and
 * schedules the next; a step that finds the run stopped does nothing.
 *
 * <p>Slightly over 300 lines: the steps share the run's state (client, key, deadlines) and call one another, so they
 * read as one sequence; the serving CSR, the Node objects and the kubeconfig files live in their own classes.
 */
final class EmulatedKubelet {
    private static final Logger LOG = LoggerFactory.getLogger(EmulatedKubelet.class);

    private final KubeletEmulation emulation;
    private final KubeletEmulation.HostView host;
    private final ScheduledExecutorService scheduler;
    private final Duration heartbeat;
    private final Duration certificateTimeout;
    private final Map<String, String> flags;
    private final String nodeName;
    volatile boolean stopped;
    private ScheduledFuture<?> heartbeatTask;
    private ApiClient nodeClient;
    private Instant csrDeadline;
    private Instant filingDeadline;
    private String csrName;
    private KeyPair keyPair;
    private DriveKubeconfig.Access bootstrap;
    private volatile KubeletConfigFile config = KubeletConfigFile.NONE;

    EmulatedKubelet(KubeletEmulation emulation, List<String> argv) {
        this.emulation = emulation;
        this.host = emulation.host;
        this.scheduler = emulation.scheduler;
        this.heartbeat = emulation.heartbeat;
        this.certificateTimeout = emulation.certificateTimeout;
        this.flags = KubeletEmulation.flags(argv);
        String name = flags.getOrDefault("hostname-override", host.machine().hostname());
        this.nodeName = name.toLowerCase(java.util.Locale.ROOT);
    }

    void begin() {
        if (stopped) {
            return;
        }
        String configPath = flags.get("config");
        if (configPath != null) {
            try {
                config = KubeletConfigFile.read(host.drive().resolve(configPath), configPath);
            } catch (IOException | RuntimeException e) {
                emulation.fail("kubelet: cannot start", e);
                return;
            }
        }
        String providers = flags.get("image-credential-provider-config");
        if (providers != null) {
            try {
                CredentialProviderFile.check(host.drive(), providers, flags.get("image-credential-provider-bin-dir"));
            } catch (IOException | RuntimeException e) {
                emulation.fail("kubelet: cannot start", e);
                return;
            }
        }
        String kubeconfig = flags.get("kubeconfig");
        if (kubeconfig == null) {
            emulation.fail("kubelet: --kubeconfig is missing from the service command line");
            return;
        }
        try {
            Path existing = host.drive().resolve(kubeconfig);
            if (Files.isRegularFile(existing)) {
                DriveKubeconfig.Access access = DriveKubeconfig.read(host.drive(), kubeconfig);
                if (access.certPem() != null && access.keyPem() != null) {
                    nodeClient = access.client();
                    register();
                    return;
                }
            }
            String bootstrapPath = flags.get("bootstrap-kubeconfig");
            if (bootstrapPath == null) {
                emulation.fail("kubelet: no client certificate in " + kubeconfig + " and no --bootstrap-kubeconfig");
                return;
            }
            bootstrap = DriveKubeconfig.read(host.drive(), bootstrapPath);
            filingDeadline = Instant.now().plus(certificateTimeout);
            requestCertificate();
        } catch (IOException | RuntimeException e) {
            emulation.fail("kubelet: cannot start", e);
        }
    }

    private void requestCertificate() {
        if (stopped) {
            return;
        }
        try {
            keyPair = CertificateRequests.newKeyPair();
            V1CertificateSigningRequest body = CertificateRequests.client(nodeName, keyPair);
            V1CertificateSigningRequest created = new CertificatesV1Api(bootstrap.client())
                    .createCertificateSigningRequest(body)
                    .execute();
            csrName = created.getMetadata().getName();
            csrDeadline = Instant.now().plus(certificateTimeout);
            LOG.info("simulated kubelet {} filed CSR {}", nodeName, csrName);
            schedule(this::pollCertificate, KubeletEmulation.POLL);
        } catch (ApiException e) {
            // Like a real kubelet, retry what may pass: a bootstrap token the API server has not loaded yet
            // (401), an API server that has just (re)started and refuses (403) until its RBAC caches are
            // filled, throttling (429) and server errors, until the certificate deadline.
            boolean transientFailure = e.getCode() == 401
                    || e.getCode() == 403
                    || e.getCode() == 429
                    || e.getCode() >= 500
                    || e.getCode() == 0;
            if (transientFailure && Instant.now().isBefore(filingDeadline)) {
                LOG.info("simulated kubelet {}: filing the client CSR got HTTP {}; retrying", nodeName, e.getCode());
                schedule(this::requestCertificate, KubeletEmulation.POLL.multipliedBy(2));
            } else {
                emulation.fail("kubelet " + nodeName + ": filing the client CSR failed", e);
            }
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            emulation.fail("kubelet " + nodeName + ": filing the client CSR failed", e);
        }
    }

    private void pollCertificate() {
        if (stopped) {
            return;
        }
        try {
            V1CertificateSigningRequest csr = new CertificatesV1Api(bootstrap.client())
                    .readCertificateSigningRequest(csrName)
                    .execute();
            byte[] cert = csr.getStatus() == null ? null : csr.getStatus().getCertificate();
            if (cert != null && cert.length > 0) {
                writeKubeconfig(cert);
                register();
                return;
            }
            List<V1CertificateSigningRequestCondition> conditions =
                    csr.getStatus() == null || csr.getStatus().getConditions() == null
                            ? List.of()
                            : csr.getStatus().getConditions();
            for (V1CertificateSigningRequestCondition c : conditions) {
                if ("Denied".equals(c.getType()) || "Failed".equals(c.getType())) {
                    emulation.fail(
                            "kubelet " + nodeName + ": CSR " + csrName + " " + c.getType() + ": " + c.getMessage());
                    return;
                }
            }
            if (Instant.now().isAfter(csrDeadline)) {
                boolean approved = conditions.stream().anyMatch(c -> "Approved".equals(c.getType()));
                emulation.fail("kubelet " + nodeName + ": CSR " + csrName + " was "
                        + (approved
                                ? "approved but never signed (is kube-controller-manager signing?)"
                                : "never approved")
                        + " within " + certificateTimeout);
                return;
            }
        } catch (ApiException | IOException e) {
            emulation.fail("kubelet " + nodeName + ": reading CSR " + csrName + " failed", e);
        }
        schedule(this::pollCertificate, KubeletEmulation.POLL);
    }

    private void writeKubeconfig(byte[] certPem) throws IOException {
        byte[] keyPem = CertificateRequests.pemOf(keyPair);
        String certDir = flags.get("cert-dir");
        if (certDir != null) {
            Path dir = host.drive().resolve(certDir);
            Files.createDirectories(dir);
            Files.write(
                    dir.resolve("kubelet-client-current.pem"), CertificateRequests.certificateAndKey(certPem, keyPem));
        }
        DriveKubeconfig.writeWithClientCertificate(host.drive(), flags.get("kubeconfig"), bootstrap, certPem, keyPem);
        nodeClient = DriveKubeconfig.read(host.drive(), flags.get("kubeconfig")).client();
    }

    private void register() {
        if (stopped) {
            return;
        }
        CoreV1Api api = new CoreV1Api(nodeClient);
        V1Node node = new V1Node()
                .metadata(new V1ObjectMeta()
                        .name(nodeName)
                        .labels(NodeObjects.labels(
                                flags, nodeName, host.machine().windowsBuild())))
                .spec(new V1NodeSpec().taints(NodeObjects.taints(flags, config)))
                .status(NodeObjects.status(
                        null,
                        nodeName,
                        flags.getOrDefault("node-ip", host.bindAddress()),
                        host.machine().windowsBuild(),
                        config,
                        emulation.kubeletVersion));
        try {
            api.createNode(node).execute();
            LOG.info("simulated kubelet registered node {}", nodeName);
        } catch (ApiException e) {
            if (e.getCode() != 409) {
                emulation.fail("kubelet " + nodeName + ": registering the Node failed", e);
                schedule(this::register, heartbeat);
                return;
            }
            // registered before: like a real kubelet, keep the taints and report the configured resources
            updateResources(api);
        }
        emulation.registered(nodeName);
        synchronized (this) {
            if (!stopped) {
                heartbeatTask = scheduler.scheduleWithFixedDelay(
                        this::heartbeat, 0, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        if (config.serverTlsBootstrap()) {
            ServingCertificateRequest serving = new ServingCertificateRequest(
                    emulation,
                    () -> stopped,
                    nodeClient,
                    nodeName,
                    flags.getOrDefault("node-ip", host.bindAddress()),
                    flags.get("cert-dir"));
            scheduler.execute(serving::file);
        }
    }

    /** Patches capacity and allocatable of an existing Node, as a restarted kubelet does. */
    private void updateResources(CoreV1Api api) {
        try {
            String body = nodeClient
                    .getJSON()
                    .serialize(Map.of(
                            "status", Map.of("capacity", config.capacity(), "allocatable", config.allocatable())));
            PatchUtils.patch(
                    V1Node.class,
                    () -> api.patchNodeStatus(nodeName, new V1Patch(body)).buildCall(null),
                    V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
                    nodeClient);
        } catch (ApiException e) {
            emulation.fail("kubelet " + nodeName + ": updating the Node's resources failed", e);
        }
    }

    private void heartbeat() {
        if (stopped) {
            return;
        }
        updateReady("True", "KubeletReady", "kubelet is posting ready status (simulated)");
    }

    private void updateReady(String status, String reason, String message) {
        CoreV1Api api = new CoreV1Api(nodeClient);
        try {
            // Like a real kubelet, patch only the status: a full replace would race with label and annotation
            // changes made by others, which NodeRestriction forbids a kubelet to undo.
            V1Node current = api.readNode(nodeName).execute();
            V1NodeCondition ready = NodeObjects.readyCondition(current.getStatus(), status, reason, message);
            String body = nodeClient.getJSON().serialize(Map.of("status", Map.of("conditions", List.of(ready))));
            PatchUtils.patch(
                    V1Node.class,
                    () -> api.patchNodeStatus(nodeName, new V1Patch(body)).buildCall(null),
                    V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
                    nodeClient);
        } catch (ApiException e) {
            emulation.fail("kubelet " + nodeName + ": updating the Node status failed", e);
        }
    }

    void stop() {
        synchronized (this) {
            stopped = true;
            if (heartbeatTask != null) {
                heartbeatTask.cancel(false);
            }
        }
        if (nodeClient != null && emulation.registeredNodeName().isPresent()) {
            scheduler.execute(() -> updateReady(
                    "Unknown",
                    "NodeStatusUnknown",
                    "Kubelet stopped posting node " + "status (simulated service stop)."));
        }
    }

    private void schedule(Runnable step, Duration delay) {
        if (!stopped) {
            scheduler.schedule(step, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
