package io.wmco.app.workflow;

import static java.util.Objects.requireNonNull;

import io.wmco.app.loop.ChangeSignal;
import io.wmco.app.metrics.OperatorMetrics;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.MetadataPatch;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.domain.payload.PayloadFiles;
import io.wmco.domain.plan.ConfigStep;
import io.wmco.domain.plan.ConfigurationPlan;
import io.wmco.domain.plan.FileStep;
import io.wmco.domain.plan.NetworkStep;
import io.wmco.domain.plan.NodeLayout;
import io.wmco.domain.plan.NodeStep;
import io.wmco.domain.plan.OverlayFacts;
import io.wmco.domain.plan.RenameComputer;
import io.wmco.domain.plan.ServiceConvergence;
import io.wmco.domain.plan.ServiceSpec;
import io.wmco.domain.plan.ServiceStep;
import io.wmco.domain.remote.CommandResult;
import io.wmco.domain.remote.FileCommands;
import io.wmco.domain.remote.HnsCommands;
import io.wmco.domain.remote.HostCommands;
import io.wmco.domain.remote.ServiceCommands;
import io.wmco.domain.remote.ServiceStatus;
import io.wmco.ports.cluster.NodeRepository;
import io.wmco.ports.remote.RemoteHost;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link ConfigurationPlan} on one host: each step through the remote-host and node ports, waits on
 * cluster state through a {@link ChangeSignal} with the step's deadline, and the duration of every phase recorded.
 * Every step is idempotent, so a plan interrupted anywhere (operator restart, lost connection) is simply run again.
 * When a step fails, the plan's {@code onFailure} steps run best effort (the reference stops all services so the
 * node shows NotReady) and the original error is rethrown.
 *
 * <p>Not thread-safe: one executor per running plan.
 */
public final class PlanExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(PlanExecutor.class);
    /** How often the HNS networks are looked for on the host while waiting (the host offers no watch). */
    private static final Duration HNS_POLL_START = Duration.ofMillis(200);

    private static final Duration HNS_POLL_MAX = Duration.ofSeconds(5);
    /** How long a write may take to reach the informer cache before the step is considered failed. */
    static final Duration CACHE_CATCH_UP = Duration.ofSeconds(30);

    private final RemoteHost host;
    private final NodeRepository nodes;
    private final ChangeSignal nodeChanges;
    private final OperatorMetrics metrics;
    private final Function<String, Path> payload;
    private final String instance;
    private final BooleanSupplier cancelled;
    private final Clock clock;

    private String nodeName;
    private String nodeSubnet;
    private String sourceVip;

    /**
     * @param host the connected host
     * @param nodes node access
     * @param nodeChanges signalled on every node change (informer events)
     * @param metrics phase durations are recorded here
     * @param payload local path of a payload file by name
     * @param instance the instance's address, for logs and messages
     * @param knownNodeName the node's name when already known (existing node), else null
     * @param cancelled true once the operator stops: the plan ends before its next step
     * @param clock times the phases
     */
    public PlanExecutor(
            RemoteHost host,
            NodeRepository nodes,
            ChangeSignal nodeChanges,
            OperatorMetrics metrics,
            Function<String, Path> payload,
            String instance,
            String knownNodeName,
            BooleanSupplier cancelled,
            Clock clock) {
        this.host = requireNonNull(host, "host cannot be null");
        this.nodes = requireNonNull(nodes, "nodes cannot be null");
        this.nodeChanges = requireNonNull(nodeChanges, "nodeChanges cannot be null");
        this.metrics = requireNonNull(metrics, "metrics cannot be null");
        this.payload = requireNonNull(payload, "payload cannot be null");
        this.instance = requireNonNull(instance, "instance cannot be null");
        this.nodeName = knownNodeName;
        this.cancelled = requireNonNull(cancelled, "cancelled cannot be null");
        this.clock = requireNonNull(clock, "clock cannot be null");
    }

    /**
     * Runs every step in order.
     *
     * @return the node's name (learned while waiting for it to register, or given)
     * @throws WorkflowException when a wait times out; port exceptions pass through unchanged
     * @throws InterruptedException when the operator shuts down
     */
    public Optional<String> execute(ConfigurationPlan plan) throws InterruptedException {
        requireNonNull(plan, "plan cannot be null");
        LOG.info("[{}] {}: {} steps", instance, plan.kind(), plan.steps().size());
        try {
            for (ConfigStep step : plan.steps()) {
                // Stop between steps once the operator stops or loses its Lease: an interrupt alone can be swallowed
                // inside an SSH call, and a new leader must never work on the same host at the same time.
                if (cancelled.getAsBoolean() || Thread.interrupted()) {
                    throw new InterruptedException("operator stopping");
                }
                Instant start = clock.instant();
                LOG.info("[{}] {}", instance, step.describe());
                run(step);
                metrics.phase(step.phase(), Duration.between(start, clock.instant()));
            }
            return Optional.ofNullable(nodeName);
        } catch (RuntimeException | InterruptedException e) {
            if (!plan.onFailure().isEmpty()) {
                LOG.warn(
                        "[{}] {} failed ({}); running {} clean-up steps",
                        instance,
                        plan.kind(),
                        e.getMessage(),
                        plan.onFailure().size());
                for (ConfigStep step : plan.onFailure()) {
                    try {
                        run(step);
                    } catch (RuntimeException | InterruptedException cleanup) {
                        e.addSuppressed(cleanup);
                    }
                }
            }
            throw e;
        }
    }

    private void run(ConfigStep step) throws InterruptedException {
        if (step instanceof NodeStep.CordonIfExists s) {
            findWindowsNode(s.address()).ifPresent(n -> nodes.setUnschedulable(n.name(), true));
        } else if (step instanceof NodeStep.Drain s) {
            if (nodeName != null) {
                nodes.drain(nodeName);
            }
        } else if (step instanceof ServiceStep.Stop s) {
            for (String name : s.names()) {
                runAll(ServiceConvergence.toStop(name, status(name)));
            }
        } else if (step instanceof ServiceStep.Delete s) {
            for (String name : s.names()) {
                runAll(ServiceConvergence.toDelete(name, status(name)));
            }
        } else if (step instanceof RenameComputer s) {
            renameComputer(s.computerName());
        } else if (step instanceof FileStep.EnsureDirectories s) {
            for (String path : s.paths()) {
                host.runChecked("create directory " + path, FileCommands.ensureDirectory(path));
            }
        } else if (step instanceof FileStep.RemoveDirectories s) {
            for (String path : s.paths()) {
                host.runChecked("remove directory " + path, FileCommands.removeDirectory(path));
            }
        } else if (step instanceof FileStep.Transfer s) {
            host.uploadIfChanged(payload.apply(s.payloadName()), s.sha256(), s.remotePath());
        } else if (step instanceof FileStep.Write s) {
            host.writeIfChanged(s.content(), s.remotePath());
        } else if (step instanceof ServiceStep.Ensure s) {
            ensureService(s.spec());
        } else if (step instanceof NodeStep.WaitForNode s) {
            NodeSnapshot node = await(
                    "the node of " + s.address() + " to register", () -> findWindowsNode(s.address()), s.timeout());
            nodeName = node.name();
        } else if (step instanceof NodeStep.Cordon s) {
            nodes.setUnschedulable(requireNode(), true);
        } else if (step instanceof NodeStep.ApplyMetadata s) {
            nodes.patchMetadata(requireNode(), s.patch());
        } else if (step instanceof NodeStep.WaitForAnnotation s) {
            String node = requireNode();
            String value = await(
                    "annotation " + s.key() + " on node " + node,
                    () -> nodes.get(node).flatMap(n -> n.annotation(s.key())).filter(v -> !v.isBlank()),
                    s.timeout());
            if (s.key().equals(MetadataKeys.HYBRID_OVERLAY_SUBNET_ANNOTATION)) {
                nodeSubnet = value;
            }
        } else if (step instanceof NetworkStep.WaitForNetworks s) {
            waitForHnsNetworks(s.names(), s.timeout());
        } else if (step instanceof NetworkStep.RemoveNetworks s) {
            Set<String> present = new HashSet<>(hnsNetworks());
            for (String name : s.names()) {
                if (present.contains(name)) {
                    host.runChecked("remove HNS network " + name, HnsCommands.removeNetwork(hnsModule(), name));
                }
            }
        } else if (step instanceof NetworkStep.EnsureSourceVip s) {
            CommandResult r = host.runChecked(
                    "ensure HNS endpoint " + s.endpointName(),
                    HnsCommands.ensureEndpoint(hnsModule(), s.networkName(), s.endpointName()));
            sourceVip = HnsCommands.parseEndpointAddress(r);
        } else if (step instanceof FileStep.RenderCniConfig s) {
            host.writeIfChanged(s.content(overlayFacts()), s.remotePath());
        } else if (step instanceof ServiceStep.EnsureKubeProxy s) {
            ensureService(s.service(overlayFacts()));
        } else if (step instanceof NodeStep.SetVersion s) {
            String node = requireNode();
            nodes.patchMetadata(node, MetadataPatch.annotations(Map.of(MetadataKeys.VERSION_ANNOTATION, s.version())));
            // Finish only once the cache shows it: the next decision reads the cache and would otherwise see an
            // unconfigured node and start this instance over.
            await(
                    "version " + s.version() + " on node " + node + " to show in the cache",
                    () -> nodes.get(node)
                            .flatMap(n -> n.annotation(MetadataKeys.VERSION_ANNOTATION))
                            .filter(s.version()::equals),
                    CACHE_CATCH_UP);
        } else if (step instanceof NodeStep.Uncordon s) {
            nodes.setUnschedulable(requireNode(), false);
        } else {
            throw new IllegalStateException(
                    "unknown plan step " + step.getClass().getSimpleName());
        }
    }

    private OverlayFacts overlayFacts() {
        if (nodeSubnet == null || sourceVip == null) {
            String node = requireNode();
            if (nodeSubnet == null) {
                nodeSubnet = nodes.get(node)
                        .flatMap(n -> n.annotation(MetadataKeys.HYBRID_OVERLAY_SUBNET_ANNOTATION))
                        .orElseThrow(() -> new WorkflowException(
                                "node " + node + " has no " + MetadataKeys.HYBRID_OVERLAY_SUBNET_ANNOTATION
                                        + " annotation yet",
                                true));
            }
            if (sourceVip == null) {
                throw new WorkflowException(
                        "the source VIP of node " + node + " is unknown: the plan must ensure the "
                                + NodeLayout.VIP_ENDPOINT + " endpoint before kube-proxy",
                        false);
            }
        }
        return OverlayFacts.of(nodeSubnet, sourceVip);
    }

    private void ensureService(ServiceSpec spec) {
        runAll(ServiceConvergence.toRun(spec, status(spec.name())));
    }

    private void runAll(List<ServiceConvergence.ServiceAction> actions) {
        for (ServiceConvergence.ServiceAction a : actions) {
            host.runChecked(a.describe(), a.command());
        }
    }

    private ServiceStatus status(String name) {
        return ServiceCommands.parseQuery(host.runChecked("query service " + name, ServiceCommands.query(name)));
    }

    private void renameComputer(String computerName) {
        String current = HostCommands.parseHostname(host.runChecked("read hostname", HostCommands.hostname()));
        if (!current.equalsIgnoreCase(computerName)) {
            host.runChecked("rename computer to " + computerName, HostCommands.renameComputerAndReboot(computerName));
            throw new WorkflowException(
                    "renamed " + instance + " to " + computerName + " and rebooted it; configuration"
                            + " continues once it is back",
                    true);
        }
    }

    private List<String> hnsNetworks() {
        return HnsCommands.parseNetworkNames(
                host.runChecked("list HNS networks", HnsCommands.networkNames(hnsModule())));
    }

    private void waitForHnsNetworks(List<String> names, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration pause = HNS_POLL_START;
        while (true) {
            if (hnsNetworks().containsAll(names)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new WorkflowException(
                        "timed out after " + timeout.toSeconds() + "s waiting for HNS networks "
                                + names + " on " + instance + "; check the hybrid-overlay-node log under "
                                + NodeLayout.HYBRID_OVERLAY_LOG_DIR,
                        true);
            }
            Thread.sleep(pause.toMillis());
            pause = pause.multipliedBy(2).compareTo(HNS_POLL_MAX) > 0 ? HNS_POLL_MAX : pause.multipliedBy(2);
        }
    }

    private static String hnsModule() {
        return PayloadFiles.remotePath(PayloadFiles.HNS_MODULE);
    }

    private Optional<NodeSnapshot> findWindowsNode(String address) {
        return nodes.list().stream()
                .filter(NodeSnapshot::isWindows)
                .filter(n -> n.hasAddress(address))
                .findFirst();
    }

    private String requireNode() {
        if (nodeName == null) {
            throw new WorkflowException(
                    "no node is known for " + instance + " yet: the plan must wait for it first", false);
        }
        return nodeName;
    }

    private <T> T await(String what, Supplier<Optional<T>> check, Duration timeout) throws InterruptedException {
        try {
            return nodeChanges.await(what, check, timeout);
        } catch (TimeoutException e) {
            throw new WorkflowException(e.getMessage() + " (instance " + instance + ")", true, e);
        }
    }
}
