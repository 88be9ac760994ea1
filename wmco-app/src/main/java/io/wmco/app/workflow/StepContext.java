package io.wmco.app.workflow;

import static java.util.Objects.requireNonNull;

import io.wmco.app.fleet.HostSession;
import io.wmco.domain.fleet.Failure;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.domain.plan.NodeLayout;
import io.wmco.domain.plan.OverlayFacts;
import io.wmco.ports.cluster.NodeRepository;
import io.wmco.ports.remote.LocalFile;
import io.wmco.ports.remote.RemoteHost;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the step families need while one plan runs: the host (connected on first use), the node port, the payload,
 * the run's progress and the clock that times waits. One per look at a plan; not thread-safe.
 *
 * @param instance the instance's address, for logs and messages
 */
record StepContext(
        String instance,
        HostSession host,
        NodeRepository nodes,
        Function<String, LocalFile> payload,
        PlanRun run,
        Clock clock) {

    StepContext {
        requireNonNull(instance, "instance cannot be null");
        requireNonNull(host, "host cannot be null");
        requireNonNull(nodes, "nodes cannot be null");
        requireNonNull(payload, "payload cannot be null");
        requireNonNull(run, "run cannot be null");
        requireNonNull(clock, "clock cannot be null");
    }

    RemoteHost remote() {
        return host.get();
    }

    /**
     * The step keeps waiting: recheck after {@code recheck}, unless its deadline has passed.
     *
     * @throws WorkflowException ({@link Failure.Kind#TIMED_OUT}) once {@code timeout} has passed since the step began
     */
    StepResult waitFor(String what, Duration timeout, Duration recheck) {
        Instant began = run.begin(clock.instant());
        if (clock.instant().isAfter(began.plus(timeout))) {
            throw new WorkflowException(
                    Failure.Kind.TIMED_OUT, "timed out after " + timeout.toSeconds() + "s waiting for " + what);
        }
        return new StepResult.Waiting(what, recheck);
    }

    /** The node's name, which the plan must have learned (or been given) by now. */
    String node() {
        return run.nodeName()
                .orElseThrow(() -> new WorkflowException(
                        Failure.Kind.UNEXPECTED,
                        "no node is known for " + instance + " yet: the plan must wait for it first"));
    }

    /** The Windows node registered with {@code address}, in the cache. */
    Optional<NodeSnapshot> windowsNodeAt(String address) {
        return nodes.list().stream()
                .filter(NodeSnapshot::isWindows)
                .filter(n -> n.hasAddress(address))
                .findFirst();
    }

    /** The node subnet and source VIP learned so far, for the CNI configuration and kube-proxy. */
    OverlayFacts overlayFacts() {
        String subnet = run.nodeSubnet()
                .orElseThrow(() -> new WorkflowException(
                        Failure.Kind.UNEXPECTED,
                        "the node subnet of " + instance + " is unknown: the plan must wait for its annotation first"));
        String vip = run.sourceVip()
                .orElseThrow(() -> new WorkflowException(
                        Failure.Kind.UNEXPECTED,
                        "the source VIP of " + instance + " is unknown: the plan must ensure the "
                                + NodeLayout.VIP_ENDPOINT + " endpoint before kube-proxy"));
        return OverlayFacts.of(subnet, vip);
    }
}
