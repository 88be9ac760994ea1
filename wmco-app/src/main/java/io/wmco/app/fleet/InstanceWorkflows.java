package io.wmco.app.fleet;

import static java.util.Objects.requireNonNull;

import io.wmco.app.access.KeyMaterial;
import io.wmco.app.bootstrap.BootstrapCredentialsSource;
import io.wmco.app.cluster.ClusterEnvironment;
import io.wmco.app.loop.ChangeSignal;
import io.wmco.app.metrics.OperatorMetrics;
import io.wmco.app.workflow.PlanExecutor;
import io.wmco.app.workflow.WorkflowException;
import io.wmco.domain.access.UsernameDecryptionException;
import io.wmco.domain.event.EventReason;
import io.wmco.domain.instance.HostAdmission;
import io.wmco.domain.instance.ResolvedAddress;
import io.wmco.domain.instance.Username;
import io.wmco.domain.instance.WindowsInstance;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.MetadataPatch;
import io.wmco.domain.node.NodeAddress;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.domain.plan.ConfigurationPlan;
import io.wmco.domain.plan.ConfigurationPlanner;
import io.wmco.domain.plan.NodeIdentity;
import io.wmco.domain.plan.NodeTarget;
import io.wmco.domain.plan.PlanInputs;
import io.wmco.domain.plan.PlanResult;
import io.wmco.domain.plan.PlanTimeouts;
import io.wmco.domain.platform.NodeNamePolicy;
import io.wmco.domain.remote.HostCommands;
import io.wmco.domain.upgrade.UpgradeSlots;
import io.wmco.ports.cluster.EventRecorder;
import io.wmco.ports.cluster.NodeRepository;
import io.wmco.ports.cluster.ObjectRef;
import io.wmco.ports.remote.HostEndpoint;
import io.wmco.ports.remote.HostKeyStore;
import io.wmco.ports.remote.HostUnreachableException;
import io.wmco.ports.remote.RemoteHost;
import io.wmco.ports.remote.RemoteHostConnector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running actions on one instance: configure (first time or in-place upgrade) and deconfigure, plus the
 * short metadata updates. Each is idempotent; the fleet controller runs at most one per instance at a time and
 * redoes failed ones with backoff. Thread-safe: holds no per-call state.
 */
public final class InstanceWorkflows {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceWorkflows.class);
    /** Failed deconfigurations of an unreachable host after which its NotReady node is deleted anyway. */
    static final int UNREACHABLE_ATTEMPTS_BEFORE_FORCED_DELETE = 3;

    private final ClusterEnvironment env;
    private final String operatorVersion;
    private final int sshPort;
    private final PlanTimeouts timeouts;
    private final KeyMaterial keys;
    private final RemoteHostConnector connector;
    private final HostKeyStore hostKeys;
    private final NodeRepository nodes;
    private final EventRecorder events;
    private final ChangeSignal nodeChanges;
    private final OperatorMetrics metrics;
    private final BootstrapCredentialsSource bootstrap;
    private final ReportedHostnames hostnames;
    /** True once the operator stops or loses its Lease: running plans end before their next step. */
    private final BooleanSupplier cancelled;

    private final Clock clock;

    public InstanceWorkflows(
            ClusterEnvironment env,
            String operatorVersion,
            int sshPort,
            PlanTimeouts timeouts,
            KeyMaterial keys,
            RemoteHostConnector connector,
            HostKeyStore hostKeys,
            NodeRepository nodes,
            EventRecorder events,
            ChangeSignal nodeChanges,
            OperatorMetrics metrics,
            BootstrapCredentialsSource bootstrap,
            ReportedHostnames hostnames,
            BooleanSupplier cancelled,
            Clock clock) {
        this.clock = requireNonNull(clock, "clock cannot be null");
        this.cancelled = requireNonNull(cancelled, "cancelled cannot be null");
        this.env = requireNonNull(env, "env cannot be null");
        this.operatorVersion = requireNonNull(operatorVersion, "operatorVersion cannot be null");
        this.sshPort = sshPort;
        this.timeouts = requireNonNull(timeouts, "timeouts cannot be null");
        this.keys = requireNonNull(keys, "keys cannot be null");
        this.connector = requireNonNull(connector, "connector cannot be null");
        this.hostKeys = requireNonNull(hostKeys, "hostKeys cannot be null");
        this.nodes = requireNonNull(nodes, "nodes cannot be null");
        this.events = requireNonNull(events, "events cannot be null");
        this.nodeChanges = requireNonNull(nodeChanges, "nodeChanges cannot be null");
        this.metrics = requireNonNull(metrics, "metrics cannot be null");
        this.bootstrap = requireNonNull(bootstrap, "bootstrap cannot be null");
        this.hostnames = requireNonNull(hostnames, "hostnames cannot be null");
    }

    /**
     * Configures an instance: the first time, after an interrupted attempt, or as an in-place upgrade (the node then
     * holds an upgrade slot, which is given back at the end).
     */
    public void configure(
            WindowsInstance instance, ResolvedAddress resolved, Optional<NodeSnapshot> existing, boolean upgrade)
            throws InterruptedException {
        Instant start = clock.instant();
        String kind = upgrade ? "upgrade" : "configure";
        KeyMaterial.Keys k = requireKeys();
        String address = instance.address().value();
        String ipv4 =
                admitted(address, HostAdmission.reachable(instance, resolved)).ipv4();
        HostEndpoint endpoint =
                new HostEndpoint(address, sshPort, instance.username().value());
        try (RemoteHost host = connector.connect(endpoint, k.credentials())) {
            Optional<String> existingName = existing.map(NodeSnapshot::name);
            NodeNamePolicy policy = env.profile().nodeNamePolicy();
            Optional<String> hostname = HostAdmission.nodeNameWithoutTheHost(instance, existingName, policy)
                            .isPresent()
                    ? Optional.empty()
                    : Optional.of(hostname(host));
            int build = HostCommands.parseWindowsBuild(
                    host.runChecked("read the Windows build", HostCommands.windowsBuild()));
            String nodeName = admitted(
                            address,
                            HostAdmission.admit(
                                    instance, ipv4, existingName, new HostAdmission.HostFacts(hostname, build), policy))
                    .nodeName();
            hostnames.record(address, nodeName);
            NodeTarget target = new NodeTarget(address, ipv4, nodeName, instance.isByoh());
            NodeIdentity identity =
                    new NodeIdentity(k.hash().value(), k.cipher().encrypt(instance.username()));
            PlanInputs inputs = new PlanInputs(
                    env.profile(),
                    env.cluster().orElseThrow(),
                    target,
                    env.payload(),
                    operatorVersion,
                    bootstrap.current(),
                    identity,
                    timeouts);
            PlanResult result = ConfigurationPlanner.configure(inputs);
            if (result instanceof PlanResult.Rejected r) {
                throw new WorkflowException(
                        "instance " + address + " cannot be configured: " + String.join("; ", r.problems()), false);
            }
            ConfigurationPlan plan = ((PlanResult.Planned) result).plan();
            Optional<String> name = new PlanExecutor(
                            host,
                            nodes,
                            nodeChanges,
                            metrics,
                            env.payloadFiles()::get,
                            address,
                            existing.map(NodeSnapshot::name).orElse(null),
                            cancelled,
                            clock)
                    .execute(plan);
            if (upgrade) {
                name.ifPresent(n -> nodes.patchMetadata(n, UpgradeSlots.release()));
            }
            Duration took = Duration.between(start, clock.instant());
            metrics.phase("total", took);
            metrics.configurationFinished(kind, "success");
            String nodeShown = name.orElse(nodeName);
            LOG.info(
                    "[{}] {} finished in {}s: node {} runs version {}",
                    address,
                    kind,
                    took.toSeconds(),
                    nodeShown,
                    operatorVersion);
            events.record(
                    ObjectRef.node(nodeShown),
                    upgrade ? EventReason.NODE_UPGRADED : EventReason.NODE_CONFIGURED,
                    "Windows instance " + address + " configured as node " + nodeShown + " (operator version "
                            + operatorVersion + ") in " + took.toSeconds() + "s");
        } catch (RuntimeException | InterruptedException e) {
            metrics.configurationFinished(kind, "failure");
            throw e;
        }
    }

    /**
     * Deconfigures the host behind a BYOH node whose entry is gone and deletes the node. When the host has been
     * unreachable for several attempts and the node is NotReady, the node is deleted without cleaning the host.
     *
     * @param attempt how many earlier attempts failed (0 the first time)
     */
    public void deconfigure(NodeSnapshot node, int attempt) throws InterruptedException {
        String address = node.address(NodeAddress.INTERNAL_IP)
                .orElseThrow(() -> new WorkflowException(
                        "node " + node.name() + " has no InternalIP address; delete it by hand if its host is gone",
                        false));
        KeyMaterial.Keys k = requireKeys();
        Username user;
        try {
            user = k.cipher()
                    .decrypt(node.annotation(MetadataKeys.USERNAME_ANNOTATION)
                            .orElseThrow(() -> new WorkflowException(
                                    "node " + node.name() + " lacks the " + MetadataKeys.USERNAME_ANNOTATION
                                            + " annotation, so its SSH user is unknown; delete the node by hand",
                                    false)));
        } catch (UsernameDecryptionException e) {
            throw new WorkflowException(
                    "the SSH user of node " + node.name() + " cannot be decrypted with the current"
                            + " private key; delete the node by hand",
                    false,
                    e);
        }
        try (RemoteHost host = connector.connect(new HostEndpoint(address, sshPort, user.value()), k.credentials())) {
            ConfigurationPlan plan = ConfigurationPlanner.deconfigure(env.profile(), address, node.name(), timeouts);
            new PlanExecutor(
                            host,
                            nodes,
                            nodeChanges,
                            metrics,
                            env.payloadFiles()::get,
                            address,
                            node.name(),
                            cancelled,
                            clock)
                    .execute(plan);
        } catch (HostUnreachableException e) {
            if (attempt + 1 < UNREACHABLE_ATTEMPTS_BEFORE_FORCED_DELETE || node.ready()) {
                throw e;
            }
            events.record(
                    ObjectRef.node(node.name()),
                    EventReason.HOST_UNREACHABLE,
                    "host " + address + " has been unreachable for " + (attempt + 1) + " attempts and node "
                            + node.name() + " is NotReady: deleting the node without cleaning the host");
        }
        nodes.delete(node.name());
        try {
            // As for configuration: end only once the cache agrees, or the next decision deconfigures it again.
            nodeChanges.await(
                    "node " + node.name() + " to leave the cache",
                    () -> nodes.get(node.name()).isEmpty() ? Optional.of(Boolean.TRUE) : Optional.empty(),
                    Duration.ofSeconds(30));
        } catch (TimeoutException e) {
            LOG.warn("[{}] {}", address, e.getMessage());
        }
        hostKeys.forget(new HostEndpoint(address, sshPort, user.value()).hostId());
        hostnames.forget(address);
        metrics.configurationFinished("deconfigure", "success");
        LOG.info("[{}] deconfigured; node {} deleted", address, node.name());
    }

    /** Writes the current key hash and the username encrypted with the current key (BYOH key rotation). */
    public void updateKeyAnnotations(WindowsInstance instance, NodeSnapshot node) {
        KeyMaterial.Keys k = requireKeys();
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

    /** The verdict when the host was admitted; else the refusal as a failure naming the instance. */
    private static HostAdmission.Admitted admitted(String address, HostAdmission.Admission admission) {
        if (admission instanceof HostAdmission.Refused r) {
            throw new WorkflowException("instance " + address + " " + r.reason(), r.retryable());
        }
        return (HostAdmission.Admitted) admission;
    }

    private static String hostname(RemoteHost host) {
        return HostCommands.parseHostname(host.runChecked("read hostname", HostCommands.hostname()));
    }

    private KeyMaterial.Keys requireKeys() {
        return keys.current()
                .orElseThrow(() -> new WorkflowException(
                        "Secret " + MetadataKeys.PRIVATE_KEY_SECRET + " is missing; create it with the private key as "
                                + MetadataKeys.PRIVATE_KEY_SECRET_KEY,
                        false));
    }
}
