package io.wmco.app.fleet;

import static java.util.Objects.requireNonNull;

import io.wmco.app.access.KeyMaterial;
import io.wmco.app.bootstrap.BootstrapCredentialsSource;
import io.wmco.app.cluster.ClusterEnvironment;
import io.wmco.app.workflow.PlanRun;
import io.wmco.app.workflow.WorkflowException;
import io.wmco.domain.access.UsernameDecryptionException;
import io.wmco.domain.fleet.DuplicateInstances;
import io.wmco.domain.fleet.Failure;
import io.wmco.domain.fleet.FleetSnapshot;
import io.wmco.domain.fleet.InstanceKey;
import io.wmco.domain.hostsettings.HostSettings;
import io.wmco.domain.instance.HostAdmission;
import io.wmco.domain.instance.ResolvedAddress;
import io.wmco.domain.instance.Username;
import io.wmco.domain.instance.WindowsInstance;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.NodeAddress;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.domain.plan.ConfigurationPlan;
import io.wmco.domain.plan.ConfigurationPlanner;
import io.wmco.domain.plan.HostSettingsPlanner;
import io.wmco.domain.plan.NodeIdentity;
import io.wmco.domain.plan.NodeSettings;
import io.wmco.domain.plan.NodeTarget;
import io.wmco.domain.plan.PlanInputs;
import io.wmco.domain.plan.PlanResult;
import io.wmco.domain.plan.PlanTimeouts;
import io.wmco.domain.platform.NodeNamePolicy;
import io.wmco.domain.remote.HostCommands;
import io.wmco.ports.remote.HostEndpoint;
import io.wmco.ports.remote.RemoteHost;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Makes the plan runs of instances: for a configuration (first time or upgrade) it admits the host
 * ({@link HostAdmission}: IPv4 address, Windows build, node name) with two commands at most and asks the domain's
 * planner; for a removal it finds the host and user from the node. Thread-safe; no state of its own.
 */
final class PlanBuilder {
    private final ClusterEnvironment env;
    private final String operatorVersion;
    private final int sshPort;
    private final PlanTimeouts timeouts;
    private final NodeSettings nodeSettings;
    private final BootstrapCredentialsSource bootstrap;
    private final ReportedHostnames hostnames;
    private final Clock clock;

    PlanBuilder(
            ClusterEnvironment env,
            String operatorVersion,
            int sshPort,
            PlanTimeouts timeouts,
            NodeSettings nodeSettings,
            BootstrapCredentialsSource bootstrap,
            ReportedHostnames hostnames,
            Clock clock) {
        this.env = requireNonNull(env, "env cannot be null");
        this.operatorVersion = requireNonNull(operatorVersion, "operatorVersion cannot be null");
        this.sshPort = sshPort;
        this.timeouts = requireNonNull(timeouts, "timeouts cannot be null");
        this.nodeSettings = requireNonNull(nodeSettings, "nodeSettings cannot be null");
        this.bootstrap = requireNonNull(bootstrap, "bootstrap cannot be null");
        this.hostnames = requireNonNull(hostnames, "hostnames cannot be null");
        this.clock = requireNonNull(clock, "clock cannot be null");
    }

    /** What a configuration of the instance is, for resuming its run. */
    PlanRun.Identity configureIdentity(WindowsInstance instance, boolean upgrade, KeyMaterial.Keys keys) {
        return new PlanRun.Identity(
                upgrade ? "upgrade" : "configure", instance, keys.hash().value());
    }

    /**
     * Where the operator reaches the instance: the IPv4 address the decision resolved its entry to (the one the
     * plan gives the kubelet as its node IP), so that the host connected to is the host decided about; the entry
     * itself while it resolves to nothing (the plan then refuses it, retryably).
     */
    HostEndpoint endpoint(WindowsInstance instance, ResolvedAddress resolved) {
        String address = HostAdmission.reachable(instance, resolved) instanceof HostAdmission.Admitted a
                ? a.ipv4()
                : instance.address().value();
        return new HostEndpoint(address, sshPort, instance.username().value());
    }

    /**
     * The configuration plan of an instance, the host admitted first.
     *
     * @throws WorkflowException when the host is refused or no plan can be made
     */
    PlanRun configure(
            InstanceKey key,
            WindowsInstance instance,
            FleetSnapshot fleet,
            Optional<NodeSnapshot> existing,
            boolean upgrade,
            KeyMaterial.Keys keys,
            HostSettings hostSettings,
            HostSession session) {
        String address = instance.address().value();
        String ipv4 = admitted(HostAdmission.reachable(instance, fleet.resolved(instance.address())))
                .ipv4();
        RemoteHost host = session.get();
        Optional<String> existingName = existing.map(NodeSnapshot::name);
        NodeNamePolicy policy = env.profile().nodeNamePolicy();
        Optional<String> hostname = HostAdmission.nodeNameWithoutTheHost(instance, existingName, policy)
                        .isPresent()
                ? Optional.empty()
                : Optional.of(HostCommands.parseHostname(host.runChecked("read hostname", HostCommands.hostname())));
        int build =
                HostCommands.parseWindowsBuild(host.runChecked("read the Windows build", HostCommands.windowsBuild()));
        String nodeName = admitted(HostAdmission.admit(
                        instance, ipv4, existingName, new HostAdmission.HostFacts(hostname, build), policy))
                .nodeName();
        if (existing.isEmpty()) {
            // only read-only commands have run: a host that is another entry's node is left as it is
            Optional<DuplicateInstances.Duplicate> duplicate = DuplicateInstances.byNodeName(fleet, key, nodeName);
            if (duplicate.isPresent()) {
                throw new WorkflowException(
                        Failure.Kind.DUPLICATE, duplicate.get().notice().message());
            }
        }
        hostnames.record(address, nodeName);
        PlanInputs inputs = new PlanInputs(
                env.profile(),
                env.cluster().orElseThrow(),
                new NodeTarget(address, ipv4, nodeName, instance.isByoh()),
                env.payload(),
                operatorVersion,
                bootstrap.current(),
                new NodeIdentity(
                        keys.hash().value(), keys.cipher().encrypt(instance.username()), Optional.of(key.value())),
                timeouts,
                hostSettings,
                nodeSettings);
        PlanResult result = ConfigurationPlanner.configure(inputs);
        if (result instanceof PlanResult.Rejected r) {
            throw new WorkflowException(
                    Failure.Kind.REFUSED, "the host cannot be configured: " + String.join("; ", r.problems()));
        }
        ConfigurationPlan plan = ((PlanResult.Planned) result).plan();
        return new PlanRun(configureIdentity(instance, upgrade, keys), plan, clock.instant(), existingName);
    }

    /** What a re-application of host-wide settings is, for resuming its run (new settings start a new run). */
    PlanRun.Identity hostSettingsIdentity(NodeSnapshot node, HostSettings settings, KeyMaterial.Keys keys) {
        return new PlanRun.Identity(
                HostSettingsPlanner.APPLY,
                List.of(node.name(), settings.hash()),
                keys.hash().value());
    }

    /** The plan that gives a configured node changed host-wide settings. */
    PlanRun hostSettings(NodeSnapshot node, HostSettings settings, KeyMaterial.Keys keys) {
        return new PlanRun(
                hostSettingsIdentity(node, settings, keys),
                HostSettingsPlanner.apply(node.name(), settings),
                clock.instant(),
                Optional.of(node.name()));
    }

    /** The SSH endpoint of an address for forgetting what is known about it (the user does not matter). */
    HostEndpoint endpointForKeys(String address) {
        return new HostEndpoint(address, sshPort, "-");
    }

    /** What the removal of a node is, for resuming its run. */
    PlanRun.Identity deconfigureIdentity(NodeSnapshot node, KeyMaterial.Keys keys) {
        return new PlanRun.Identity("deconfigure", node.name(), keys.hash().value());
    }

    /**
     * Where the operator reaches the host behind a node: its InternalIP and the user recorded (encrypted) on it.
     *
     * @throws WorkflowException ({@link Failure.Kind#MISCONFIGURED}) when the node lacks either, or the user cannot be
     *     decrypted with the current key: an administrator must delete the node by hand
     */
    HostEndpoint endpoint(NodeSnapshot node, KeyMaterial.Keys keys) {
        String address = node.address(NodeAddress.INTERNAL_IP)
                .orElseThrow(() -> new WorkflowException(
                        Failure.Kind.MISCONFIGURED,
                        "node " + node.name() + " has no InternalIP address; delete it by hand if its host is gone"));
        String encrypted = node.annotation(MetadataKeys.USERNAME_ANNOTATION)
                .orElseThrow(() -> new WorkflowException(
                        Failure.Kind.MISCONFIGURED,
                        "node " + node.name() + " lacks the " + MetadataKeys.USERNAME_ANNOTATION
                                + " annotation, so its SSH user is unknown; delete the node by hand"));
        Username user;
        try {
            user = keys.cipher().decrypt(encrypted);
        } catch (UsernameDecryptionException e) {
            throw new WorkflowException(
                    Failure.Kind.MISCONFIGURED,
                    "the SSH user of node " + node.name() + " cannot be decrypted with the current private key;"
                            + " delete the node by hand",
                    e);
        }
        return new HostEndpoint(address, sshPort, user.value());
    }

    /** The removal plan of a node. */
    PlanRun deconfigure(NodeSnapshot node, HostEndpoint endpoint, KeyMaterial.Keys keys) {
        ConfigurationPlan plan =
                ConfigurationPlanner.deconfigure(env.profile(), endpoint.address(), node.name(), timeouts);
        return new PlanRun(deconfigureIdentity(node, keys), plan, clock.instant(), Optional.of(node.name()));
    }

    /** What a reboot of a node is, for resuming its run. */
    PlanRun.Identity rebootIdentity(NodeSnapshot node, KeyMaterial.Keys keys) {
        return new PlanRun.Identity(
                ConfigurationPlanner.REBOOT, node.name(), keys.hash().value());
    }

    /** The reboot plan of a node that asked for one. */
    PlanRun reboot(NodeSnapshot node, KeyMaterial.Keys keys) {
        ConfigurationPlan plan = ConfigurationPlanner.reboot(node.name(), timeouts);
        return new PlanRun(rebootIdentity(node, keys), plan, clock.instant(), Optional.of(node.name()));
    }

    private static HostAdmission.Admitted admitted(HostAdmission.Admission admission) {
        if (admission instanceof HostAdmission.Refused r) {
            throw new WorkflowException(
                    r.retryable() ? Failure.Kind.TRANSIENT : Failure.Kind.REFUSED, "the host " + r.reason());
        }
        return (HostAdmission.Admitted) admission;
    }
}
