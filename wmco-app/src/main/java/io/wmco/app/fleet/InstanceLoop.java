package io.wmco.app.fleet;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.extended.controller.reconciler.Reconciler;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.workqueue.ratelimiter.RateLimiter;
import io.wmco.app.access.KeyMaterial;
import io.wmco.app.bootstrap.BootstrapCredentialsSource;
import io.wmco.app.cluster.ClusterEnvironment;
import io.wmco.app.metrics.OperatorMetrics;
import io.wmco.app.workflow.PlanRunner;
import io.wmco.domain.hostsettings.HostSettings;
import io.wmco.domain.plan.NodeSettings;
import io.wmco.domain.plan.PlanTimeouts;
import io.wmco.ports.cluster.ConfigMapSource;
import io.wmco.ports.cluster.EventRecorder;
import io.wmco.ports.cluster.MachineRepository;
import io.wmco.ports.cluster.NodeRepository;
import io.wmco.ports.remote.HostKeyStore;
import io.wmco.ports.remote.RemoteHostConnector;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The instance control loop as one piece, assembled from ports (the composition root, {@code OperatorModule},
 * passes them in): the {@link InstanceReconciler}, the {@link KeyMapper} that turns events into its keys, the rate
 * limiter of its work queue, and the per-key memory and slot ledger they share. Thread-safe.
 */
public final class InstanceLoop {

    /**
     * The settings of the loop.
     *
     * @param namespace the operator namespace (the instances ConfigMap, events about entries)
     * @param operatorVersion the version written to configured nodes
     * @param maxParallelUpgrades how many nodes may hold an upgrade slot at once
     * @param sshPort the SSH port of Windows hosts
     * @param timeouts the plan's wait deadlines
     * @param nodeSettings what every configured node is tuned with
     */
    public record Settings(
            String namespace,
            String operatorVersion,
            int maxParallelUpgrades,
            int sshPort,
            PlanTimeouts timeouts,
            NodeSettings nodeSettings) {
        public Settings {
            requireNonNull(namespace, "namespace cannot be null");
            requireNonNull(operatorVersion, "operatorVersion cannot be null");
            requireNonNull(timeouts, "timeouts cannot be null");
            requireNonNull(nodeSettings, "nodeSettings cannot be null");
        }
    }

    /** The ports and services the loop acts through. */
    public record Ports(
            ClusterEnvironment env,
            ConfigMapSource configMaps,
            NodeRepository nodes,
            MachineRepository machines,
            EventRecorder events,
            KeyMaterial keys,
            AddressResolver resolver,
            RemoteHostConnector connector,
            HostKeyStore hostKeys,
            BootstrapCredentialsSource bootstrap,
            ReportedHostnames hostnames,
            OperatorMetrics metrics,
            Function<KeyMaterial.Keys, Optional<String>> userDataProblem,
            Supplier<HostSettings> hostSettings) {
        public Ports {
            requireNonNull(hostSettings, "hostSettings cannot be null");
            requireNonNull(env, "env cannot be null");
            requireNonNull(configMaps, "configMaps cannot be null");
            requireNonNull(nodes, "nodes cannot be null");
            requireNonNull(machines, "machines cannot be null");
            requireNonNull(events, "events cannot be null");
            requireNonNull(keys, "keys cannot be null");
            requireNonNull(resolver, "resolver cannot be null");
            requireNonNull(connector, "connector cannot be null");
            requireNonNull(hostKeys, "hostKeys cannot be null");
            requireNonNull(bootstrap, "bootstrap cannot be null");
            requireNonNull(hostnames, "hostnames cannot be null");
            requireNonNull(metrics, "metrics cannot be null");
            requireNonNull(userDataProblem, "userDataProblem cannot be null");
        }
    }

    private final SlotLedger ledger = new SlotLedger();
    private final KeyStates states = new KeyStates();
    private final InstanceReconciler reconciler;
    private final KeyMapper mapper;

    /**
     * @param cancelled true once the operator stops or loses its Lease: running plans end before their next step
     */
    public InstanceLoop(Settings settings, Ports ports, BooleanSupplier cancelled, Clock clock) {
        requireNonNull(settings, "settings cannot be null");
        requireNonNull(ports, "ports cannot be null");
        requireNonNull(cancelled, "cancelled cannot be null");
        requireNonNull(clock, "clock cannot be null");
        FleetReader reader = new FleetReader(
                settings.namespace(),
                settings.operatorVersion(),
                settings.maxParallelUpgrades(),
                ports.env(),
                ports.configMaps(),
                ports.nodes(),
                ports.machines(),
                ports.keys(),
                ports.resolver(),
                ledger,
                ports.userDataProblem(),
                states::inProgress,
                ports.hostSettings());
        PlanBuilder plans = new PlanBuilder(
                ports.env(),
                settings.operatorVersion(),
                settings.sshPort(),
                settings.timeouts(),
                settings.nodeSettings(),
                ports.bootstrap(),
                ports.hostnames(),
                clock);
        PlanRunner runner = new PlanRunner(ports.nodes(), ports.metrics(), ports.env()::payloadFile, cancelled, clock);
        InstanceActions actions = new InstanceActions(
                settings.namespace(),
                plans,
                runner,
                ports.connector(),
                ports.hostKeys(),
                ports.nodes(),
                ports.machines(),
                ports.events(),
                ledger,
                ports.hostnames(),
                ports.metrics(),
                clock);
        this.reconciler = new InstanceReconciler(reader, ledger, states, actions, ports.events(), ports.metrics());
        this.mapper = new KeyMapper(reader, ledger, states);
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    public KeyMapper mapper() {
        return mapper;
    }

    /** The work queue's rate limiter: each key's backoff after its failures in a row. */
    public RateLimiter<Request> rateLimiter() {
        return new KeyBackoff(states);
    }

    /** The slot ledger, for tests of the mapping from events to keys. */
    SlotLedger ledgerForTests() {
        return ledger;
    }

    /** Leadership ended: plan runs and claims are dropped (the next leader starts over; every step is idempotent). */
    public void leadershipEnded() {
        states.discardRuns();
        ledger.clear();
    }
}
