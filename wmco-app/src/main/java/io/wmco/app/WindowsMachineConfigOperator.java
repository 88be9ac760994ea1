package io.wmco.app;

import static java.util.Objects.requireNonNull;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import io.kubernetes.client.extended.controller.Controller;
import io.kubernetes.client.extended.controller.builder.ControllerBuilder;
import io.kubernetes.client.extended.controller.reconciler.Reconciler;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.workqueue.DefaultRateLimitingQueue;
import io.kubernetes.client.extended.workqueue.RateLimitingQueue;
import io.kubernetes.client.extended.workqueue.ratelimiter.ItemExponentialFailureRateLimiter;
import io.kubernetes.client.openapi.ApiClient;
import io.wmco.adapter.k8s.KubernetesCluster;
import io.wmco.adapter.k8s.KubernetesCluster.Watched;
import io.wmco.app.access.UserDataController;
import io.wmco.app.cluster.ClusterEnvironment;
import io.wmco.app.config.OperatorSettings;
import io.wmco.app.csr.CsrController;
import io.wmco.app.fleet.FleetController;
import io.wmco.app.http.OperatorHttpServer;
import io.wmco.app.loop.ChangeSignal;
import io.wmco.app.loop.LeaderElection;
import io.wmco.app.metrics.OperatorMetrics;
import io.wmco.app.monitoring.MetricsEndpointsController;
import io.wmco.ports.remote.RemoteHostConnector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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
 * <p>Start-up reads the cluster (mode, platform, network settings) and the payload once, serves
 * {@code /healthz}, {@code /readyz} and {@code /metrics}, starts the informers, and — once this replica leads —
 * runs four control loops: Windows instances (configure, upgrade, deconfigure), the CSR approver, the user
 * data, and the windows-exporter metrics endpoints. When leadership is lost, {@code onLeadershipLost} runs (the process exits in production).
 */
public final class WindowsMachineConfigOperator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WindowsMachineConfigOperator.class);

    private final OperatorSettings settings;
    private final KubernetesCluster cluster;
    private final OperatorHttpServer http;
    private final List<Controller> controllers = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "wmco-loop");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService workflows;
    private final RemoteHostConnector connector;
    private final Injector injector;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private LeaderElection election;

    private WindowsMachineConfigOperator(
            OperatorSettings settings, ApiClient client, Runnable onLeadershipLost, Module... overrides) {
        this.settings = settings;
        this.injector = Guice.createInjector(
                Modules.override(new OperatorModule(settings, client)).with(overrides));
        this.cluster = injector.getInstance(KubernetesCluster.class);
        OperatorMetrics metrics = injector.getInstance(OperatorMetrics.class);
        this.http = new OperatorHttpServer(settings.httpPort(), this::ready, metrics);
        this.workflows = injector.getInstance(ExecutorService.class);
        this.connector = injector.getInstance(RemoteHostConnector.class);
        ClusterEnvironment env = injector.getInstance(ClusterEnvironment.class);
        metrics.clusterSupported(env.cluster().isPresent());
        metrics.payload(env.payload());
        LOG.info(
                "operator {} starting in namespace {} ({} mode, platform {}), max {} configurations at once",
                settings.operatorVersion(),
                settings.namespace(),
                env.mode(),
                env.platform().openshiftName(),
                settings.maxParallelConfigurations());
        ChangeSignal nodeSignal = injector.getInstance(ChangeSignal.class);
        cluster.onChange(Watched.NODES, ref -> nodeSignal.signal());
        cluster.start();
        if (settings.leaderElection()) {
            election = new LeaderElection(
                    client, settings.namespace(), settings.leaseName(), settings.identity(), settings.leaseDuration());
            threads.execute(() -> election.run(this::lead, () -> {
                leading.set(false);
                // Another replica may lead now: stop acting at once, whatever the embedder does next.
                controllers.forEach(Controller::shutdown);
                workflows.shutdownNow();
                if (!closed.get()) {
                    onLeadershipLost.run();
                }
            }));
        } else {
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

    private void lead() {
        if (closed.get()) {
            return;
        }
        leading.set(true);
        FleetController fleet = injector.getInstance(FleetController.class);
        CsrController csr = injector.getInstance(CsrController.class);
        UserDataController userData = injector.getInstance(UserDataController.class);
        MetricsEndpointsController exporter = injector.getInstance(MetricsEndpointsController.class);

        RateLimitingQueue<Request> fleetQueue = queue();
        fleet.requeueWith(fleetQueue::add);
        RateLimitingQueue<Request> csrQueue = queue();
        RateLimitingQueue<Request> userDataQueue = queue();
        RateLimitingQueue<Request> exporterQueue = queue();

        cluster.onChange(Watched.CONFIG_MAPS, ref -> {
            fleet.inputsChanged();
            fleetQueue.add(FleetController.KEY);
            csr.pendingKeys().forEach(csrQueue::add);
        });
        cluster.onChange(Watched.SECRETS, ref -> {
            fleet.inputsChanged();
            fleetQueue.add(FleetController.KEY);
            userDataQueue.add(UserDataController.KEY);
        });
        cluster.onChange(Watched.USER_DATA_SECRET, ref -> userDataQueue.add(UserDataController.KEY));
        cluster.onChange(Watched.NODES, ref -> {
            fleetQueue.add(FleetController.KEY);
            exporterQueue.add(MetricsEndpointsController.KEY);
        });
        cluster.onChange(Watched.MACHINES, ref -> fleetQueue.add(FleetController.KEY));
        cluster.onChange(Watched.CERTIFICATE_SIGNING_REQUESTS, ref -> csrQueue.add(new Request(ref.name())));

        controllers.add(controller("windows-instances", fleet, fleetQueue, 1));
        controllers.add(controller("csr-approver", csr, csrQueue, 2));
        controllers.add(controller("user-data", userData, userDataQueue, 1));
        controllers.add(controller("metrics-endpoints", exporter, exporterQueue, 1));
        fleetQueue.add(FleetController.KEY);
        userDataQueue.add(UserDataController.KEY);
        exporterQueue.add(MetricsEndpointsController.KEY);
        csr.pendingKeys().forEach(csrQueue::add);
        LOG.info("control loops started (replica {})", settings.identity());
        for (Controller c : controllers) {
            threads.execute(c);
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private RateLimitingQueue<Request> queue() {
        return new DefaultRateLimitingQueue<>(
                Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "wmco-queue");
                    t.setDaemon(true);
                    return t;
                }),
                new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(500), Duration.ofMinutes(5)));
    }

    private Controller controller(String name, Reconciler reconciler, RateLimitingQueue<Request> queue, int workers) {
        return ControllerBuilder.defaultBuilder(cluster.informerFactory())
                .withName(name)
                .withWorkQueue(queue)
                .withReconciler(reconciler)
                .withReadyFunc(cluster::hasSynced)
                .withWorkerCount(workers)
                .build();
    }

    /** Whether the caches have synced (the {@code /readyz} answer). */
    public boolean ready() {
        return cluster.hasSynced();
    }

    /** Whether this replica currently runs the control loops. */
    public boolean leading() {
        return leading.get();
    }

    /** The port of {@code /healthz}, {@code /readyz} and {@code /metrics}. */
    public int httpPort() {
        return http.port();
    }

    /** Stops the control loops, interrupts running workflows (they are redone by the next leader) and closes. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("operator stopping");
        controllers.forEach(Controller::shutdown);
        stopped.countDown();
        workflows.shutdownNow();
        try {
            // Hold the Lease until running workflows have stopped (they stop between steps), so that the next
            // leader never works on a host at the same time as this replica.
            if (!workflows.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("workflows still running after 30s; giving up the Lease anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (election != null) {
            election.close();
        }
        threads.shutdownNow();
        cluster.close();
        if (connector instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing SSH connector: {}", e.toString());
            }
        }
        http.close();
    }
}
