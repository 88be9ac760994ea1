package io.wmco.app.monitoring;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.extended.controller.reconciler.Reconciler;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.controller.reconciler.Result;
import io.wmco.app.metrics.OperatorMetrics;
import io.wmco.domain.event.EventReason;
import io.wmco.domain.node.NodeAddress;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.domain.plan.NodeLayout;
import io.wmco.ports.PortException;
import io.wmco.ports.cluster.EventRecorder;
import io.wmco.ports.cluster.MetricsEndpoints;
import io.wmco.ports.cluster.NodeRepository;
import io.wmco.ports.cluster.ObjectRef;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the headless Service {@value #SERVICE} in the operator namespace and its EndpointSlice
 * ({@code discovery.k8s.io/v1}; the Endpoints API is deprecated since Kubernetes 1.33) listing the InternalIP of
 * every schedulable Windows node on port {@value #PORT_NAME} ({@link NodeLayout#WINDOWS_EXPORTER_PORT}), so that
 * the cluster's Prometheus scrapes windows_exporter. A cordoned node drops out; a new one joins when it becomes
 * schedulable (at the end of its configuration). The Endpoints object earlier versions kept is deleted.
 *
 * <p>The cluster monitoring stack only scrapes namespaces labelled {@value #MONITORING_LABEL}{@code =true}:
 * without that label an event says so and nothing is published; the loop looks again every
 * {@link #LABEL_RECHECK} (namespace labels are not watched).
 *
 * <p>Where the cluster serves {@code monitoring.coreos.com/v1} ServiceMonitors, one named {@value #SERVICE}
 * selects the Service. Neither its CRD nor the object is watched, so every successful reconcile asks to run again
 * after {@link #SERVICE_MONITOR_RECHECK}, and the ServiceMonitor is looked at when that much time has passed since
 * the last look (node events in between publish the EndpointSlice only).
 *
 * <p>Level-based and idempotent: each reconcile publishes the full list, the adapter writes only differences.
 * Runs on one controller worker; thread-safe.
 */
public final class MetricsEndpointsController implements Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpointsController.class);
    /** The single work-queue key of this controller. */
    public static final Request KEY = new Request("windows-exporter");
    /** Name of the Service and its EndpointSlice. */
    public static final String SERVICE = "windows-exporter";
    /** Name of the Service port. */
    public static final String PORT_NAME = "metrics";
    /** The namespace label OpenShift's monitoring stack requires. */
    public static final String MONITORING_LABEL = "openshift.io/cluster-monitoring";
    /** How often a namespace without the monitoring label is looked at again. */
    static final Duration LABEL_RECHECK = Duration.ofMinutes(1);
    /** How often the ServiceMonitor is looked at again (its CRD and the object are not watched). */
    static final Duration SERVICE_MONITOR_RECHECK = Duration.ofMinutes(1);

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private final String namespace;
    private final NodeRepository nodes;
    private final MetricsEndpoints endpoints;
    private final EventRecorder events;
    private final OperatorMetrics metrics;
    private volatile boolean reportedUnlabelled;
    private volatile List<String> published;
    private final Clock clock;
    private volatile Instant serviceMonitorCheckedAt;
    private volatile String serviceMonitorOutcome;
    private final Set<String> warnedAddresses = ConcurrentHashMap.newKeySet();

    public MetricsEndpointsController(
            String namespace,
            NodeRepository nodes,
            MetricsEndpoints endpoints,
            EventRecorder events,
            OperatorMetrics metrics,
            Clock clock) {
        this.namespace = requireNonNull(namespace, "namespace cannot be null");
        this.nodes = requireNonNull(nodes, "nodes cannot be null");
        this.endpoints = requireNonNull(endpoints, "endpoints cannot be null");
        this.events = requireNonNull(events, "events cannot be null");
        this.metrics = requireNonNull(metrics, "metrics cannot be null");
        this.clock = requireNonNull(clock, "clock cannot be null");
    }

    @Override
    public Result reconcile(Request request) {
        metrics.reconciled("metrics-endpoints");
        try {
            Optional<Map<String, String>> labels = endpoints.namespaceLabels(namespace);
            if (labels.isEmpty() || !"true".equals(labels.get().get(MONITORING_LABEL))) {
                if (!reportedUnlabelled) {
                    String message = "namespace " + namespace + " lacks the label " + MONITORING_LABEL
                            + "=true, so Prometheus would not scrape Windows nodes; the " + SERVICE
                            + " Service and EndpointSlice are not published until the label is set";
                    LOG.warn("{}", message);
                    events.record(namespaceRef(), EventReason.MONITORING_NOT_ENABLED, message);
                    reportedUnlabelled = true;
                }
                return new Result(true, LABEL_RECHECK);
            }
            reportedUnlabelled = false;
            List<String> addresses = desiredAddresses(nodes.list());
            endpoints.publish(namespace, SERVICE, PORT_NAME, NodeLayout.WINDOWS_EXPORTER_PORT, addresses);
            if (!addresses.equals(published)) {
                LOG.info("{} endpoints: {}", SERVICE, addresses);
                published = addresses;
            }
            ensureServiceMonitor();
            return new Result(true, SERVICE_MONITOR_RECHECK);
        } catch (PortException e) {
            metrics.failed("metrics-endpoints", e.retryable());
            LOG.warn("{} endpoints: {}", SERVICE, e.getMessage());
            return new Result(e.retryable());
        }
    }

    /**
     * Creates (or repairs) the ServiceMonitor selecting the Service when the cluster serves ServiceMonitors; looked at
     * on the first reconcile and then at most every {@link #SERVICE_MONITOR_RECHECK}. A failure (e.g. the role lacks
     * the rule) is logged once per message and does not hold back the EndpointSlice.
     */
    private void ensureServiceMonitor() {
        Instant now = clock.instant();
        Instant last = serviceMonitorCheckedAt;
        if (last != null && now.isBefore(last.plus(SERVICE_MONITOR_RECHECK))) {
            return;
        }
        serviceMonitorCheckedAt = now;
        String outcome;
        try {
            outcome = endpoints.publishServiceMonitor(namespace, SERVICE, PORT_NAME)
                    ? "ServiceMonitor " + namespace + "/" + SERVICE + " selects the " + SERVICE + " Service"
                    : "monitoring.coreos.com/v1 ServiceMonitors are not served: no ServiceMonitor is created";
        } catch (PortException e) {
            outcome = "ServiceMonitor " + namespace + "/" + SERVICE + " could not be written: " + e.getMessage();
            if (!outcome.equals(serviceMonitorOutcome)) {
                LOG.warn("{}", outcome);
            }
            serviceMonitorOutcome = outcome;
            return;
        }
        if (!outcome.equals(serviceMonitorOutcome)) {
            LOG.info("{}", outcome);
        }
        serviceMonitorOutcome = outcome;
    }

    /**
     * The InternalIPs of schedulable Windows nodes, sorted and without duplicates, leaving out addresses the
     * IPv4 EndpointSlice cannot hold (the API server refuses the whole object for one of them).
     */
    List<String> desiredAddresses(List<NodeSnapshot> nodeList) {
        TreeSet<String> ips = new TreeSet<>();
        for (NodeSnapshot n : nodeList) {
            if (n.isWindows() && !n.unschedulable()) {
                n.address(NodeAddress.INTERNAL_IP).ifPresent(ip -> {
                    Optional<String> problem = unpublishable(ip);
                    if (problem.isEmpty()) {
                        ips.add(ip);
                    } else if (warnedAddresses.add(ip)) {
                        LOG.warn(
                                "{} endpoints: node {} is left out: its InternalIP {}",
                                SERVICE,
                                n.name(),
                                problem.get());
                    }
                });
            }
        }
        return List.copyOf(ips);
    }

    /**
     * Why the API server would refuse an address in an IPv4 EndpointSlice (not an IPv4 literal, loopback,
     * link-local, unspecified, multicast), or empty when it is acceptable. Never resolves names.
     */
    static Optional<String> unpublishable(String ip) {
        if (!IP_LITERAL.matcher(ip).matches() || !ip.contains(".") && !ip.contains(":")) {
            return Optional.of(ip + " is not an IP address");
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            return Optional.of(ip + " is not an IP address");
        }
        if (a.isLoopbackAddress()) {
            return Optional.of(ip + " is a loopback address");
        }
        if (a.isLinkLocalAddress()) {
            return Optional.of(ip + " is a link-local address");
        }
        if (a.isAnyLocalAddress()) {
            return Optional.of(ip + " is the unspecified address");
        }
        if (a.isMulticastAddress()) {
            return Optional.of(ip + " is a multicast address");
        }
        if (!(a instanceof java.net.Inet4Address)) {
            return Optional.of(ip + " is not an IPv4 address (the EndpointSlice holds IPv4 only)");
        }
        return Optional.empty();
    }

    private ObjectRef namespaceRef() {
        // in the namespace itself, so that the event shows among the operator namespace's events
        return new ObjectRef("v1", "Namespace", namespace, namespace, "");
    }
}
