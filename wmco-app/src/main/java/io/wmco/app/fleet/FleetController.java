package io.wmco.app.fleet;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.extended.controller.reconciler.Reconciler;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.controller.reconciler.Result;
import io.wmco.app.access.KeyMaterial;
import io.wmco.app.cluster.ClusterEnvironment;
import io.wmco.app.loop.ChangeSignal;
import io.wmco.app.metrics.OperatorMetrics;
import io.wmco.app.workflow.WorkflowException;
import io.wmco.domain.event.EventReason;
import io.wmco.domain.instance.InstanceAddress;
import io.wmco.domain.instance.InstanceEntry;
import io.wmco.domain.instance.InstanceSource;
import io.wmco.domain.instance.InstancesConfigMap;
import io.wmco.domain.instance.ResolvedAddress;
import io.wmco.domain.instance.Username;
import io.wmco.domain.instance.WindowsInstance;
import io.wmco.domain.machine.MachineSnapshot;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.NodeAddress;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.domain.upgrade.FleetState;
import io.wmco.domain.upgrade.InstanceDecision;
import io.wmco.domain.upgrade.NodeFreshness;
import io.wmco.domain.upgrade.OperatorVersion;
import io.wmco.domain.upgrade.UpgradePlanner;
import io.wmco.domain.upgrade.UpgradeSlots;
import io.wmco.ports.PortException;
import io.wmco.ports.cluster.ConfigMapSource;
import io.wmco.ports.cluster.EventRecorder;
import io.wmco.ports.cluster.MachineRepository;
import io.wmco.ports.cluster.NodeRepository;
import io.wmco.ports.cluster.ObjectRef;
import io.wmco.ports.remote.AuthenticationRejectedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The control loop for every Windows instance, BYOH entries and Machines alike. One level-based reconcile reads
 * the caches, lets the domain decide what each instance needs ({@link UpgradePlanner}), and hands long actions to a
 * bounded pool of workflow threads ({@code --max-parallel-configurations}); short metadata changes happen inline.
 * At most one workflow runs per instance; a failed one is retried with exponential backoff (reset when the
 * ConfigMap or the key Secret changes), a permanent failure is reported and waits for such a change.
 *
 * <p>Runs on one controller worker; workflows run on the pool and ask for a new reconcile when they end.
 */
public final class FleetController implements Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(FleetController.class);
    /** The single work-queue key of this controller. */
    public static final Request KEY = new Request("windows-instances");

    static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    static final Duration MAX_RETRY = Duration.ofMinutes(5);
    static final Duration PERMANENT_RETRY = Duration.ofMinutes(15);
    /** How soon Machines waiting for current user data look again (the user-data loop writes it). */
    static final Duration USER_DATA_RECHECK = Duration.ofSeconds(5);

    private record Backoff(int failures, Instant until) {}

    private final String namespace;
    private final OperatorVersion version;
    private final int maxParallelUpgrades;
    private final ClusterEnvironment env;
    private final ConfigMapSource configMaps;
    private final NodeRepository nodes;
    private final MachineRepository machines;
    private final EventRecorder events;
    private final KeyMaterial keys;
    private final AddressResolver resolver;
    private final InstanceWorkflows workflows;
    private final OperatorMetrics metrics;
    private final ChangeSignal nodeChanges;
    private final ExecutorService pool;
    private final Clock clock;
    private volatile Consumer<Request> requeue = r -> {};
    private volatile Function<KeyMaterial.Keys, Optional<String>> userDataProblem = k -> Optional.empty();

    private final Map<String, Set<String>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Backoff> backoff = new ConcurrentHashMap<>();
    private final Map<String, String> reported = new ConcurrentHashMap<>();

    public FleetController(
            String namespace,
            String operatorVersion,
            int maxParallelUpgrades,
            ClusterEnvironment env,
            ConfigMapSource configMaps,
            NodeRepository nodes,
            MachineRepository machines,
            EventRecorder events,
            KeyMaterial keys,
            AddressResolver resolver,
            InstanceWorkflows workflows,
            OperatorMetrics metrics,
            ChangeSignal nodeChanges,
            ExecutorService pool,
            Clock clock) {
        this.namespace = requireNonNull(namespace, "namespace cannot be null");
        this.version = new OperatorVersion(operatorVersion);
        this.maxParallelUpgrades = maxParallelUpgrades;
        this.env = requireNonNull(env, "env cannot be null");
        this.configMaps = requireNonNull(configMaps, "configMaps cannot be null");
        this.nodes = requireNonNull(nodes, "nodes cannot be null");
        this.machines = requireNonNull(machines, "machines cannot be null");
        this.events = requireNonNull(events, "events cannot be null");
        this.keys = requireNonNull(keys, "keys cannot be null");
        this.resolver = requireNonNull(resolver, "resolver cannot be null");
        this.workflows = requireNonNull(workflows, "workflows cannot be null");
        this.metrics = requireNonNull(metrics, "metrics cannot be null");
        this.nodeChanges = requireNonNull(nodeChanges, "nodeChanges cannot be null");
        this.pool = requireNonNull(pool, "pool cannot be null");
        this.clock = requireNonNull(clock, "clock cannot be null");
    }

    /** Where finished workflows ask for the next reconcile (the controller's work queue). */
    public void requeueWith(Consumer<Request> requeue) {
        this.requeue = requireNonNull(requeue, "requeue cannot be null");
    }

    /**
     * How to tell whether the {@code windows-user-data} Secret matches the current key (empty when it does or when
     * there is no Machine API): while it does not, no Machine is configured or replaced, since a Machine booted
     * from stale user data would not let the operator in.
     */
    public void checkUserDataWith(Function<KeyMaterial.Keys, Optional<String>> userDataProblem) {
        this.userDataProblem = requireNonNull(userDataProblem, "userDataProblem cannot be null");
    }

    /** The ConfigMap or key changed: failed instances get a fresh chance at once. */
    public void inputsChanged() {
        backoff.clear();
    }

    @Override
    public Result reconcile(Request request) {
        metrics.reconciled("windows-instances");
        try {
            return reconcileOnce();
        } catch (PortException e) {
            metrics.failed("windows-instances", e.retryable());
            LOG.warn("reconcile failed: {}", e.getMessage());
            return new Result(e.retryable());
        }
    }

    private Result reconcileOnce() {
        if (env.cluster().isEmpty()) {
            reportOnce(
                    "cluster",
                    ObjectRef.configMap(namespace, MetadataKeys.INSTANCES_CONFIGMAP),
                    EventReason.CLUSTER_NOT_SUPPORTED,
                    "Windows nodes will not be configured: " + String.join("; ", env.problems()));
            return new Result(false);
        }
        Optional<KeyMaterial.Keys> k;
        try {
            k = keys.current();
        } catch (PortException e) {
            reportOnce("key", secretRef(), EventReason.INVALID_PRIVATE_KEY, e.getMessage());
            return new Result(false);
        }
        if (k.isEmpty()) {
            reportOnce(
                    "key",
                    secretRef(),
                    EventReason.PRIVATE_KEY_MISSING,
                    "Secret " + MetadataKeys.PRIVATE_KEY_SECRET + " with key "
                            + MetadataKeys.PRIVATE_KEY_SECRET_KEY + " is missing in namespace " + namespace
                            + ": create it to let the operator reach Windows hosts");
            return new Result(false);
        }
        reported.remove("key");

        List<InstanceEntry> entries = configMaps
                .data(namespace, MetadataKeys.INSTANCES_CONFIGMAP)
                .map(InstancesConfigMap::parse)
                .orElse(List.of());
        reportInvalidEntries(entries);
        Map<InstanceAddress, ResolvedAddress> resolutions = new HashMap<>();
        for (WindowsInstance i : InstancesConfigMap.validInstances(entries)) {
            resolutions.put(i.address(), resolver.resolve(i.address()));
        }
        List<NodeSnapshot> nodeList = nodes.list();
        List<MachineSnapshot> machineList = machines.available() ? machines.windowsMachines() : List.of();
        Set<String> busy = new HashSet<>();
        inFlight.values().forEach(busy::addAll);
        FleetState state = new FleetState(
                version,
                k.get().hash().value(),
                entries,
                resolutions,
                nodeList,
                machineList,
                env.profile().defaultSshUser().map(Username::new),
                busy,
                maxParallelUpgrades);
        List<InstanceDecision> decisions = UpgradePlanner.decide(state);
        Optional<String> staleUserData = machineList.isEmpty() ? Optional.empty() : userDataProblem.apply(k.get());
        if (staleUserData.isEmpty()) {
            reported.remove("user-data");
        }

        Instant now = clock.instant();
        Duration wake = null;
        for (InstanceDecision d : decisions) {
            if (staleUserData.isPresent() && touchesMachine(d)) {
                reportOnce(
                        "user-data",
                        new ObjectRef(
                                "v1", "Secret", MetadataKeys.MACHINE_API_NAMESPACE, MetadataKeys.USER_DATA_SECRET, ""),
                        EventReason.USER_DATA_NOT_CURRENT,
                        "Windows Machines wait: " + staleUserData.get());
                wake = wake == null || USER_DATA_RECHECK.compareTo(wake) < 0 ? USER_DATA_RECHECK : wake;
                continue;
            }
            if (d.isNoOp()) {
                if (d instanceof InstanceDecision.WaitForSlot w && !inFlight.containsKey(w.subject())) {
                    LOG.debug("[{}] waiting: {}", w.subject(), w.reason());
                }
                continue;
            }
            Backoff b = backoff.get(d.subject());
            if (b != null && b.until().isAfter(now)) {
                Duration left = Duration.between(now, b.until());
                wake = wake == null || left.compareTo(wake) < 0 ? left : wake;
                continue;
            }
            dispatch(d, resolutions);
        }
        updateGauges(nodeList);
        return wake == null ? new Result(false) : new Result(true, wake);
    }

    private static boolean touchesMachine(InstanceDecision d) {
        return d instanceof InstanceDecision.Configure c && !c.instance().isByoh()
                || d instanceof InstanceDecision.ReplaceMachine;
    }

    /**
     * A Machine whose host refuses the operator's key cannot recover (its user data is baked in at boot): the
     * Machine is deleted, with an event, so that its MachineSet creates a fresh one. BYOH hosts only get the event
     * (through the usual failure path).
     */
    private Workflow deletingMachineOnRejectedKey(WindowsInstance instance, Workflow workflow) {
        if (!(instance.source() instanceof InstanceSource.Machine m)) {
            return workflow;
        }
        return () -> {
            try {
                workflow.run();
            } catch (AuthenticationRejectedException e) {
                ObjectRef ref = ObjectRef.machine(m.namespace(), m.name());
                LOG.warn("[{}] {}: deleting Machine {}", instance.address().value(), e.getMessage(), m.name());
                events.record(
                        ref,
                        EventReason.MACHINE_DELETED,
                        "host " + instance.address().value()
                                + " of Machine " + m.name() + " rejected the operator's key (" + e.getMessage()
                                + "); the Machine is deleted so that its MachineSet replaces it");
                machines.delete(m.namespace(), m.name());
            }
        };
    }

    private void dispatch(InstanceDecision d, Map<InstanceAddress, ResolvedAddress> resolutions) {
        if (d instanceof InstanceDecision.Configure c) {
            Set<String> keys = keysOf(c.subject(), c.existingNode());
            ResolvedAddress r = resolutions.getOrDefault(c.instance().address(), ResolvedAddress.none());
            LOG.info("[{}] {}", c.subject(), c.reason());
            submit(
                    c.subject(),
                    keys,
                    regarding(c.instance()),
                    deletingMachineOnRejectedKey(
                            c.instance(), () -> workflows.configure(c.instance(), r, c.existingNode(), false)));
        } else if (d instanceof InstanceDecision.UpgradeInPlace u) {
            ResolvedAddress r = resolutions.getOrDefault(u.instance().address(), ResolvedAddress.none());
            LOG.info("[{}] {}", u.subject(), u.reason());
            inline(u.subject(), regarding(u.instance()), () -> {
                if (!u.slotAlreadyHeld()) {
                    takeSlot(u.node());
                }
            });
            if (NodeFreshness.holdsSlot(nodes.get(u.node().name()).orElse(u.node())) || u.slotAlreadyHeld()) {
                submit(
                        u.subject(),
                        keysOf(u.subject(), Optional.of(u.node())),
                        regarding(u.instance()),
                        deletingMachineOnRejectedKey(
                                u.instance(), () -> workflows.configure(u.instance(), r, Optional.of(u.node()), true)));
            }
        } else if (d instanceof InstanceDecision.UpdateKeyAnnotations k) {
            inline(k.subject(), regarding(k.instance()), () -> workflows.updateKeyAnnotations(k.instance(), k.node()));
        } else if (d instanceof InstanceDecision.ReleaseSlot r) {
            inline(
                    r.subject(),
                    ObjectRef.node(r.node().name()),
                    () -> nodes.patchMetadata(r.node().name(), UpgradeSlots.release()));
        } else if (d instanceof InstanceDecision.Deconfigure dc) {
            int attempt = Optional.ofNullable(backoff.get(dc.subject()))
                    .map(Backoff::failures)
                    .orElse(0);
            Set<String> keys = new LinkedHashSet<>(Set.of(dc.node().name()));
            dc.node().address(NodeAddress.INTERNAL_IP).ifPresent(keys::add);
            LOG.info("[{}] {}", dc.subject(), dc.reason());
            submit(
                    dc.subject(),
                    keys,
                    ObjectRef.node(dc.node().name()),
                    () -> workflows.deconfigure(dc.node(), attempt));
        } else if (d instanceof InstanceDecision.ReplaceMachine m) {
            inline(
                    m.subject(),
                    ObjectRef.machine(m.machine().namespace(), m.machine().name()),
                    () -> {
                        if (!m.slotAlreadyHeld()) {
                            takeSlot(m.node());
                        }
                        LOG.info(
                                "[{}] {}: deleting Machine {}",
                                m.subject(),
                                m.reason(),
                                m.machine().name());
                        events.record(
                                ObjectRef.machine(
                                        m.machine().namespace(), m.machine().name()),
                                EventReason.MACHINE_REPLACED,
                                m.reason() + "; the Machine is deleted so that its MachineSet replaces it");
                        machines.delete(m.machine().namespace(), m.machine().name());
                    });
        }
    }

    /** Labels the node as upgrading and waits until the cache shows it, so the next decision counts the slot. */
    private void takeSlot(NodeSnapshot node) {
        nodes.patchMetadata(node.name(), UpgradeSlots.acquire());
        try {
            nodeChanges.await(
                    "upgrade slot of " + node.name() + " to show in the cache",
                    () -> nodes.get(node.name()).filter(NodeFreshness::holdsSlot),
                    Duration.ofSeconds(30));
        } catch (TimeoutException e) {
            throw new WorkflowException(e.getMessage(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkflowException("interrupted while taking an upgrade slot", true, e);
        }
    }

    /** Work that may block (waits, transfers): runs on the pool. */
    @FunctionalInterface
    interface Workflow {
        void run() throws InterruptedException;
    }

    private void submit(String subject, Set<String> keys, ObjectRef regarding, Workflow workflow) {
        if (inFlight.putIfAbsent(subject, keys) != null) {
            return;
        }
        try {
            pool.execute(() -> {
                MDC.put("instance", subject);
                try {
                    workflow.run();
                    backoff.remove(subject);
                    reported.remove("failure:" + subject);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    LOG.info("[{}] interrupted (shutting down); the next leader redoes it", subject);
                } catch (RuntimeException e) {
                    failed(subject, regarding, e);
                } finally {
                    inFlight.remove(subject);
                    MDC.remove("instance");
                    requeue.accept(KEY);
                }
            });
        } catch (RuntimeException rejected) {
            inFlight.remove(subject);
            throw rejected;
        }
    }

    private void inline(String subject, ObjectRef regarding, Runnable action) {
        try {
            action.run();
            backoff.remove(subject);
        } catch (RuntimeException e) {
            failed(subject, regarding, e);
        }
    }

    private void failed(String subject, ObjectRef regarding, RuntimeException e) {
        boolean retryable = !(e instanceof PortException p) || p.retryable();
        int failures =
                Optional.ofNullable(backoff.get(subject)).map(Backoff::failures).orElse(0) + 1;
        Duration delay = retryable ? retryDelay(failures) : PERMANENT_RETRY;
        backoff.put(subject, new Backoff(failures, clock.instant().plus(delay)));
        metrics.failed("windows-instances", retryable);
        EventReason reason = e instanceof AuthenticationRejectedException
                ? EventReason.AUTHENTICATION_REJECTED
                : retryable ? EventReason.CONFIGURATION_RETRYING : EventReason.CONFIGURATION_FAILED;
        // The event message stays the same while the problem repeats, so that the recorder counts it on one event;
        // the attempt and the delay go to the log only.
        String message = subject + ": " + e.getMessage()
                + (retryable
                        ? "; retrying"
                        : "; fix the cause (the operator retries when the ConfigMap or the key Secret changes, or in "
                                + PERMANENT_RETRY.toMinutes() + " minutes)");
        if (retryable && !(e instanceof PortException)) {
            LOG.warn("[{}] unexpected failure (attempt {}, next in {}s)", subject, failures, delay.toSeconds(), e);
        } else {
            LOG.warn("[{}] {} (attempt {}, next in {}s)", subject, message, failures, delay.toSeconds());
        }
        events.record(regarding, reason, message);
    }

    static Duration retryDelay(int failures) {
        Duration d = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 16));
        return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
    }

    private void reportInvalidEntries(List<InstanceEntry> entries) {
        Set<String> current = new HashSet<>();
        for (InstanceEntry e : entries) {
            if (e instanceof InstanceEntry.Invalid inv) {
                String id = "entry:" + inv.key();
                current.add(id);
                reportOnce(
                        id,
                        ObjectRef.configMap(namespace, MetadataKeys.INSTANCES_CONFIGMAP),
                        EventReason.INVALID_INSTANCE_ENTRY,
                        inv.message());
            }
        }
        reported.keySet().removeIf(id -> id.startsWith("entry:") && !current.contains(id));
    }

    /** Records a warning event once per distinct message and id. */
    private void reportOnce(String id, ObjectRef regarding, EventReason reason, String message) {
        if (!message.equals(reported.put(id, message))) {
            LOG.warn("{}: {}", reason, message);
            events.record(regarding, reason, message);
        }
    }

    private void updateGauges(List<NodeSnapshot> nodeList) {
        int byoh = 0;
        int machine = 0;
        for (NodeSnapshot n : nodeList) {
            if (n.isWindows() && NodeFreshness.hasVersion(n, version)) {
                if (n.isByoh()) {
                    byoh++;
                } else {
                    machine++;
                }
            }
        }
        metrics.configuredNodes("byoh", byoh);
        metrics.configuredNodes("machine", machine);
    }

    private ObjectRef regarding(WindowsInstance instance) {
        if (instance.source() instanceof InstanceSource.Machine m) {
            return ObjectRef.machine(m.namespace(), m.name());
        }
        return ObjectRef.configMap(namespace, MetadataKeys.INSTANCES_CONFIGMAP);
    }

    private ObjectRef secretRef() {
        return new ObjectRef("v1", "Secret", namespace, MetadataKeys.PRIVATE_KEY_SECRET, "");
    }

    private static Set<String> keysOf(String subject, Optional<NodeSnapshot> node) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(subject);
        node.ifPresent(n -> {
            keys.add(n.name());
            n.address(NodeAddress.INTERNAL_IP).ifPresent(keys::add);
        });
        return keys;
    }
}
