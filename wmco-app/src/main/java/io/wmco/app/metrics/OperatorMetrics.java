package io.wmco.app.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wmco.domain.payload.PayloadManifest;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The operator's Prometheus metrics: reconciles and failures per control loop, configured Windows nodes, and
 * the duration of each configuration phase. One instance per process, with its own registry so that tests and
 * embedded use never collide with a global one. Thread-safe.
 */
public final class OperatorMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter reconciles;
    private final Counter failures;
    private final Gauge configuredNodes;
    private final Histogram phaseSeconds;
    private final Counter configurations;
    private final Gauge clusterSupported;
    private final Info payloadFiles;
    private final Gauge instanceState;
    private final Gauge instanceFailures;
    /** The state each instance's series shows now, so that a change removes the old series. */
    private final java.util.Map<String, String> instanceStates = new java.util.HashMap<>();

    public OperatorMetrics() {
        reconciles = Counter.builder()
                .name("wmco_reconciles_total")
                .help("Reconciles run, by control loop")
                .labelNames("controller")
                .register(registry);
        failures = Counter.builder()
                .name("wmco_reconcile_failures_total")
                .help("Reconciles that failed, by control loop and whether they are retried")
                .labelNames("controller", "retryable")
                .register(registry);
        configuredNodes = Gauge.builder()
                .name("wmco_configured_nodes")
                .help("Windows nodes configured by this operator version, by source (machine or byoh)")
                .labelNames("source")
                .register(registry);
        phaseSeconds = Histogram.builder()
                .name("wmco_configuration_phase_seconds")
                .help("Duration of each phase of configuring an instance")
                .labelNames("phase")
                .classicOnly()
                .classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)
                .register(registry);
        configurations = Counter.builder()
                .name("wmco_configurations_total")
                .help("Instance configurations and deconfigurations finished, by kind and outcome")
                .labelNames("kind", "outcome")
                .register(registry);
        clusterSupported = Gauge.builder()
                .name("wmco_cluster_supported")
                .help("1 when the cluster's network settings let the operator configure Windows nodes, 0 when not"
                        + " (the startup log and a ClusterNotSupported event say why)")
                .register(registry);
        payloadFiles = Info.builder()
                .name("wmco_payload_file")
                .help("1 for each file of the payload the operator hands to nodes, with its origin (built, repository,"
                        + " supplied, stand-in, unrecorded), Go module and version")
                .labelNames("file", "origin", "module", "version", "sha256")
                .register(registry);
        instanceState = Gauge.builder()
                .name("wmco_instance_state")
                .help("1 for the state each instance key (byoh/<entry> or machine/<name>) is in now: its latest"
                        + " problem (the reason of its event, e.g. InvalidInstanceEntry, ConfigurationRetrying,"
                        + " DuplicateInstance) or its progress (Configured, Configuring, Upgrading, Removing, Waiting)")
                .labelNames("instance", "state")
                .register(registry);
        instanceFailures = Gauge.builder()
                .name("wmco_instance_failures_in_a_row")
                .help("Failed attempts in a row of each instance key (0 after one that did not fail); the next retry"
                        + " waits 2s doubled per further failure, at most 5 minutes")
                .labelNames("instance")
                .register(registry);
        JvmMetrics.builder().register(registry);
    }

    public void reconciled(String controller) {
        reconciles.labelValues(controller).inc();
    }

    public void failed(String controller, boolean retryable) {
        failures.labelValues(controller, Boolean.toString(retryable)).inc();
    }

    public void configuredNodes(String source, int count) {
        configuredNodes.labelValues(source).set(count);
    }

    /** The instance key is in {@code state} now (its previous state's series goes). */
    public void instanceState(String instance, String state) {
        synchronized (instanceStates) {
            String before = instanceStates.put(instance, state);
            if (before != null && !before.equals(state)) {
                instanceState.remove(instance, before);
            }
            instanceState.labelValues(instance, state).set(1);
        }
    }

    /** Failed attempts in a row of the instance key. */
    public void instanceFailures(String instance, int failures) {
        instanceFailures.labelValues(instance).set(failures);
    }

    /** The instance key is gone (no entry, Machine or node any more): its series go. */
    public void instanceGone(String instance) {
        synchronized (instanceStates) {
            instanceFailures.remove(instance);
            String before = instanceStates.remove(instance);
            if (before != null) {
                instanceState.remove(instance, before);
            }
        }
    }

    public void clusterSupported(boolean supported) {
        clusterSupported.set(supported ? 1 : 0);
    }

    /** Publishes the payload's files (once, at startup). */
    public void payload(PayloadManifest manifest) {
        manifest.files()
                .forEach((name, f) -> payloadFiles.addLabelValues(
                        name,
                        f.origin().manifestName(),
                        f.module().orElse(""),
                        f.version().orElse(""),
                        f.sha256()));
    }

    public void phase(String phase, Duration duration) {
        phaseSeconds.labelValues(phase).observe(duration.toNanos() / 1e9);
    }

    public void configurationFinished(String kind, String outcome) {
        configurations.labelValues(kind, outcome).inc();
    }

    /** Writes every metric in the Prometheus text format. */
    public void writeTo(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
    }

    /** The content type of {@link #writeTo}. */
    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }
}
