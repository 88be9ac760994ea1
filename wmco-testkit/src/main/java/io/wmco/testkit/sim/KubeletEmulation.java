package io.wmco.testkit.sim;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.openapi.ApiException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * <p>This class follows the services and keeps what the tests read; a run of each service is an
 * {@link EmulatedKubelet} (with its {@link ServingCertificateRequest}) or an {@link EmulatedHybridOverlay}, on one
 * scheduler. Failures (API rejections, missing files, timeouts) are logged and kept in {@link #errors()}. Thread-safe.
 */
final class KubeletEmulation implements WindowsMachine.ServiceListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubeletEmulation.class);

    static final String KUBELET_SERVICE = "kubelet";
    static final String HYBRID_OVERLAY_SERVICE = "hybrid-overlay-node";
    static final String SUBNET_ANNOTATION = "k8s.ovn.org/hybrid-overlay-node-subnet";
    static final String GATEWAY_MAC_ANNOTATION = "k8s.ovn.org/hybrid-overlay-distributed-router-gateway-mac";
    static final List<String> HNS_NETWORKS =
            List.of("BaseOVNKubernetesHybridOverlayNetwork", "OVNKubernetesHybridOverlayNetwork");
    static final Duration POLL = Duration.ofMillis(500);

    /** What the emulation may see of its host. */
    record HostView(VirtualDrive drive, WindowsMachine machine, String bindAddress) {}

    final HostView host;
    final Duration heartbeat;
    final Duration certificateTimeout;
    final String kubeletVersion;
    final ScheduledExecutorService scheduler;
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private volatile EmulatedKubelet kubelet;
    private volatile EmulatedHybridOverlay overlay;
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

    /** Called by the kubelet run once its Node is registered (or found registered before). */
    void registered(String nodeName) {
        registeredNodeName = nodeName;
    }

    /** Called by the serving CSR once its certificate is issued. */
    void servingCertificateWasIssued() {
        servingCertificateIssued = true;
    }

    @Override
    public void started(ServiceSnapshot service) {
        if (service.name().equalsIgnoreCase(KUBELET_SERVICE)) {
            EmulatedKubelet k = new EmulatedKubelet(this, service.argv());
            kubelet = k;
            scheduler.execute(k::begin);
        } else if (service.name().equalsIgnoreCase(HYBRID_OVERLAY_SERVICE)) {
            EmulatedHybridOverlay h = new EmulatedHybridOverlay(this, service.argv());
            overlay = h;
            scheduler.execute(h::poll);
        }
    }

    @Override
    public void stopped(ServiceSnapshot service) {
        if (service.name().equalsIgnoreCase(KUBELET_SERVICE)) {
            EmulatedKubelet k = kubelet;
            kubelet = null;
            if (k != null) {
                k.stop();
            }
        } else if (service.name().equalsIgnoreCase(HYBRID_OVERLAY_SERVICE)) {
            EmulatedHybridOverlay h = overlay;
            overlay = null;
            if (h != null) {
                h.stopped = true;
            }
        }
    }

    @Override
    public void close() {
        EmulatedKubelet k = kubelet;
        if (k != null) {
            k.stopped = true;
        }
        EmulatedHybridOverlay h = overlay;
        if (h != null) {
            h.stopped = true;
        }
        scheduler.shutdownNow();
    }

    void fail(String what, Exception e) {
        String detail = e instanceof ApiException api
                ? "HTTP " + api.getCode() + " " + abbreviate(api.getResponseBody())
                : String.valueOf(e);
        String message = what + ": " + detail;
        errors.add(message);
        LOG.warn("simulated host {}: {}", host.machine().hostname(), message);
    }

    void fail(String message) {
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

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
