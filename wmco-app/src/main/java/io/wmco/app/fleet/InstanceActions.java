package io.wmco.app.fleet;

import static java.util.Objects.requireNonNull;

import io.wmco.app.access.KeyMaterial;
import io.wmco.app.fleet.FleetReader.Fleet;
import io.wmco.app.fleet.KeyStates.KeyState;
import io.wmco.app.metrics.OperatorMetrics;
import io.wmco.app.workflow.PlanRun;
import io.wmco.app.workflow.PlanRunner;
import io.wmco.domain.event.EventReason;
import io.wmco.domain.event.Notice;
import io.wmco.domain.fleet.InstanceDecision;
import io.wmco.domain.fleet.InstanceKey;
import io.wmco.domain.hostsettings.HostSettings;
import io.wmco.domain.instance.InstanceSource;
import io.wmco.domain.instance.WindowsInstance;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.MetadataPatch;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.domain.plan.NodeStep;
import io.wmco.domain.upgrade.UpgradeSlots;
import io.wmco.ports.cluster.EventRecorder;
import io.wmco.ports.cluster.MachineRepository;
import io.wmco.ports.cluster.NodeRepository;
import io.wmco.ports.cluster.ObjectRef;
import io.wmco.ports.remote.HostEndpoint;
import io.wmco.ports.remote.HostKeyStore;
import io.wmco.ports.remote.RemoteHostConnector;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one key's {@link InstanceDecision} through the ports. Plans run through {@link PlanRunner} and are
 * resumed from the key's {@link KeyState}; short changes (labels, annotations, a Machine deletion) happen at once.
 * Failures are thrown to the reconciler, which hands them to the failure policy. Thread-safe; a key is only ever
 * carried out by one worker at a time.
 *
 * <p>Over 300 lines: one short handler per kind of {@link InstanceDecision}, all on the same ports and the same
 * resume helpers ({@code runFor}, {@code advance}); split per decision, each part would need both again.
 */
final class InstanceActions {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceActions.class);

    /** How soon a key held back by a fleet-wide rule looks again, when nothing wakes it first. */
    static final Map<InstanceDecision.Wait.Cause, Duration> WAIT_RECHECK = Map.of(
            InstanceDecision.Wait.Cause.UPGRADE_SLOT, Duration.ofSeconds(30),
            InstanceDecision.Wait.Cause.MACHINE_SET, Duration.ofSeconds(15),
            InstanceDecision.Wait.Cause.USER_DATA, Duration.ofSeconds(5),
            InstanceDecision.Wait.Cause.HOST_OWNED_ELSEWHERE, Duration.ofSeconds(10),
            InstanceDecision.Wait.Cause.DUPLICATE, Duration.ofSeconds(30));

    private final String namespace;
    private final PlanBuilder plans;
    private final PlanRunner runner;
    private final RemoteHostConnector connector;
    private final HostKeyStore hostKeys;
    private final NodeRepository nodes;
    private final MachineRepository machines;
    private final EventRecorder events;
    private final SlotLedger ledger;
    private final ReportedHostnames hostnames;
    private final OperatorMetrics metrics;
    private final Clock clock;

    InstanceActions(
            String namespace,
            PlanBuilder plans,
            PlanRunner runner,
            RemoteHostConnector connector,
            HostKeyStore hostKeys,
            NodeRepository nodes,
            MachineRepository machines,
            EventRecorder events,
            SlotLedger ledger,
            ReportedHostnames hostnames,
            OperatorMetrics metrics,
            Clock clock) {
        this.namespace = requireNonNull(namespace, "namespace cannot be null");
        this.plans = requireNonNull(plans, "plans cannot be null");
        this.runner = requireNonNull(runner, "runner cannot be null");
        this.connector = requireNonNull(connector, "connector cannot be null");
        this.hostKeys = requireNonNull(hostKeys, "hostKeys cannot be null");
        this.nodes = requireNonNull(nodes, "nodes cannot be null");
        this.machines = requireNonNull(machines, "machines cannot be null");
        this.events = requireNonNull(events, "events cannot be null");
        this.ledger = requireNonNull(ledger, "ledger cannot be null");
        this.hostnames = requireNonNull(hostnames, "hostnames cannot be null");
        this.metrics = requireNonNull(metrics, "metrics cannot be null");
        this.clock = requireNonNull(clock, "clock cannot be null");
    }

    Outcome carryOut(InstanceKey key, InstanceDecision decision, Fleet fleet, KeyState state) {
        if (decision.slot().isEmpty()) {
            ledger.release(key);
        }
        if (decision instanceof InstanceDecision.NothingToDo) {
            finishIfOnlyTheVersionWasAwaited(key, state);
            state.discardRun();
            return Outcome.DONE;
        } else if (decision instanceof InstanceDecision.ReportInvalidEntry r) {
            state.discardRun();
            report(state, instancesRef(), r.notice());
            return Outcome.DONE;
        } else if (decision instanceof InstanceDecision.Wait w) {
            return waiting(key, w, state);
        } else if (decision instanceof InstanceDecision.Configure c) {
            return configure(key, c.instance(), c.existingNode(), false, fleet, state);
        } else if (decision instanceof InstanceDecision.UpgradeInPlace u) {
            if (!u.labelled()) {
                nodes.patchMetadata(u.node().name(), UpgradeSlots.acquire());
            }
            return configure(key, u.instance(), Optional.of(u.node()), true, fleet, state);
        } else if (decision instanceof InstanceDecision.ReplaceMachine m) {
            return replace(m);
        } else if (decision instanceof InstanceDecision.Reboot r) {
            if (!r.labelled()) {
                nodes.patchMetadata(r.node().name(), UpgradeSlots.acquire());
            }
            return reboot(key, r, fleet, state);
        } else if (decision instanceof InstanceDecision.UpdateKeyAnnotations k) {
            updateKeyAnnotations(k.instance(), k.node(), fleet.keys());
            return Outcome.DONE;
        } else if (decision instanceof InstanceDecision.Deconfigure d) {
            return deconfigure(key, d.node(), fleet.keys(), state);
        } else if (decision instanceof InstanceDecision.ReleaseSlot r) {
            nodes.patchMetadata(r.node().name(), UpgradeSlots.release());
            return Outcome.DONE;
        } else if (decision instanceof InstanceDecision.ApplyHostSettings h) {
            return applyHostSettings(key, h, fleet, state);
        }
        throw new IllegalStateException(
                "unknown decision " + decision.getClass().getSimpleName());
    }

    private Outcome waiting(InstanceKey key, InstanceDecision.Wait w, KeyState state) {
        if (w.cause() == InstanceDecision.Wait.Cause.UPGRADE_SLOT) {
            ledger.awaitSlot(key);
        }
        if (w.notice().isPresent()) {
            ObjectRef regarding =
                    key.isByoh() ? instancesRef() : ObjectRef.machine(MetadataKeys.MACHINE_API_NAMESPACE, key.name());
            report(state, regarding, w.notice().get());
        } else {
            LOG.debug("[{}] waiting: {}", key, w.reason());
        }
        return new Outcome.Requeue(WAIT_RECHECK.get(w.cause()));
    }

    private Outcome configure(
            InstanceKey key,
            WindowsInstance instance,
            Optional<NodeSnapshot> existing,
            boolean upgrade,
            Fleet fleet,
            KeyState state) {
        KeyMaterial.Keys k = fleet.keys();
        HostEndpoint endpoint = plans.endpoint(instance, fleet.snapshot().resolved(instance.address()));
        try (HostSession host = new HostSession(connector, endpoint, k.credentials())) {
            PlanRun run = runFor(
                    state,
                    plans.configureIdentity(instance, upgrade, k),
                    () -> plans.configure(
                            key,
                            instance,
                            fleet.snapshot(),
                            existing,
                            upgrade,
                            k,
                            fleet.snapshot().hostSettings(),
                            host));
            PlanRunner.Progress p = advance(key, state, run, host);
            if (p instanceof PlanRunner.Progress.Finished) {
                finishConfiguration(key, instance, run, upgrade);
            }
            return outcome(p);
        }
    }

    /** Re-applies the host-wide settings to a configured node (no cordon, no slot); records an event when done. */
    private Outcome applyHostSettings(
            InstanceKey key, InstanceDecision.ApplyHostSettings h, Fleet fleet, KeyState state) {
        KeyMaterial.Keys k = fleet.keys();
        HostSettings settings = fleet.snapshot().hostSettings();
        HostEndpoint endpoint = plans.endpoint(
                h.instance(), fleet.snapshot().resolved(h.instance().address()));
        try (HostSession host = new HostSession(connector, endpoint, k.credentials())) {
            PlanRun run = runFor(
                    state,
                    plans.hostSettingsIdentity(h.node(), settings, k),
                    () -> plans.hostSettings(h.node(), settings, k));
            PlanRunner.Progress p = advance(key, state, run, host);
            if (p instanceof PlanRunner.Progress.Finished) {
                LOG.info(
                        "[{}] node {} has the current host-wide settings",
                        key,
                        h.node().name());
                events.record(
                        ObjectRef.node(h.node().name()),
                        EventReason.HOST_SETTINGS_APPLIED,
                        "host-wide settings (proxy variables, trusted CAs, registry mirrors) applied to node "
                                + h.node().name() + " without a reconfiguration");
            }
            return outcome(p);
        }
    }

    private Outcome deconfigure(InstanceKey key, NodeSnapshot node, KeyMaterial.Keys keys, KeyState state) {
        HostEndpoint endpoint = plans.endpoint(node, keys);
        try (HostSession host = new HostSession(connector, endpoint, keys.credentials())) {
            PlanRun run =
                    runFor(state, plans.deconfigureIdentity(node, keys), () -> plans.deconfigure(node, endpoint, keys));
            PlanRunner.Progress p = advance(key, state, run, host);
            if (p instanceof PlanRunner.Progress.Finished) {
                forgetHost(endpoint);
                metrics.configurationFinished("deconfigure", "success");
                LOG.info("[{}] deconfigured; node {} deleted", endpoint.address(), node.name());
            }
            return outcome(p);
        }
    }

    /** Reboots a node that asked for it; gives its slot back when the node is schedulable again. */
    private Outcome reboot(InstanceKey key, InstanceDecision.Reboot r, Fleet fleet, KeyState state) {
        NodeSnapshot node = r.node();
        KeyMaterial.Keys keys = fleet.keys();
        HostEndpoint endpoint = plans.endpoint(
                r.instance(), fleet.snapshot().resolved(r.instance().address()));
        try (HostSession host = new HostSession(connector, endpoint, keys.credentials())) {
            PlanRun run = runFor(state, plans.rebootIdentity(node, keys), () -> plans.reboot(node, keys));
            PlanRunner.Progress p = advance(key, state, run, host);
            if (p instanceof PlanRunner.Progress.Finished) {
                // the ledger first: the label's removal, once in the cache, wakes the keys waiting for the slot, and
                // a woken key must not find the claim still held (it would wait for the next recheck)
                ledger.release(key);
                nodes.patchMetadata(node.name(), UpgradeSlots.release());
                Duration took = Duration.between(run.startedAt(), clock.instant());
                metrics.phase("total-reboot", took);
                LOG.info("[{}] node {} rebooted in {}s", r.instance().address().value(), node.name(), took.toSeconds());
                events.record(
                        ObjectRef.node(node.name()),
                        EventReason.NODE_REBOOTED,
                        "node " + node.name() + " was drained, rebooted and is Ready and schedulable again");
            }
            return outcome(p);
        }
    }

    /** Forgets what the operator knew about a removed host: its pinned host key and its reported name. */
    private void forgetHost(HostEndpoint endpoint) {
        hostKeys.forget(endpoint.hostId());
        hostnames.forget(endpoint.address());
    }

    /** Deletes a node whose host is gone, without cleaning the host (the failure policy decided so). */
    void forceDelete(NodeSnapshot node) {
        nodes.delete(node.name());
        node.address(io.wmco.domain.node.NodeAddress.INTERNAL_IP)
                .ifPresent(ip -> forgetHost(plans.endpointForKeys(ip)));
    }

    /** Deletes a Machine whose host can never let the operator in (the failure policy decided so). */
    void deleteMachine(String machineNamespace, String name) {
        machines.delete(machineNamespace, name);
    }

    /** The key's run when it is for the same plan (it resumes), else a new one from {@code start}. */
    private static PlanRun runFor(KeyState state, PlanRun.Identity identity, Supplier<PlanRun> start) {
        Optional<PlanRun> current = state.run().filter(r -> r.identity().equals(identity));
        if (current.isPresent()) {
            return current.get();
        }
        PlanRun run = start.get();
        state.run(run);
        return run;
    }

    /** Moves the run on; forgets it when it is done, failed or cancelled. */
    private PlanRunner.Progress advance(InstanceKey key, KeyState state, PlanRun run, HostSession host) {
        PlanRunner.Progress p;
        try {
            p = runner.advance(host.endpoint().address(), run, host);
        } catch (RuntimeException e) {
            state.discardRun();
            throw e;
        }
        if (p instanceof PlanRunner.Progress.Cancelled) {
            LOG.info("[{}] stopped between two steps (shutting down); the next leader redoes it", key);
        }
        if (!(p instanceof PlanRunner.Progress.Waiting)) {
            state.discardRun();
        }
        return p;
    }

    private static Outcome outcome(PlanRunner.Progress p) {
        return p instanceof PlanRunner.Progress.Waiting w ? new Outcome.Requeue(w.recheck()) : Outcome.DONE;
    }

    /**
     * A configure or upgrade run whose only step left is its wait for the version annotation to show in the cache has
     * reached its goal when the decision already sees the node up to date: it ends here, with its log line, metrics,
     * event and slot release, instead of being dropped with the run.
     */
    private void finishIfOnlyTheVersionWasAwaited(InstanceKey key, KeyState state) {
        Optional<PlanRun> run = state.run();
        if (run.isEmpty()
                || !(run.get().identity().target() instanceof WindowsInstance instance)
                || !run.get().waitsAtLastStep()
                || !(run.get().plan().steps().get(run.get().next()) instanceof NodeStep.SetVersion)) {
            return;
        }
        finishConfiguration(
                key, instance, run.get(), "upgrade".equals(run.get().identity().kind()));
    }

    private void finishConfiguration(InstanceKey key, WindowsInstance instance, PlanRun run, boolean upgrade) {
        String kind = upgrade ? "upgrade" : "configure";
        String node = run.nodeName().orElse(run.plan().nodeName());
        if (upgrade) {
            // the label counts until its removal shows in the cache, which then wakes the keys waiting for a slot
            nodes.patchMetadata(node, UpgradeSlots.release());
            ledger.release(key);
        }
        Duration took = Duration.between(run.startedAt(), clock.instant());
        metrics.phase("total", took);
        metrics.configurationFinished(kind, "success");
        LOG.info(
                "[{}] {} finished in {}s: node {} is configured",
                instance.address().value(),
                kind,
                took.toSeconds(),
                node);
        events.record(
                ObjectRef.node(node),
                upgrade ? EventReason.NODE_UPGRADED : EventReason.NODE_CONFIGURED,
                "Windows instance " + instance.address().value() + " configured as node " + node);
    }

    private Outcome replace(InstanceDecision.ReplaceMachine m) {
        if (!m.labelled()) {
            nodes.patchMetadata(m.node().name(), UpgradeSlots.acquire());
        }
        String name = m.machine().name();
        LOG.info("[machine/{}] {}: deleting Machine {}", name, m.reason(), name);
        events.record(
                ObjectRef.machine(m.machine().namespace(), name),
                EventReason.MACHINE_REPLACED,
                m.reason() + "; the Machine is deleted so that its MachineSet replaces it");
        machines.delete(m.machine().namespace(), name);
        return Outcome.DONE;
    }

    /** Writes the current key hash and the username encrypted with the current key (BYOH key rotation). */
    private void updateKeyAnnotations(WindowsInstance instance, NodeSnapshot node, KeyMaterial.Keys k) {
        nodes.patchMetadata(
                node.name(),
                new MetadataPatch(
                        Map.of(),
                        Map.of(
                                MetadataKeys.PUB_KEY_HASH_ANNOTATION, k.hash().value(),
                                MetadataKeys.USERNAME_ANNOTATION, k.cipher().encrypt(instance.username())),
                        Set.of(),
                        Set.of()));
        LOG.info(
                "[{}] node {} annotated with the new public key hash",
                instance.address().value(),
                node.name());
    }

    /** Records a notice once per change (a wait or an invalid entry looked at again repeats nothing). */
    private void report(KeyState state, ObjectRef regarding, Notice notice) {
        if (state.isNew(notice)) {
            LOG.warn("{}: {}", notice.reason(), notice.message());
            events.record(regarding, notice);
        }
    }

    /** What an event about an instance regards: its Machine, or the instances ConfigMap. */
    ObjectRef regarding(InstanceKey key, Optional<InstanceSource> source) {
        if (source.orElse(null) instanceof InstanceSource.Machine m) {
            return ObjectRef.machine(m.namespace(), m.name());
        }
        return key.isByoh() ? instancesRef() : ObjectRef.machine(MetadataKeys.MACHINE_API_NAMESPACE, key.name());
    }

    private ObjectRef instancesRef() {
        return ObjectRef.configMap(namespace, MetadataKeys.INSTANCES_CONFIGMAP);
    }
}
