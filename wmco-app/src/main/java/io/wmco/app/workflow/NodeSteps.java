package io.wmco.app.workflow;

import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.domain.plan.ConfigurationPlanner;
import io.wmco.domain.plan.NodeStep;
import java.time.Duration;
import java.util.Optional;

/**
 * Carries out {@link NodeStep}s. Writes go to the API server; waits read the cache and never block: a step that
 * does not see what it waits for returns {@link StepResult.Waiting} and is looked at again when an event of the
 * key's node arrives, or after {@link #RECHECK} at the latest, until its deadline. A step that writes and then waits
 * for its write to show (the version annotation, the node's deletion) writes on its first visit only.
 */
final class NodeSteps {
    private NodeSteps() {}

    /** How soon a wait for cluster state is looked at again when no event comes first. */
    static final Duration RECHECK = Duration.ofSeconds(5);
    /** How soon a wait for one of the operator's own writes to show in the cache is looked at again. */
    static final Duration CACHE_RECHECK = Duration.ofSeconds(1);

    static StepResult run(NodeStep step, StepContext ctx) {
        if (step instanceof NodeStep.CordonIfExists s) {
            known(ctx)
                    .or(() -> ctx.windowsNodeAt(s.address()))
                    .ifPresent(n -> ctx.nodes().setUnschedulable(n.name(), true));
        } else if (step instanceof NodeStep.Drain) {
            ctx.run().nodeName().ifPresent(ctx.nodes()::drain);
        } else if (step instanceof NodeStep.WaitForNode s) {
            Optional<NodeSnapshot> node = known(ctx).or(() -> ctx.windowsNodeAt(s.address()));
            if (node.isEmpty()) {
                return ctx.waitFor("the node of " + s.address() + " to register", s.timeout(), RECHECK);
            }
            ctx.run().nodeName(node.get().name());
        } else if (step instanceof NodeStep.Cordon) {
            ctx.nodes().setUnschedulable(ctx.node(), true);
        } else if (step instanceof NodeStep.ApplyMetadata s) {
            ctx.nodes().patchMetadata(ctx.node(), s.patch());
        } else if (step instanceof NodeStep.WaitForAnnotation s) {
            return annotation(s, ctx);
        } else if (step instanceof NodeStep.SetVersion s) {
            return version(s, ctx);
        } else if (step instanceof NodeStep.Delete s) {
            return delete(s, ctx);
        } else if (step instanceof NodeStep.WaitForReady s) {
            String node = ctx.node();
            if (!ctx.nodes().get(node).map(NodeSnapshot::ready).orElse(false)) {
                return ctx.waitFor("node " + node + " to be Ready", s.timeout(), RECHECK);
            }
        } else if (step instanceof NodeStep.RemoveAnnotation s) {
            return removeAnnotation(s, ctx);
        } else if (step instanceof NodeStep.Uncordon) {
            ctx.nodes().setUnschedulable(ctx.node(), false);
        }
        return StepResult.DONE;
    }

    /**
     * The node the run already knows by name (the instance's existing node, or the one found before), when the
     * cache has it: a node is followed by name, so a host whose DHCP address changed keeps its node.
     */
    private static Optional<NodeSnapshot> known(StepContext ctx) {
        return ctx.run().nodeName().flatMap(ctx.nodes()::get);
    }

    private static StepResult annotation(NodeStep.WaitForAnnotation s, StepContext ctx) {
        String node = ctx.node();
        Optional<String> value =
                ctx.nodes().get(node).flatMap(n -> n.annotation(s.key())).filter(v -> !v.isBlank());
        if (value.isEmpty()) {
            return ctx.waitFor("annotation " + s.key() + " on node " + node, s.timeout(), RECHECK);
        }
        if (s.key().equals(MetadataKeys.HYBRID_OVERLAY_SUBNET_ANNOTATION)) {
            ctx.run().nodeSubnet(value.get());
        }
        return StepResult.DONE;
    }

    /** Ends only once the cache shows the version, or the next decision would see an unconfigured node. */
    private static StepResult version(NodeStep.SetVersion s, StepContext ctx) {
        String node = ctx.node();
        if (ctx.run().visits() == 0) {
            ctx.nodes().patchMetadata(node, s.patch());
        }
        boolean shown = ctx.nodes()
                .get(node)
                .flatMap(n -> n.annotation(MetadataKeys.VERSION_ANNOTATION))
                .filter(s.version()::equals)
                .isPresent();
        return shown
                ? StepResult.DONE
                : ctx.waitFor(
                        "version " + s.version() + " on node " + node + " to show in the cache",
                        ConfigurationPlanner.CACHE_CATCH_UP,
                        CACHE_RECHECK);
    }

    /** Ends only once the cache no longer shows the annotation, or the next decision would act on it again. */
    private static StepResult removeAnnotation(NodeStep.RemoveAnnotation s, StepContext ctx) {
        String node = ctx.node();
        if (ctx.run().visits() == 0) {
            ctx.nodes().patchMetadata(node, s.patch());
        }
        boolean gone = ctx.nodes().get(node).flatMap(n -> n.annotation(s.key())).isEmpty();
        return gone
                ? StepResult.DONE
                : ctx.waitFor(
                        "annotation " + s.key() + " to leave node " + node + " in the cache",
                        s.timeout(),
                        CACHE_RECHECK);
    }

    /** Ends only once the cache no longer shows the node, or the next decision would remove it again. */
    private static StepResult delete(NodeStep.Delete s, StepContext ctx) {
        String node = ctx.node();
        if (ctx.run().visits() == 0) {
            ctx.nodes().delete(node);
        }
        return ctx.nodes().get(node).isEmpty()
                ? StepResult.DONE
                : ctx.waitFor("node " + node + " to leave the cache", s.timeout(), CACHE_RECHECK);
    }
}
