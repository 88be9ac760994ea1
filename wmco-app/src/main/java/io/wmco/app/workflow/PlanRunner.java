package io.wmco.app.workflow;

import static java.util.Objects.requireNonNull;

import io.wmco.app.fleet.HostSession;
import io.wmco.app.metrics.OperatorMetrics;
import io.wmco.domain.plan.ConfigStep;
import io.wmco.domain.plan.FileStep;
import io.wmco.domain.plan.HostStep;
import io.wmco.domain.plan.NetworkStep;
import io.wmco.domain.plan.NodeStep;
import io.wmco.domain.plan.RebootComputer;
import io.wmco.domain.plan.RenameComputer;
import io.wmco.domain.plan.ServiceStep;
import io.wmco.domain.plan.StepOverlap;
import io.wmco.ports.cluster.NodeRepository;
import io.wmco.ports.remote.LocalFile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a {@link PlanRun} forward from its next step until the plan is done, a step waits for the cluster or the
 * host, or the operator stops. Never blocks waiting: a waiting step gives the worker back ({@link Progress.Waiting})
 * and the run resumes at the same step on the next reconcile of its key. Steps run one at a time, except the runs of
 * independent transfers the domain marks ({@link StepOverlap}), which run two at a time ({@link OverlappedTransfers})
 * and are all done before the next step. Each step's duration (waits included) is
 * recorded when it ends. When a step fails, the plan's {@code onFailure} steps run best effort (configuration stops
 * every service, so the node shows NotReady rather than half-configured) and the failure is rethrown; the run is
 * then discarded by the caller.
 *
 * <p>Stateless apart from its collaborators; thread-safe. A run is only ever advanced by one worker at a time.
 */
public final class PlanRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PlanRunner.class);
    /**
     * Threads that carry the transfers of overlapped runs while the worker waits for them in order: at most
     * {@link StepOverlap#TRANSFER_WINDOW} per worker; idle ones end after a minute, so nothing needs stopping.
     */
    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "wmco-transfer");
        t.setDaemon(true);
        return t;
    });

    /** How far a look at a run got. */
    public sealed interface Progress {
        /** Every step is done. */
        record Finished(Optional<String> nodeName) implements Progress {}

        /** A step waits: look again after {@code recheck} at the latest. */
        record Waiting(String what, Duration recheck) implements Progress {}

        /** The operator stops or lost its Lease: the run ends between two steps and is redone by the next leader. */
        record Cancelled() implements Progress {}
    }

    private final NodeRepository nodes;
    private final OperatorMetrics metrics;
    private final Function<String, LocalFile> payload;
    private final BooleanSupplier cancelled;
    private final Clock clock;
    private final OverlappedTransfers transfers;

    /**
     * @param payload a payload file by name, with its packed form when it has one
     * @param cancelled true once the operator stops or loses its Lease: runs end before their next step (an
     *     interrupt alone can be swallowed inside an SSH call, and a new leader must never work on the same host)
     */
    public PlanRunner(
            NodeRepository nodes,
            OperatorMetrics metrics,
            Function<String, LocalFile> payload,
            BooleanSupplier cancelled,
            Clock clock) {
        this.nodes = requireNonNull(nodes, "nodes cannot be null");
        this.metrics = requireNonNull(metrics, "metrics cannot be null");
        this.payload = requireNonNull(payload, "payload cannot be null");
        this.cancelled = requireNonNull(cancelled, "cancelled cannot be null");
        this.clock = requireNonNull(clock, "clock cannot be null");
        this.transfers = new OverlappedTransfers(HELPERS, clock);
    }

    /**
     * Runs steps from {@link PlanRun#next()} on.
     *
     * @param instance the instance's address, for logs and messages
     * @param host the instance's host, connected when a step first needs it
     * @throws RuntimeException what a step threw (port exceptions, {@link WorkflowException}), after the failure
     *     steps ran
     */
    public Progress advance(String instance, PlanRun run, HostSession host) {
        requireNonNull(run, "run cannot be null");
        StepContext ctx = new StepContext(instance, host, nodes, payload, run, clock);
        if (run.next() == 0 && run.visits() == 0) {
            LOG.info(
                    "[{}] {}: {} steps",
                    instance,
                    run.plan().kind(),
                    run.plan().steps().size());
        }
        while (!run.finished()) {
            if (cancelled.getAsBoolean()) {
                return new Progress.Cancelled();
            }
            int overlapping = StepOverlap.runLength(run.plan().steps(), run.next());
            if (overlapping > 1) {
                if (!transfers(ctx, overlapping)) {
                    return new Progress.Cancelled();
                }
                continue;
            }
            ConfigStep step = run.step();
            if (run.visits() == 0) {
                LOG.info("[{}] {}", instance, step.describe());
            }
            Instant began = run.begin(clock.instant());
            StepResult result;
            try {
                result = execute(step, ctx);
            } catch (RuntimeException e) {
                runFailureSteps(ctx, e);
                throw e;
            }
            if (result instanceof StepResult.Waiting w) {
                run.visited();
                LOG.debug("[{}] waiting for {}", instance, w.what());
                return new Progress.Waiting(w.what(), w.recheck());
            }
            metrics.phase(step.phase(), Duration.between(began, clock.instant()));
            run.advance();
        }
        return new Progress.Finished(run.nodeName());
    }

    /**
     * Runs the next {@code count} steps, a run of independent transfers, with two in flight; each is logged as it
     * starts and timed and counted done in plan order, as a step alone would be.
     *
     * @return false when a stop came first (the transfers done are counted, the rest did not start)
     */
    private boolean transfers(StepContext ctx, int count) {
        PlanRun run = ctx.run();
        List<FileStep.Transfer> steps = run.plan().steps().subList(run.next(), run.next() + count).stream()
                .map(FileStep.Transfer.class::cast)
                .toList();
        OverlappedTransfers.Ending ending;
        try {
            ending = transfers.run(
                    steps,
                    ctx.remote(),
                    payload,
                    cancelled,
                    s -> LOG.info("[{}] {}", ctx.instance(), s.describe()),
                    (s, took) -> {
                        metrics.phase(s.phase(), took);
                        run.advance();
                    });
        } catch (RuntimeException e) {
            runFailureSteps(ctx, e);
            throw e;
        }
        return ending == OverlappedTransfers.Ending.ALL_DONE;
    }

    private static StepResult execute(ConfigStep step, StepContext ctx) {
        if (step instanceof ServiceStep s) {
            return ServiceSteps.run(s, ctx);
        } else if (step instanceof FileStep s) {
            return FileSteps.run(s, ctx);
        } else if (step instanceof NetworkStep s) {
            return NetworkSteps.run(s, ctx);
        } else if (step instanceof NodeStep s) {
            return NodeSteps.run(s, ctx);
        } else if (step instanceof HostStep s) {
            return HostSettingSteps.run(s, ctx);
        } else if (step instanceof RenameComputer s) {
            return HostSteps.run(s, ctx);
        } else if (step instanceof RebootComputer s) {
            return HostSteps.run(s, ctx);
        }
        throw new IllegalStateException("unknown plan step " + step.getClass().getSimpleName());
    }

    private void runFailureSteps(StepContext ctx, RuntimeException failure) {
        if (ctx.run().plan().onFailure().isEmpty()) {
            return;
        }
        LOG.warn(
                "[{}] {} failed ({}); running {} clean-up steps",
                ctx.instance(),
                ctx.run().plan().kind(),
                failure.getMessage(),
                ctx.run().plan().onFailure().size());
        for (ConfigStep step : ctx.run().plan().onFailure()) {
            try {
                execute(step, ctx);
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
        }
    }
}
