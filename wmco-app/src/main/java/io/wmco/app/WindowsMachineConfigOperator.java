package io.wmco.app;

import static java.util.Objects.requireNonNull;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.openapi.ApiClient;
import io.wmco.adapter.k8s.KubernetesCluster;
import io.wmco.adapter.k8s.KubernetesCluster.Watched;
import io.wmco.app.access.UserDataController;
import io.wmco.app.cluster.ClusterEnvironment;
import io.wmco.app.config.OperatorSettings;
import io.wmco.app.config.Parallelism;
import io.wmco.app.csr.CsrController;
import io.wmco.app.fleet.InstanceLoop;
import io.wmco.app.fleet.InstanceReconciler;
import io.wmco.app.fleet.KeyMapper;
import io.wmco.app.hostsettings.HostSettingsSource;
import io.wmco.app.http.MetricsTls;
import io.wmco.app.http.OperatorHttpServer;
import io.wmco.app.http.TlsProfileWatch;
import io.wmco.app.loop.LeaderElection;
import io.wmco.app.loop.Loops;
import io.wmco.app.loop.StopSignal;
import io.wmco.app.metrics.OperatorMetrics;
import io.wmco.app.monitoring.MetricsEndpointsController;
import io.wmco.domain.event.EventReason;
import io.wmco.domain.fleet.InstanceKey;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.ports.cluster.ObjectRef;
import io.wmco.ports.remote.RemoteHostConnector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator as an object: start it with settings and an API client, close it to stop. {@code Main} runs one per
 * process; tests and embedders may run several (e.g. two replicas competing for the Lease).
 *
 * <p>Start-up reads the cluster (mode, platform, network settings) and the payload once, serves {@code /healthz},
 * {@code /readyz} and {@code /metrics}, starts the informers, and, once this replica leads and the caches have
 * synced, runs four control loops ({@link Loops}): Windows instances, one work-queue key per instance
 * ({@link InstanceReconciler}, {@code --max-parallel-configurations} workers), the CSR approver, the user data and
 * the windows-exporter endpoints. Events reach the loops through the cluster's change hooks, which map them to keys
 * ({@link KeyMapper}). When leadership is lost the loops stop at once and {@code onLeadershipLost} runs (the process
 * exits in production).
 *
 * <p>Stopping ({@link #close()}) raises the {@link StopSignal} (running plans end between two steps), stops the
 * loops and waits for their workers, gives up the Lease, then stops the informers, the SSH connections and the HTTP
 * server, in that order: the next leader never acts while this one still does, and nothing is interrupted that
 * would report the interrupt as an error.
 *
 * <p>Slightly over 300 lines: start-up and {@link #close()} undo each other step by step, which reads best in one
 * place; the wiring itself is in the Guice modules.
 */
public final class WindowsMachineConfigOperator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WindowsMachineConfigOperator.class);
    /** How long close() waits for running reconciles to reach the end of their current step. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final OperatorSettings settings;
    private final Injector injector;
    private final KubernetesCluster cluster;
    private final OperatorHttpServer http;
    private final Optional<TlsProfileWatch> tlsWatch;
    private final RemoteHostConnector connector;
    private final StopSignal stop;
    private final Loops loops;
    private final Parallelism parallelism;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "wmco-operator");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean leading = new AtomicBoolean();
    private volatile Instant ledSince;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LeaderElection election;

    private WindowsMachineConfigOperator(
            OperatorSettings settings, ApiClient client, Runnable onLeadershipLost, Module... overrides) {
        this.settings = settings;
        this.injector = Guice.createInjector(
                Modules.override(new OperatorModule(settings, client)).with(overrides));
        this.cluster = injector.getInstance(KubernetesCluster.class);
        OperatorMetrics metrics = injector.getInstance(OperatorMetrics.class);
        OperatorSettings.MetricsServing serving = settings.metrics();
        Optional<MetricsTls> tls = Optional.empty();
        if (serving.insecure()) {
            tlsWatch = Optional.empty();
            LOG.warn(
                    "/metrics is served over plain HTTP (--metrics-insecure){}",
                    serving.certFile().isPresent() ? "; --metrics-cert-file and --metrics-key-file are not used" : "");
        } else {
            TlsProfileWatch watch = injector.getInstance(TlsProfileWatch.class);
            MetricsTls metricsTls = new MetricsTls(
                    serving.certFile(), serving.keyFile(), watch.initial(), injector.getInstance(Clock.class));
            watch.follow(metricsTls, injector.getInstance(TlsProfileWatch.Interval.class));
            tlsWatch = Optional.of(watch);
            tls = Optional.of(metricsTls);
        }
        this.http = new OperatorHttpServer(settings.httpPort(), this::ready, serving.port(), metrics, tls);
        this.connector = injector.getInstance(RemoteHostConnector.class);
        this.stop = injector.getInstance(StopSignal.class);
        this.loops = new Loops(cluster.informerFactory());
        ClusterEnvironment env = injector.getInstance(ClusterEnvironment.class);
        metrics.clusterSupported(env.cluster().isPresent());
        this.parallelism =
                Parallelism.resolve(settings.maxParallelConfigurations(), Parallelism.thisJvm(), env.bytesPerNewNode());
        LOG.info(
                "operator {} starting in namespace {} ({} mode, platform {})",
                settings.operatorVersion(),
                settings.namespace(),
                env.mode(),
                env.platform().openshiftName());
        LOG.info("max-parallel-configurations {} ({})", parallelism.slots(), parallelism.why());
        cluster.start();
        if (settings.leaderElection()) {
            election = new LeaderElection(
                    client, settings.namespace(), settings.leaseName(), settings.identity(), settings.leaseDuration());
            threads.execute(() -> election.run(this::lead, () -> leadershipEnded(onLeadershipLost)));
        } else {
            election = null;
            threads.execute(this::lead);
        }
    }

    /**
     * Starts an operator.
     *
     * @param onLeadershipLost run when this replica loses the Lease (production: exit the process)
     * @param overrides Guice modules replacing bindings of {@link OperatorModule}
     * @throws IllegalStateException when the platform is unknown or the payload is incomplete
     */
    public static WindowsMachineConfigOperator start(
            OperatorSettings settings, ApiClient client, Runnable onLeadershipLost, Module... overrides) {
        requireNonNull(settings, "settings cannot be null");
        requireNonNull(client, "client cannot be null");
        requireNonNull(onLeadershipLost, "onLeadershipLost cannot be null");
        return new WindowsMachineConfigOperator(settings, client, onLeadershipLost, overrides);
    }

    /** Runs the loops once the caches have synced; returns at once when the operator closes meanwhile. */
    private void lead() {
        ledSince = injector.getInstance(Clock.class).instant();
        if (!awaitSync()) {
            return;
        }
        InstanceLoop instances = injector.getInstance(InstanceLoop.class);
        CsrController csr = injector.getInstance(CsrController.class);
        if (!loops.start(
                closed::get,
                instances.reconciler(),
                instances.rateLimiter(),
                parallelism.slots(),
                csr,
                injector.getInstance(UserDataController.class),
                injector.getInstance(MetricsEndpointsController.class))) {
            return;
        }
        leading.set(true);
        watch(instances.mapper(), csr);
        reportUnsupportedCluster();
        LOG.info("control loops started (replica {})", settings.identity());
    }

    /** Maps every change the loops care about to their work-queue keys. */
    private void watch(KeyMapper keys, CsrController csr) {
        cluster.onChange(Watched.CONFIG_MAPS, ref -> {
            if (ref.name().equals(MetadataKeys.INSTANCES_CONFIGMAP)) {
                enqueue(keys.instancesChanged());
                csr.pendingKeys().forEach(loops::csr);
            } else if (HostSettingsSource.isInput(ref.name())) {
                enqueue(keys.hostSettingsChanged());
            }
        });
        cluster.onChange(Watched.SECRETS, ref -> {
            if (ref.name().equals(MetadataKeys.PRIVATE_KEY_SECRET)) {
                enqueue(keys.keyChanged());
            }
            loops.userData(UserDataController.KEY);
        });
        cluster.onChange(Watched.USER_DATA_SECRET, ref -> {
            loops.userData(UserDataController.KEY);
            enqueue(keys.userDataChanged());
        });
        cluster.onNodeChange((before, after) -> {
            enqueue(keys.nodeChanged(before, after));
            loops.exporter(MetricsEndpointsController.KEY);
        });
        cluster.onMachineChange((before, after) -> enqueue(keys.machineChanged(before, after)));
        cluster.onChange(Watched.IMAGE_DIGEST_MIRROR_SETS, ref -> enqueue(keys.hostSettingsChanged()));
        cluster.onChange(Watched.IMAGE_TAG_MIRROR_SETS, ref -> enqueue(keys.hostSettingsChanged()));
        cluster.onChange(Watched.IMAGE_CONFIG, ref -> enqueue(keys.hostSettingsChanged()));
        cluster.onChange(Watched.OPENSHIFT_CONFIG_MAPS, ref -> enqueue(keys.hostSettingsChanged()));
        cluster.onChange(Watched.MIRROR_PULL_SECRET, ref -> enqueue(keys.hostSettingsChanged()));
        cluster.onChange(Watched.CERTIFICATE_SIGNING_REQUESTS, ref -> loops.csr(new Request(ref.name())));
        enqueue(keys.all());
        loops.userData(UserDataController.KEY);
        loops.exporter(MetricsEndpointsController.KEY);
        csr.pendingKeys().forEach(loops::csr);
    }

    private void enqueue(Collection<InstanceKey> keys) {
        keys.forEach(k -> loops.instance(new Request(k.value())));
    }

    private void reportUnsupportedCluster() {
        ClusterEnvironment env = injector.getInstance(ClusterEnvironment.class);
        if (env.cluster().isEmpty()) {
            cluster.events()
                    .record(
                            ObjectRef.configMap(settings.namespace(), MetadataKeys.INSTANCES_CONFIGMAP),
                            EventReason.CLUSTER_NOT_SUPPORTED,
                            "Windows nodes will not be configured: " + String.join("; ", env.problems()));
        }
    }

    /** Waits for the informers' first lists; false when the operator closed first. */
    private boolean awaitSync() {
        while (!cluster.hasSynced()) {
            if (closed.get()) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !closed.get();
    }

    private void leadershipEnded(Runnable onLeadershipLost) {
        leading.set(false);
        // Another replica may lead now: stop acting at once, whatever the embedder does next.
        stop.raise();
        loops.stop(STOP_TIMEOUT);
        injector.getInstance(InstanceLoop.class).leadershipEnded();
        if (!closed.get()) {
            onLeadershipLost.run();
        }
    }

    /** Whether the caches have synced (the {@code /readyz} answer). */
    public boolean ready() {
        return cluster.hasSynced();
    }

    /** Whether this replica currently runs the control loops. */
    public boolean leading() {
        return leading.get();
    }

    /** When this replica last won the Lease (or, without leader election, started leading); empty before that. */
    public Optional<Instant> leadingSince() {
        return Optional.ofNullable(ledSince);
    }

    /** The port of {@code /healthz} and {@code /readyz} (plain HTTP). */
    public int httpPort() {
        return http.port();
    }

    /** The port of {@code /metrics} (TLS unless {@code --metrics-insecure}). */
    public int metricsPort() {
        return http.metricsPort();
    }

    /**
     * Stops: running plans end between two steps (they are redone by the next leader), the loops stop and their
     * workers are waited for, the Lease is given up, then the informers, SSH connections and HTTP server stop.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("operator stopping");
        stop.raise();
        // Hold the Lease until the workers have stopped, so that the next leader never works on a host at the
        // same time as this replica.
        if (!loops.stop(STOP_TIMEOUT)) {
            LOG.warn("control loops still running after {}s; giving up the Lease anyway", STOP_TIMEOUT.toSeconds());
        }
        leading.set(false);
        if (election != null) {
            election.close();
        }
        cluster.close();
        if (connector instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing SSH connector: {}", e.toString());
            }
        }
        tlsWatch.ifPresent(TlsProfileWatch::close);
        http.close();
        threads.shutdown();
        try {
            if (!threads.awaitTermination(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("operator stopped");
    }
}
