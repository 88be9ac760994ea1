package io.wmco.testkit.sim;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.util.PatchUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the part of ovn-kubernetes for Windows nodes in tests and the sandbox: every Node labelled
 * {@code node.openshift.io/os_id=Windows} without the annotation {@code k8s.ovn.org/hybrid-overlay-node-subnet} gets
 * one, a distinct subnet of the hybrid cluster network. Subnets already annotated are respected.
 *
 * <p>Polls the API server with the client it is given (it needs list and patch on Nodes). Thread-safe; close it to
 * stop.
 */
public final class ClusterNetworkEmulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNetworkEmulator.class);
    /** The label that marks Windows nodes (set by the kubelet from {@code --node-labels}). */
    public static final String WINDOWS_LABEL_SELECTOR = "node.openshift.io/os_id=Windows";
    /** The annotation written per node. */
    public static final String SUBNET_ANNOTATION = KubeletEmulation.SUBNET_ANNOTATION;

    private final CoreV1Api api;
    private final ApiClient client;
    private final long base;
    private final int prefix;
    private final int hostPrefix;
    private final ScheduledExecutorService scheduler;
    private volatile boolean closed;
    private final Map<String, String> assignments = new LinkedHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    private ClusterNetworkEmulator(ApiClient client, String cidr, int hostPrefix, Duration pollInterval) {
        this.client = requireNonNull(client, "client cannot be null");
        this.api = new CoreV1Api(client);
        requireNonNull(cidr, "cidr cannot be null");
        String[] parts = cidr.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException(
                    "hybrid cluster network '" + cidr + "' must be an IPv4 CIDR such as " + "10.132.0.0/14");
        }
        this.prefix = Integer.parseInt(parts[1]);
        if (prefix < 1 || prefix > 30 || hostPrefix <= prefix || hostPrefix > 30) {
            throw new IllegalArgumentException("hostPrefix " + hostPrefix + " must lie between the network prefix "
                    + prefix + " (exclusive) and 30");
        }
        this.hostPrefix = hostPrefix;
        this.base = ipv4(parts[0]) & mask(prefix);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-network-emulator");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::reconcile, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts assigning subnets.
     *
     * @param admin a client allowed to list and patch Nodes
     * @param hybridClusterCidr the hybrid cluster network, e.g. {@code 10.132.0.0/14}
     * @param hostPrefix the size of each node's subnet, e.g. 23
     * @param pollInterval how often Nodes are listed
     */
    public static ClusterNetworkEmulator start(
            ApiClient admin, String hybridClusterCidr, int hostPrefix, Duration pollInterval) {
        return new ClusterNetworkEmulator(admin, hybridClusterCidr, hostPrefix, pollInterval);
    }

    /** Node name to assigned subnet, as far as seen. */
    public synchronized Map<String, String> assignments() {
        return Map.copyOf(assignments);
    }

    /** API failures seen, oldest first. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
    }

    private synchronized void reconcile() {
        try {
            List<V1Node> nodes = api.listNode()
                    .labelSelector(WINDOWS_LABEL_SELECTOR)
                    .execute()
                    .getItems();
            Set<String> used = new HashSet<>();
            List<V1Node> pending = new ArrayList<>();
            for (V1Node n : nodes) {
                Map<String, String> a = n.getMetadata().getAnnotations();
                String subnet = a == null ? null : a.get(SUBNET_ANNOTATION);
                if (subnet != null) {
                    used.add(subnet);
                    assignments.put(n.getMetadata().getName(), subnet);
                } else {
                    pending.add(n);
                }
            }
            for (V1Node n : pending) {
                String name = n.getMetadata().getName();
                String subnet = nextFree(used);
                String patch = "{\"metadata\":{\"annotations\":{\"" + SUBNET_ANNOTATION + "\":\"" + subnet + "\"}}}";
                PatchUtils.patch(
                        V1Node.class,
                        () -> api.patchNode(name, new V1Patch(patch)).buildCall(null),
                        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                        client);
                used.add(subnet);
                assignments.put(name, subnet);
                LOG.info("cluster network emulator assigned {} to node {}", subnet, name);
            }
        } catch (ApiException e) {
            if (closed) {
                // close() interrupted a call in flight (HTTP 0, InterruptedIOException): a clean stop, not an error
                return;
            }
            errors.add("HTTP " + e.getCode() + " " + e.getResponseBody());
            LOG.warn("cluster network emulator: API call failed with HTTP {}", e.getCode(), e);
        } catch (RuntimeException e) {
            if (closed) {
                return;
            }
            errors.add(e.toString());
            LOG.warn("cluster network emulator failed", e);
        }
    }

    /** The first subnet of the hybrid network not in {@code used}. */
    String nextFree(Set<String> used) {
        long count = 1L << (hostPrefix - prefix);
        for (long i = 0; i < count; i++) {
            String subnet = format(base + (i << (32 - hostPrefix))) + "/" + hostPrefix;
            if (!used.contains(subnet)) {
                return subnet;
            }
        }
        throw new IllegalStateException("the hybrid cluster network has no free /" + hostPrefix + " left");
    }

    private static long mask(int prefix) {
        return (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    private static long ipv4(String address) {
        String[] octets = address.split("\\.");
        if (octets.length != 4) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv4 address");
        }
        long v = 0;
        for (String o : octets) {
            int n = Integer.parseInt(o);
            if (n < 0 || n > 255) {
                throw new IllegalArgumentException("'" + address + "' is not an IPv4 address");
            }
            v = (v << 8) | n;
        }
        return v;
    }

    private static String format(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }
}
