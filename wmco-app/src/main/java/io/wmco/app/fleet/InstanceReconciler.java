package io.wmco.app.fleet;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.extended.controller.reconciler.Reconciler;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.controller.reconciler.Result;
import io.wmco.app.fleet.FleetReader.Fleet;
import io.wmco.app.fleet.KeyStates.KeyState;
import io.wmco.app.metrics.OperatorMetrics;
import io.wmco.domain.fleet.Failure;
import io.wmco.domain.fleet.FailureContext;
import io.wmco.domain.fleet.FailureDecision;
import io.wmco.domain.fleet.FailurePolicy;
import io.wmco.domain.fleet.FleetSnapshot;
import io.wmco.domain.fleet.InstanceDecision;
import io.wmco.domain.fleet.InstanceKey;
import io.wmco.domain.fleet.InstanceOwnership;
import io.wmco.domain.fleet.InstanceRules;
import io.wmco.domain.fleet.SlotClaims;
import io.wmco.domain.instance.InstanceSource;
import io.wmco.domain.instance.WindowsInstance;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.domain.upgrade.NodeFreshness;
import io.wmco.ports.cluster.EventRecorder;
import io.wmco.ports.cluster.ObjectRef;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The control loop of one Windows instance per work-queue key ({@link InstanceKey}: a {@code windows-instances}
 * entry or a Machine). Each reconcile reads the caches into a fleet snapshot, lets the domain decide for this key
 * ({@link InstanceRules}), claims the upgrade slot the decision takes in the {@link SlotLedger} (deciding again when
 * another worker claimed first), carries the decision out ({@link InstanceActions}) and returns: done, come back
 * after a wait, or retry after the key's backoff. A failure becomes a domain {@link Failure} once, and
 * {@link FailurePolicy} decides what follows.
 *
 * <p>The work queue runs {@code --max-parallel-configurations} workers and never gives one key to two of them, so
 * the per-key memory ({@link KeyStates}) needs no further locking; nothing here blocks waiting for the cluster.
 */
public final class InstanceReconciler implements Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceReconciler.class);
    /** The controller's name, in metrics and logs. */
    public static final String NAME = "windows-instances";
    /** How often a decision is made again when other workers keep changing the ledger in between. */
    static final int DECISION_ATTEMPTS = 5;

    private final FleetReader reader;
    private final SlotLedger ledger;
    private final KeyStates states;
    private final InstanceActions actions;
    private final EventRecorder events;
    private final OperatorMetrics metrics;

    InstanceReconciler(
            FleetReader reader,
            SlotLedger ledger,
            KeyStates states,
            InstanceActions actions,
            EventRecorder events,
            OperatorMetrics metrics) {
        this.reader = requireNonNull(reader, "reader cannot be null");
        this.ledger = requireNonNull(ledger, "ledger cannot be null");
        this.states = requireNonNull(states, "states cannot be null");
        this.actions = requireNonNull(actions, "actions cannot be null");
        this.events = requireNonNull(events, "events cannot be null");
        this.metrics = requireNonNull(metrics, "metrics cannot be null");
    }

    @Override
    public Result reconcile(Request request) {
        metrics.reconciled(NAME);
        Optional<InstanceKey> key = InstanceKey.parse(request.getName());
        if (key.isEmpty()) {
            LOG.warn("ignoring work-queue key '{}', which is no instance key", request.getName());
            return new Result(false);
        }
        MDC.put("instance", key.get().value());
        try {
            return reconcile(key.get()).result();
        } finally {
            MDC.remove("instance");
        }
    }

    /** One reconcile of {@code key}: read, decide, act, answer. */
    Outcome reconcile(InstanceKey key) {
        KeyState state = states.of(key);
        Optional<Fleet> fleet = reader.read();
        if (fleet.isEmpty()) {
            // the cluster is unsupported or the key is missing: reported where those are watched
            state.discardRun();
            return Outcome.DONE;
        }
        countConfiguredNodes(fleet.get().snapshot());
        InstanceDecision decision = decide(key, fleet.get().snapshot());
        try {
            Outcome outcome = actions.carryOut(key, decision, fleet.get(), state);
            state.succeeded();
            if (decision instanceof InstanceDecision.NothingToDo
                    && !InstanceOwnership.keys(fleet.get().snapshot()).contains(key)) {
                states.forget(key);
                metrics.instanceGone(key.value());
            } else {
                metrics.instanceFailures(key.value(), 0);
                metrics.instanceState(
                        key.value(), stateOf(key, decision, outcome, fleet.get().snapshot()));
            }
            return outcome;
        } catch (RuntimeException e) {
            return failed(key, decision, state, e);
        }
    }

    /** Publishes how many Windows nodes run this operator's version, by source (the fleet is read anyway). */
    private void countConfiguredNodes(FleetSnapshot fleet) {
        int byoh = 0;
        int machine = 0;
        for (NodeSnapshot n : fleet.nodes()) {
            if (n.isWindows() && NodeFreshness.hasVersion(n, fleet.running())) {
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

    /** The decision for the key, with the slot it takes claimed in the ledger (compare-and-set). */
    private InstanceDecision decide(InstanceKey key, FleetSnapshot fleet) {
        for (int attempt = 1; ; attempt++) {
            SlotClaims seen = ledger.snapshot();
            InstanceDecision d = InstanceRules.decide(fleet.withClaims(seen), key);
            if (d.slot().isEmpty() || ledger.claim(seen, key, d.slot().get())) {
                return d;
            }
            if (attempt == DECISION_ATTEMPTS) {
                return new InstanceDecision.Wait(
                        InstanceDecision.Wait.Cause.UPGRADE_SLOT,
                        "other instances keep claiming upgrade slots; deciding again shortly",
                        Optional.empty());
            }
        }
    }

    private Outcome failed(InstanceKey key, InstanceDecision decision, KeyState state, RuntimeException e) {
        Failure failure = Failures.of(e);
        FailureContext context = context(key, decision, state.failures());
        FailureDecision next = FailurePolicy.decide(failure, context);
        int failures = state.failed();
        metrics.failed(NAME, failure.retryable());
        metrics.instanceFailures(key.value(), failures);
        metrics.instanceState(key.value(), next.notice().reason().text());
        kind(context.action()).ifPresent(k -> metrics.configurationFinished(k, "failure"));
        if (failure.kind() == Failure.Kind.UNEXPECTED) {
            LOG.warn("[{}] unexpected failure (attempt {})", key, failures, e);
        } else {
            LOG.warn(
                    "[{}] {} (attempt {}{})",
                    key,
                    next.notice().message(),
                    failures,
                    next instanceof FailureDecision.Retry
                            ? ", next in " + states.backoff(key).toSeconds() + "s"
                            : "");
        }
        ObjectRef regarding = actions.regarding(
                key,
                context.source() instanceof InstanceSource.Machine ? Optional.of(context.source()) : Optional.empty());
        if (next instanceof FailureDecision.Retry r) {
            events.record(regarding, r.notice());
            return Outcome.RETRY;
        } else if (next instanceof FailureDecision.Report r) {
            events.record(regarding, r.notice());
            return new Outcome.Requeue(r.recheck());
        } else if (next instanceof FailureDecision.DeleteMachine m) {
            events.record(ObjectRef.machine(m.namespace(), m.name()), m.notice());
            actions.deleteMachine(m.namespace(), m.name());
        } else if (next instanceof FailureDecision.ForceDeleteNode n) {
            events.record(ObjectRef.node(n.node()), n.notice());
            context.node().ifPresent(actions::forceDelete);
        }
        state.succeeded();
        return Outcome.DONE;
    }

    /**
     * The state the {@code wmco_instance_state} metric shows after a reconcile that did not fail: the reason of the
     * notice the decision reported (an invalid entry, a duplicate, stale user data), else how far the work is.
     */
    static String stateOf(InstanceKey key, InstanceDecision d, Outcome outcome, FleetSnapshot fleet) {
        boolean running = outcome instanceof Outcome.Requeue;
        if (d instanceof InstanceDecision.ReportInvalidEntry r) {
            return r.notice().reason().text();
        } else if (d instanceof InstanceDecision.Wait w) {
            return w.notice().map(n -> n.reason().text()).orElse("Waiting");
        } else if (d instanceof InstanceDecision.Configure) {
            return running ? "Configuring" : "Configured";
        } else if (d instanceof InstanceDecision.UpgradeInPlace) {
            return running ? "Upgrading" : "Configured";
        } else if (d instanceof InstanceDecision.Deconfigure) {
            return running ? "Removing" : "Removed";
        } else if (d instanceof InstanceDecision.ReplaceMachine) {
            return "Replacing";
        }
        boolean hasNode = fleet.nodes().stream()
                .anyMatch(n ->
                        InstanceOwnership.owner(n, fleet).filter(key::equals).isPresent());
        return hasNode ? "Configured" : "Idle";
    }

    /** What the failure policy needs to know about the decision that failed. */
    static FailureContext context(InstanceKey key, InstanceDecision d, int failuresBefore) {
        Optional<WindowsInstance> instance = Optional.empty();
        Optional<NodeSnapshot> node = Optional.empty();
        FailureContext.Action action = FailureContext.Action.CONFIGURE;
        if (d instanceof InstanceDecision.Configure c) {
            instance = Optional.of(c.instance());
            node = c.existingNode();
        } else if (d instanceof InstanceDecision.UpgradeInPlace u) {
            instance = Optional.of(u.instance());
            node = Optional.of(u.node());
            action = FailureContext.Action.UPGRADE;
        } else if (d instanceof InstanceDecision.ReplaceMachine m) {
            instance = Optional.of(m.instance());
            node = Optional.of(m.node());
            action = FailureContext.Action.REPLACE_MACHINE;
        } else if (d instanceof InstanceDecision.UpdateKeyAnnotations k) {
            instance = Optional.of(k.instance());
            node = Optional.of(k.node());
            action = FailureContext.Action.UPDATE_KEY_ANNOTATIONS;
        } else if (d instanceof InstanceDecision.Deconfigure dc) {
            node = Optional.of(dc.node());
            action = FailureContext.Action.DECONFIGURE;
        } else if (d instanceof InstanceDecision.Reboot r) {
            instance = Optional.of(r.instance());
            node = Optional.of(r.node());
            action = FailureContext.Action.REBOOT;
        } else if (d instanceof InstanceDecision.ReleaseSlot r) {
            node = Optional.of(r.node());
            action = FailureContext.Action.RELEASE_SLOT;
        } else if (d instanceof InstanceDecision.ApplyHostSettings h) {
            instance = Optional.of(h.instance());
            node = Optional.of(h.node());
            action = FailureContext.Action.APPLY_HOST_SETTINGS;
        }
        InstanceSource source = instance.map(WindowsInstance::source)
                .orElseGet(() -> key.isByoh()
                        ? new InstanceSource.Byoh()
                        : new InstanceSource.Machine(
                                io.wmco.domain.node.MetadataKeys.MACHINE_API_NAMESPACE, key.name()));
        return new FailureContext(key.describe(), source, action, failuresBefore, node);
    }

    /** The configurations metric's kind of an action that runs a plan. */
    private static Optional<String> kind(FailureContext.Action action) {
        return switch (action) {
            case CONFIGURE -> Optional.of("configure");
            case UPGRADE -> Optional.of("upgrade");
            case DECONFIGURE -> Optional.of("deconfigure");
            default -> Optional.empty();
        };
    }
}
