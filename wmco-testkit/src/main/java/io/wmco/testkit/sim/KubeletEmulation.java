package io.wmco.testkit.sim;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CertificatesV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestCondition;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestSpec;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1NodeSystemInfo;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Taint;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import io.kubernetes.client.util.credentials.ClientCertificateAuthentication;
import io.wmco.domain.remote.WindowsCommandLine;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts as the kubelet and hybrid-overlay of a simulated Windows host against a real API server, driven by the
 * start and stop of the {@code kubelet} and {@code hybrid-overlay-node} services.
 *
 * <p>Kubelet: parses the service command line (Windows rules) for {@code --bootstrap-kubeconfig},
 * {@code --kubeconfig}, {@code --cert-dir}, {@code --node-labels}, {@code --register-with-taints} (else the
 * {@code registerWithTaints} of its {@code --config} file, see {@link KubeletConfigFile}, which also gives the node's
 * pod capacity and allocatable resources),
 * {@code --node-ip} and {@code --hostname-override}; reuses the client certificate in {@code --kubeconfig} if present,
 * otherwise files a client CSR ({@code kubernetes.io/kube-apiserver-client-kubelet}) with the bootstrap credentials,
 * waits until it is approved and signed, writes the kubeconfig; then registers the Node and refreshes its Ready
 * condition every heartbeat interval. With {@code serverTLSBootstrap: true} in its {@code --config} file it also files
 * a serving CSR ({@code kubernetes.io/kubelet-serving}, SANs: node name and IP) as the node. When the service stops, Ready becomes Unknown and the heartbeat ends.
 *
 * <p>Hybrid-overlay: with {@code --node <name>}, waits for the subnet annotation on the Node, then sets the
 * gateway-MAC annotation and creates the two HNS networks. It uses {@code --k8s-kubeconfig} or else the kubelet's
 * kubeconfig.
 *
 * <p>Failures (API rejections, missing files, timeouts) are logged and kept in {@link #errors()}. Thread-safe.
 */
final class KubeletEmulation implements WindowsMachine.ServiceListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubeletEmulation.class);

    static final String KUBELET_SERVICE = "kubelet";
    static final String HYBRID_OVERLAY_SERVICE = "hybrid-overlay-node";
    static final String SUBNET_ANNOTATION = "k8s.ovn.org/hybrid-overlay-node-subnet";
    static final String GATEWAY_MAC_ANNOTATION = "k8s.ovn.org/hybrid-overlay-distributed-router-gateway-mac";
    static final List<String> HNS_NETWORKS =
            List.of("BaseOVNKubernetesHybridOverlayNetwork", "OVNKubernetesHybridOverlayNetwork");
    private static final Duration POLL = Duration.ofMillis(500);

    /** What the emulation may see of its host. */
    record HostView(VirtualDrive drive, WindowsMachine machine, String bindAddress) {}

    private final HostView host;
    private final Duration heartbeat;
    private final Duration certificateTimeout;
    private final String kubeletVersion;
    private final ScheduledExecutorService scheduler;
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private volatile Kubelet kubelet;
    private volatile HybridOverlay overlay;
    private volatile String registeredNodeName;
    private volatile boolean servingCertificateIssued;

    KubeletEmulation(HostView host, Duration heartbeat, Duration certificateTimeout, String kubeletVersion) {
        this.host = requireNonNull(host, "host cannot be null");
        this.heartbeat = requireNonNull(heartbeat, "heartbeat cannot be null");
        this.certificateTimeout = requireNonNull(certificateTimeout, "certificateTimeout cannot be null");
        this.kubeletVersion = requireNonNull(kubeletVersion, "kubeletVersion cannot be null");
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "simwin-kubelet");
            t.setDaemon(true);
            return t;
        });
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    /** Whether a serving certificate was issued to the emulated kubelet ({@code serverTLSBootstrap}). */
    boolean servingCertificateIssued() {
        return servingCertificateIssued;
    }

    Optional<String> registeredNodeName() {
        return Optional.ofNullable(registeredNodeName);
    }

    @Override
    public void started(ServiceSnapshot service) {
        if (service.name().equalsIgnoreCase(KUBELET_SERVICE)) {
            Kubelet k = new Kubelet(service.argv());
            kubelet = k;
            scheduler.execute(k::begin);
        } else if (service.name().equalsIgnoreCase(HYBRID_OVERLAY_SERVICE)) {
            HybridOverlay h = new HybridOverlay(service.argv());
            overlay = h;
            scheduler.execute(h::poll);
        }
    }

    @Override
    public void stopped(ServiceSnapshot service) {
        if (service.name().equalsIgnoreCase(KUBELET_SERVICE)) {
            Kubelet k = kubelet;
            kubelet = null;
            if (k != null) {
                k.stop();
            }
        } else if (service.name().equalsIgnoreCase(HYBRID_OVERLAY_SERVICE)) {
            HybridOverlay h = overlay;
            overlay = null;
            if (h != null) {
                h.stopped = true;
            }
        }
    }

    @Override
    public void close() {
        Kubelet k = kubelet;
        if (k != null) {
            k.stopped = true;
        }
        HybridOverlay h = overlay;
        if (h != null) {
            h.stopped = true;
        }
        scheduler.shutdownNow();
    }

    private void fail(String what, Exception e) {
        String detail = e instanceof ApiException api
                ? "HTTP " + api.getCode() + " " + abbreviate(api.getResponseBody())
                : String.valueOf(e);
        String message = what + ": " + detail;
        errors.add(message);
        LOG.warn("simulated host {}: {}", host.machine().hostname(), message);
    }

    private void fail(String message) {
        errors.add(message);
        LOG.warn("simulated host {}: {}", host.machine().hostname(), message);
    }

    /** {@code --name=value} and {@code --name value} flags of a command line. */
    static Map<String, String> flags(List<String> argv) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if (!a.startsWith("--")) {
                continue;
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                flags.put(a.substring(2, eq), a.substring(eq + 1));
            } else if (i + 1 < argv.size() && !argv.get(i + 1).startsWith("--")) {
                flags.put(a.substring(2), argv.get(++i));
            } else {
                flags.put(a.substring(2), "true");
            }
        }
        return flags;
    }

    /** Credentials and server read from a kubeconfig on the virtual drive. */
    private record Access(String server, byte[] caPem, boolean verifySsl, String token, byte[] certPem, byte[] keyPem) {
        ApiClient client() throws IOException {
            ClientBuilder b = new ClientBuilder().setBasePath(server).setVerifyingSsl(verifySsl);
            if (caPem != null) {
                b.setCertificateAuthority(caPem);
            }
            if (certPem != null && keyPem != null) {
                b.setAuthentication(new ClientCertificateAuthentication(certPem, keyPem));
            } else if (token != null) {
                b.setAuthentication(new AccessTokenAuthentication(token));
            }
            return b.build();
        }
    }

    /** Reads a kubeconfig from the drive; file references are Windows paths on the same drive. */
    private Access readKubeconfig(String windowsPath) throws IOException {
        Path file = host.drive().resolve(windowsPath);
        if (!Files.isRegularFile(file)) {
            throw new IOException("kubeconfig " + windowsPath + " does not exist");
        }
        KubeConfig kc = KubeConfig.loadKubeConfig(new StringReader(Files.readString(file)));
        byte[] ca = decodeOrRead(kc.getCertificateAuthorityData(), kc.getCertificateAuthorityFile());
        byte[] cert = decodeOrRead(kc.getClientCertificateData(), kc.getClientCertificateFile());
        byte[] key = decodeOrRead(kc.getClientKeyData(), kc.getClientKeyFile());
        String token = null;
        Map<String, String> creds = null;
        try {
            creds = kc.getCredentials();
        } catch (RuntimeException e) {
            LOG.debug("kubeconfig {} credentials are not plain", windowsPath, e);
        }
        if (creds != null) {
            token = creds.get(KubeConfig.CRED_TOKEN_KEY);
        }
        if (kc.getServer() == null) {
            throw new IOException("kubeconfig " + windowsPath + " names no server");
        }
        return new Access(kc.getServer(), ca, kc.verifySSL(), token, cert, key);
    }

    private byte[] decodeOrRead(String data, String windowsFile) throws IOException {
        if (data != null) {
            return Base64.getDecoder().decode(data.strip());
        }
        if (windowsFile != null) {
            return Files.readAllBytes(host.drive().resolve(windowsFile));
        }
        return null;
    }

    private final class Kubelet {
        private final Map<String, String> flags;
        private final String nodeName;
        volatile boolean stopped;
        private ScheduledFuture<?> heartbeatTask;
        private ApiClient nodeClient;
        private Instant csrDeadline;
        private Instant filingDeadline;
        private String csrName;
        private KeyPair keyPair;
        private Access bootstrap;
        private volatile KubeletConfigFile config = KubeletConfigFile.NONE;

        Kubelet(List<String> argv) {
            this.flags = flags(argv);
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
                    fail("kubelet: cannot start", e);
                    return;
                }
            }
            String providers = flags.get("image-credential-provider-config");
            if (providers != null) {
                try {
                    CredentialProviderFile.check(
                            host.drive(), providers, flags.get("image-credential-provider-bin-dir"));
                } catch (IOException | RuntimeException e) {
                    fail("kubelet: cannot start", e);
                    return;
                }
            }
            String kubeconfig = flags.get("kubeconfig");
            if (kubeconfig == null) {
                fail("kubelet: --kubeconfig is missing from the service command line");
                return;
            }
            try {
                Path existing = host.drive().resolve(kubeconfig);
                if (Files.isRegularFile(existing)) {
                    Access access = readKubeconfig(kubeconfig);
                    if (access.certPem() != null && access.keyPem() != null) {
                        nodeClient = access.client();
                        register();
                        return;
                    }
                }
                String bootstrapPath = flags.get("bootstrap-kubeconfig");
                if (bootstrapPath == null) {
                    fail("kubelet: no client certificate in " + kubeconfig + " and no --bootstrap-kubeconfig");
                    return;
                }
                bootstrap = readKubeconfig(bootstrapPath);
                filingDeadline = Instant.now().plus(certificateTimeout);
                requestCertificate();
            } catch (IOException | RuntimeException e) {
                fail("kubelet: cannot start", e);
            }
        }

        private void requestCertificate() {
            if (stopped) {
                return;
            }
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                keyPair = g.generateKeyPair();
                X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE)
                        .addRDN(BCStyle.O, "system:nodes")
                        .addRDN(BCStyle.CN, "system:node:" + nodeName);
                PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
                                subject.build(), keyPair.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate()));
                byte[] pem = pem("CERTIFICATE REQUEST", csr.getEncoded());
                V1CertificateSigningRequest body = new V1CertificateSigningRequest()
                        .metadata(new V1ObjectMeta().generateName("csr-"))
                        .spec(new V1CertificateSigningRequestSpec()
                                .request(pem)
                                .signerName("kubernetes.io/kube-apiserver-client-kubelet")
                                .usages(List.of("digital signature", "key encipherment", "client auth")));
                V1CertificateSigningRequest created = new CertificatesV1Api(bootstrap.client())
                        .createCertificateSigningRequest(body)
                        .execute();
                csrName = created.getMetadata().getName();
                csrDeadline = Instant.now().plus(certificateTimeout);
                LOG.info("simulated kubelet {} filed CSR {}", nodeName, csrName);
                schedule(this::pollCertificate, POLL);
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
                    LOG.info(
                            "simulated kubelet {}: filing the client CSR got HTTP {}; retrying", nodeName, e.getCode());
                    schedule(this::requestCertificate, POLL.multipliedBy(2));
                } else {
                    fail("kubelet " + nodeName + ": filing the client CSR failed", e);
                }
            } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
                fail("kubelet " + nodeName + ": filing the client CSR failed", e);
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
                        fail("kubelet " + nodeName + ": CSR " + csrName + " " + c.getType() + ": " + c.getMessage());
                        return;
                    }
                }
                if (Instant.now().isAfter(csrDeadline)) {
                    boolean approved = conditions.stream().anyMatch(c -> "Approved".equals(c.getType()));
                    fail("kubelet " + nodeName + ": CSR " + csrName + " was "
                            + (approved
                                    ? "approved but never signed (is kube-controller-manager signing?)"
                                    : "never approved")
                            + " within " + certificateTimeout);
                    return;
                }
            } catch (ApiException | IOException e) {
                fail("kubelet " + nodeName + ": reading CSR " + csrName + " failed", e);
            }
            schedule(this::pollCertificate, POLL);
        }

        private void writeKubeconfig(byte[] certPem) throws IOException {
            byte[] keyPem = pemOf(keyPair);
            String certDir = flags.get("cert-dir");
            if (certDir != null) {
                Path dir = host.drive().resolve(certDir);
                Files.createDirectories(dir);
                byte[] both = new byte[certPem.length + keyPem.length];
                System.arraycopy(certPem, 0, both, 0, certPem.length);
                System.arraycopy(keyPem, 0, both, certPem.length, keyPem.length);
                Files.write(dir.resolve("kubelet-client-current.pem"), both);
            }
            Base64.Encoder b64 = Base64.getEncoder();
            StringBuilder y = new StringBuilder()
                    .append("apiVersion: v1\nkind: Config\nclusters:\n- name: default-cluster\n  cluster:\n")
                    .append("    server: ")
                    .append(bootstrap.server())
                    .append('\n');
            if (bootstrap.caPem() != null) {
                y.append("    certificate-authority-data: ")
                        .append(b64.encodeToString(bootstrap.caPem()))
                        .append('\n');
            }
            if (!bootstrap.verifySsl()) {
                y.append("    insecure-skip-tls-verify: true\n");
            }
            y.append("contexts:\n- name: default-context\n  context:\n    cluster: default-cluster\n")
                    .append("    user: default-auth\ncurrent-context: default-context\nusers:\n- name: default-auth\n")
                    .append("  user:\n    client-certificate-data: ")
                    .append(b64.encodeToString(certPem))
                    .append('\n')
                    .append("    client-key-data: ")
                    .append(b64.encodeToString(keyPem))
                    .append('\n');
            Path target = host.drive().resolve(flags.get("kubeconfig"));
            Files.createDirectories(target.getParent());
            Files.writeString(target, y.toString());
            nodeClient = readKubeconfig(flags.get("kubeconfig")).client();
        }

        private void register() {
            if (stopped) {
                return;
            }
            CoreV1Api api = new CoreV1Api(nodeClient);
            V1Node node = new V1Node()
                    .metadata(new V1ObjectMeta().name(nodeName).labels(labels()))
                    .spec(new V1NodeSpec().taints(taints()))
                    .status(status(null));
            try {
                api.createNode(node).execute();
                LOG.info("simulated kubelet registered node {}", nodeName);
            } catch (ApiException e) {
                if (e.getCode() != 409) {
                    fail("kubelet " + nodeName + ": registering the Node failed", e);
                    schedule(this::register, heartbeat);
                    return;
                }
                // registered before: like a real kubelet, keep the taints and report the configured resources
                updateResources(api);
            }
            registeredNodeName = nodeName;
            synchronized (this) {
                if (!stopped) {
                    heartbeatTask = scheduler.scheduleWithFixedDelay(
                            this::heartbeat, 0, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            if (serverTlsBootstrap()) {
                scheduler.execute(this::requestServingCertificate);
            }
        }

        /** Whether the kubelet configuration file ({@code --config}) turns on {@code serverTLSBootstrap}. */
        private boolean serverTlsBootstrap() {
            return config.serverTlsBootstrap();
        }

        /**
         * Files a serving CSR ({@code kubernetes.io/kubelet-serving}) with the host name and node IP as SANs, as the
         * kubelet does with {@code serverTLSBootstrap}, and stores the issued certificate in the cert dir. Skipped
         * when a serving certificate is there already.
         */
        private void requestServingCertificate() {
            if (stopped) {
                return;
            }
            String certDir = flags.get("cert-dir");
            try {
                if (certDir != null
                        && Files.isRegularFile(host.drive().resolve(certDir).resolve("kubelet-server-current.pem"))) {
                    return;
                }
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                KeyPair serving = g.generateKeyPair();
                String ip = flags.getOrDefault("node-ip", host.bindAddress());
                ExtensionsGenerator extensions = new ExtensionsGenerator();
                extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, nodeName), new GeneralName(GeneralName.iPAddress, ip)
                }));
                X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE)
                        .addRDN(BCStyle.O, "system:nodes")
                        .addRDN(BCStyle.CN, "system:node:" + nodeName);
                PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
                                subject.build(), serving.getPublic())
                        .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                        .build(new JcaContentSignerBuilder("SHA256withRSA").build(serving.getPrivate()));
                CertificatesV1Api api = new CertificatesV1Api(nodeClient);
                String name = api.createCertificateSigningRequest(new V1CertificateSigningRequest()
                                .metadata(new V1ObjectMeta().generateName("csr-"))
                                .spec(new V1CertificateSigningRequestSpec()
                                        .request(pem("CERTIFICATE REQUEST", csr.getEncoded()))
                                        .signerName("kubernetes.io/kubelet-serving")
                                        .usages(List.of("digital signature", "key encipherment", "server auth"))))
                        .execute()
                        .getMetadata()
                        .getName();
                LOG.info("simulated kubelet {} filed serving CSR {}", nodeName, name);
                Instant deadline = Instant.now().plus(certificateTimeout);
                schedule(() -> pollServingCertificate(api, name, serving, deadline), POLL);
            } catch (ApiException | IOException | GeneralSecurityException | OperatorCreationException e) {
                fail("kubelet " + nodeName + ": filing the serving CSR failed", e);
            }
        }

        private void pollServingCertificate(CertificatesV1Api api, String name, KeyPair serving, Instant deadline) {
            if (stopped) {
                return;
            }
            try {
                V1CertificateSigningRequest csr =
                        api.readCertificateSigningRequest(name).execute();
                byte[] cert = csr.getStatus() == null ? null : csr.getStatus().getCertificate();
                if (cert != null && cert.length > 0) {
                    servingCertificateIssued = true;
                    String certDir = flags.get("cert-dir");
                    if (certDir != null) {
                        Path dir = Files.createDirectories(host.drive().resolve(certDir));
                        byte[] key = pemOf(serving);
                        byte[] both = new byte[cert.length + key.length];
                        System.arraycopy(cert, 0, both, 0, cert.length);
                        System.arraycopy(key, 0, both, cert.length, key.length);
                        Files.write(dir.resolve("kubelet-server-current.pem"), both);
                    }
                    return;
                }
                if (csr.getStatus() != null
                        && csr.getStatus().getConditions() != null
                        && csr.getStatus().getConditions().stream()
                                .anyMatch(c -> "Denied".equals(c.getType()) || "Failed".equals(c.getType()))) {
                    fail("kubelet " + nodeName + ": serving CSR " + name + " was denied or failed");
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    fail("kubelet " + nodeName + ": serving CSR " + name + " was not issued within "
                            + certificateTimeout);
                    return;
                }
            } catch (ApiException | IOException e) {
                fail("kubelet " + nodeName + ": reading serving CSR " + name + " failed", e);
            }
            schedule(() -> pollServingCertificate(api, name, serving, deadline), POLL);
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
                fail("kubelet " + nodeName + ": updating the Node's resources failed", e);
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
                V1NodeCondition ready = readyCondition(current.getStatus(), status, reason, message);
                String body = nodeClient.getJSON().serialize(Map.of("status", Map.of("conditions", List.of(ready))));
                PatchUtils.patch(
                        V1Node.class,
                        () -> api.patchNodeStatus(nodeName, new V1Patch(body)).buildCall(null),
                        V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
                        nodeClient);
            } catch (ApiException e) {
                fail("kubelet " + nodeName + ": updating the Node status failed", e);
            }
        }

        void stop() {
            synchronized (this) {
                stopped = true;
                if (heartbeatTask != null) {
                    heartbeatTask.cancel(false);
                }
            }
            if (nodeClient != null && registeredNodeName != null) {
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

        private Map<String, String> labels() {
            Map<String, String> labels = new LinkedHashMap<>();
            String nodeLabels = flags.get("node-labels");
            if (nodeLabels != null && !nodeLabels.isBlank()) {
                for (String pair : nodeLabels.split(",")) {
                    int eq = pair.indexOf('=');
                    labels.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
                }
            }
            labels.put("kubernetes.io/os", "windows");
            labels.put("kubernetes.io/arch", "amd64");
            labels.put("beta.kubernetes.io/os", "windows");
            labels.put("beta.kubernetes.io/arch", "amd64");
            labels.put("kubernetes.io/hostname", nodeName);
            labels.put(
                    "node.kubernetes.io/windows-build", "10.0." + host.machine().windowsBuild());
            return labels;
        }

        private List<V1Taint> taints() {
            List<V1Taint> taints = new ArrayList<>();
            String spec = flags.get("register-with-taints");
            if (spec == null || spec.isBlank()) {
                // the flag wins over the configuration file, as in the kubelet
                return new ArrayList<>(config.registerWithTaints());
            }
            for (String t : spec.split(",")) {
                int colon = t.lastIndexOf(':');
                String kv = colon < 0 ? t : t.substring(0, colon);
                int eq = kv.indexOf('=');
                taints.add(new V1Taint()
                        .key(eq < 0 ? kv : kv.substring(0, eq))
                        .value(eq < 0 ? null : kv.substring(eq + 1))
                        .effect(colon < 0 ? null : t.substring(colon + 1)));
            }
            return taints;
        }

        private V1NodeStatus status(V1NodeStatus previous) {
            String ip = flags.getOrDefault("node-ip", host.bindAddress());
            int build = host.machine().windowsBuild();
            String bootId = previous != null && previous.getNodeInfo() != null
                    ? previous.getNodeInfo().getBootID()
                    : UUID.randomUUID().toString();
            return new V1NodeStatus()
                    .addresses(List.of(
                            new V1NodeAddress().type("InternalIP").address(ip),
                            new V1NodeAddress().type("Hostname").address(nodeName)))
                    .capacity(config.capacity())
                    .allocatable(config.allocatable())
                    .conditions(List.of(readyCondition(
                            previous, "True", "KubeletReady", "kubelet is posting ready status (simulated)")))
                    .nodeInfo(new V1NodeSystemInfo()
                            .architecture("amd64")
                            .operatingSystem("windows")
                            .osImage("Windows Server 2022 Datacenter")
                            .kernelVersion("10.0." + build + ".1")
                            .kubeletVersion(kubeletVersion)
                            .kubeProxyVersion(kubeletVersion)
                            .containerRuntimeVersion("containerd://1.7.20")
                            .machineID(nodeName)
                            .systemUUID(UUID.nameUUIDFromBytes(nodeName.getBytes(StandardCharsets.UTF_8))
                                    .toString())
                            .bootID(bootId));
        }

        private V1NodeCondition readyCondition(V1NodeStatus previous, String status, String reason, String message) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            OffsetDateTime transition = now;
            if (previous != null && previous.getConditions() != null) {
                for (V1NodeCondition c : previous.getConditions()) {
                    if ("Ready".equals(c.getType())
                            && status.equals(c.getStatus())
                            && c.getLastTransitionTime() != null) {
                        transition = c.getLastTransitionTime();
                    }
                }
            }
            return new V1NodeCondition()
                    .type("Ready")
                    .status(status)
                    .reason(reason)
                    .message(message)
                    .lastHeartbeatTime(now)
                    .lastTransitionTime(transition);
        }
    }

    private final class HybridOverlay {
        private final Map<String, String> flags;
        volatile boolean stopped;

        HybridOverlay(List<String> argv) {
            this.flags = flags(argv);
        }

        void poll() {
            if (stopped) {
                return;
            }
            String node = flags.get("node");
            if (node == null) {
                fail("hybrid-overlay-node: --node is missing from the service command line");
                return;
            }
            try {
                String kubeconfig = flags.get("k8s-kubeconfig");
                if (kubeconfig == null) {
                    kubeconfig = host.machine()
                            .service(KUBELET_SERVICE)
                            .map(s -> flags(WindowsCommandLine.split(s.binaryPath()))
                                    .get("kubeconfig"))
                            .orElse(null);
                }
                if (kubeconfig == null) {
                    fail("hybrid-overlay-node: no --k8s-kubeconfig and no kubelet --kubeconfig to use");
                    return;
                }
                if (!Files.isRegularFile(host.drive().resolve(kubeconfig))) {
                    reschedule();
                    return;
                }
                ApiClient client = readKubeconfig(kubeconfig).client();
                CoreV1Api api = new CoreV1Api(client);
                V1Node n = api.readNode(node).execute();
                Map<String, String> annotations = n.getMetadata().getAnnotations();
                String subnet = annotations == null ? null : annotations.get(SUBNET_ANNOTATION);
                if (subnet == null) {
                    reschedule();
                    return;
                }
                if (annotations.get(GATEWAY_MAC_ANNOTATION) == null) {
                    String patch = "{\"metadata\":{\"annotations\":{\"" + GATEWAY_MAC_ANNOTATION + "\":\"" + randomMac()
                            + "\"}}}";
                    PatchUtils.patch(
                            V1Node.class,
                            () -> api.patchNode(node, new V1Patch(patch)).buildCall(null),
                            V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                            client);
                }
                HNS_NETWORKS.forEach(network -> host.machine().addHnsNetwork(network, subnet));
                LOG.info("simulated hybrid-overlay on {} set up subnet {}", node, subnet);
            } catch (ApiException e) {
                if (e.getCode() != 404) {
                    fail("hybrid-overlay-node " + flags.get("node") + ": API call failed", e);
                }
                reschedule();
            } catch (IOException | RuntimeException e) {
                fail("hybrid-overlay-node " + flags.get("node") + ": failed", e);
                reschedule();
            }
        }

        private void reschedule() {
            if (!stopped) {
                scheduler.schedule(this::poll, POLL.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private static String randomMac() {
        byte[] b = new byte[3];
        ThreadLocalRandom.current().nextBytes(b);
        return "00:15:5d:" + HexFormat.ofDelimiter(":").formatHex(b);
    }

    private static byte[] pem(String type, byte[] der) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(new PemObject(type, der));
        }
        return w.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] pemOf(KeyPair keyPair) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(keyPair.getPrivate());
        }
        return w.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
