package io.wmco.app.csr;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.extended.controller.reconciler.Reconciler;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.controller.reconciler.Result;
import io.wmco.app.fleet.AddressResolver;
import io.wmco.app.fleet.ReportedHostnames;
import io.wmco.app.metrics.OperatorMetrics;
import io.wmco.domain.csr.BootstrapRequesters;
import io.wmco.domain.csr.CsrApprovalRules;
import io.wmco.domain.csr.CsrContext;
import io.wmco.domain.csr.CsrDecision;
import io.wmco.domain.csr.CsrFacts;
import io.wmco.domain.instance.InstanceMatcher;
import io.wmco.domain.instance.InstancesConfigMap;
import io.wmco.domain.instance.ResolvedAddress;
import io.wmco.domain.instance.WindowsInstance;
import io.wmco.domain.machine.MachineSnapshot;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.ports.PortException;
import io.wmco.ports.cluster.CertificateSigningRequests;
import io.wmco.ports.cluster.ConfigMapSource;
import io.wmco.ports.cluster.MachineRepository;
import io.wmco.ports.cluster.NodeRepository;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Approves the kubelet CSRs of Windows instances the operator configures, following the domain's rules
 * ({@link CsrApprovalRules}): client certificates only for kubelet bootstrap identities ({@link BootstrapRequesters})
 * and hostnames instances reported over SSH; everything else stays pending for other approvers or an
 * administrator (logged at INFO when it names one of the instances' node names). Never denies.
 * One work-queue key per CSR name; re-run for all pending CSRs when the set of instances changes.
 */
public final class CsrController implements Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(CsrController.class);

    private final String namespace;
    private final CertificateSigningRequests csrs;
    private final ConfigMapSource configMaps;
    private final NodeRepository nodes;
    private final MachineRepository machines;
    private final AddressResolver resolver;
    private final ReportedHostnames hostnames;
    private final BootstrapRequesters requesters;
    private final OperatorMetrics metrics;

    public CsrController(
            String namespace,
            CertificateSigningRequests csrs,
            ConfigMapSource configMaps,
            NodeRepository nodes,
            MachineRepository machines,
            AddressResolver resolver,
            ReportedHostnames hostnames,
            BootstrapRequesters requesters,
            OperatorMetrics metrics) {
        this.namespace = requireNonNull(namespace, "namespace cannot be null");
        this.csrs = requireNonNull(csrs, "csrs cannot be null");
        this.configMaps = requireNonNull(configMaps, "configMaps cannot be null");
        this.nodes = requireNonNull(nodes, "nodes cannot be null");
        this.machines = requireNonNull(machines, "machines cannot be null");
        this.resolver = requireNonNull(resolver, "resolver cannot be null");
        this.hostnames = requireNonNull(hostnames, "hostnames cannot be null");
        this.requesters = requireNonNull(requesters, "requesters cannot be null");
        this.metrics = requireNonNull(metrics, "metrics cannot be null");
    }

    /** Work-queue keys of every pending CSR (to re-judge them when instances change). */
    public List<Request> pendingKeys() {
        return csrs.pending().stream().map(c -> new Request(c.name())).toList();
    }

    @Override
    public Result reconcile(Request request) {
        metrics.reconciled("csr-approver");
        try {
            Optional<CsrFacts> csr = csrs.get(request.getName());
            if (csr.isEmpty() || !csr.get().pending()) {
                return new Result(false);
            }
            CsrFacts facts = csr.get();
            String cn = facts.commonName();
            String nodeName = cn.startsWith(CsrApprovalRules.NODE_CN_PREFIX)
                    ? cn.substring(CsrApprovalRules.NODE_CN_PREFIX.length())
                    : "";
            Set<String> known = knownNames();
            Set<String> configured = configuredHostnames();
            boolean nodeExists = !nodeName.isEmpty() && nodeExists(nodeName, known, configured);
            CsrDecision decision =
                    CsrApprovalRules.evaluate(facts, new CsrContext(known, configured, requesters, nodeExists));
            if (decision instanceof CsrDecision.Approve a) {
                if (csrs.approve(facts.name(), a.reason(), a.message())) {
                    LOG.info("approved CSR {}: {}", facts.name(), a.explanation());
                }
            } else if (known.stream().anyMatch(nodeName::equalsIgnoreCase)) {
                // A CSR naming one of our Windows nodes that we do not approve is worth an administrator's look.
                LOG.info("leaving CSR {} alone: {}", facts.name(), decision.explanation());
            } else {
                LOG.debug("leaving CSR {} alone: {}", facts.name(), decision.explanation());
            }
            return new Result(false);
        } catch (PortException e) {
            metrics.failed("csr-approver", e.retryable());
            LOG.warn("CSR {}: {}", request.getName(), e.getMessage());
            return new Result(e.retryable());
        }
    }

    /**
     * Whether a node of the CSR's name exists. The node cache holds Windows nodes only, so a name the rules could
     * approve (a known or configured one) that the cache lacks is asked of the API server: a Linux node of that name
     * must count as existing. Names of neither kind are rejected whatever the answer, so the thousands of CSRs of a
     * large cluster's Linux nodes cost no request.
     */
    private boolean nodeExists(String nodeName, Set<String> known, Set<String> configured) {
        if (nodes.get(nodeName).isPresent()) {
            return true;
        }
        boolean ours = known.stream().anyMatch(nodeName::equalsIgnoreCase)
                || configured.stream().anyMatch(nodeName::equalsIgnoreCase);
        return ours && nodes.existsInCluster(nodeName);
    }

    /**
     * The node names derived from the hostnames that listed instances and Windows Machines reported over SSH while
     * the operator configured them: the only names a client (bootstrap) CSR may carry.
     */
    Set<String> configuredHostnames() {
        Set<String> names = new HashSet<>();
        configMaps.data(namespace, MetadataKeys.INSTANCES_CONFIGMAP).ifPresent(data -> {
            for (WindowsInstance i : InstancesConfigMap.validInstances(InstancesConfigMap.parse(data))) {
                hostnames.get(i.address().value()).ifPresent(names::add);
            }
        });
        if (machines.available()) {
            for (MachineSnapshot m : machines.windowsMachines()) {
                for (String ip : m.internalIps()) {
                    hostnames.get(ip).ifPresent(names::add);
                }
            }
        }
        return names;
    }

    /** Every name a listed instance's kubelet may legitimately use for its serving certificate. */
    Set<String> knownNames() {
        Set<String> names = new HashSet<>();
        configMaps.data(namespace, MetadataKeys.INSTANCES_CONFIGMAP).ifPresent(data -> {
            for (WindowsInstance i : InstancesConfigMap.validInstances(InstancesConfigMap.parse(data))) {
                ResolvedAddress r = resolver.resolve(i.address());
                names.addAll(InstanceMatcher.knownNames(
                        i, r, hostnames.get(i.address().value())));
            }
        });
        if (machines.available()) {
            for (MachineSnapshot m : machines.windowsMachines()) {
                for (String ip : m.internalIps()) {
                    hostnames.get(ip).ifPresent(names::add);
                }
            }
        }
        return names;
    }
}
