package io.wmco.app.csr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.controller.reconciler.Result;
import io.wmco.app.fleet.ReportedHostnames;
import io.wmco.app.metrics.OperatorMetrics;
import io.wmco.domain.csr.BootstrapRequesters;
import io.wmco.domain.csr.CsrApprovalRules;
import io.wmco.domain.csr.CsrFacts;
import io.wmco.domain.instance.ResolvedAddress;
import io.wmco.domain.machine.MachineSnapshot;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.ports.cluster.CertificateSigningRequests;
import io.wmco.ports.cluster.ClusterException;
import io.wmco.ports.cluster.MachineRepository;
import io.wmco.ports.cluster.NodeRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CSR loop over in-memory ports: what it reads (instances, reported hostnames, nodes, Machines) decides what it
 * approves; everything else stays pending, and a retryable port failure requeues.
 */
class CsrControllerTest {
    private static final String NS = "wmco";
    private static final String TOKEN_ID = "abcdef";
    private static final String BOOTSTRAP_USER = BootstrapRequesters.TOKEN_USER_PREFIX + TOKEN_ID;

    private final Map<String, CsrFacts> store = new LinkedHashMap<>();
    private final List<String> approved = new ArrayList<>();
    private final Map<String, String> instances = new HashMap<>();
    private final ReportedHostnames hostnames = new ReportedHostnames();
    private final NodeRepository nodes = mock(NodeRepository.class);
    private final MachineRepository machines = mock(MachineRepository.class);
    private RuntimeException failure;
    private CsrController controller;

    private final CertificateSigningRequests csrs = new CertificateSigningRequests() {
        @Override
        public List<CsrFacts> pending() {
            return store.values().stream().filter(CsrFacts::pending).toList();
        }

        @Override
        public Optional<CsrFacts> get(String name) {
            if (failure != null) {
                throw failure;
            }
            return Optional.ofNullable(store.get(name));
        }

        @Override
        public boolean approve(String name, String reason, String message) {
            approved.add(name);
            return true;
        }
    };

    @BeforeEach
    void wire() {
        when(nodes.get(anyString())).thenReturn(Optional.empty());
        when(machines.available()).thenReturn(false);
        controller = new CsrController(
                NS,
                csrs,
                (namespace, name) -> NS.equals(namespace) && MetadataKeys.INSTANCES_CONFIGMAP.equals(name)
                        ? Optional.of(instances)
                        : Optional.empty(),
                nodes,
                machines,
                address -> new ResolvedAddress(List.of(address.value()), List.of()),
                hostnames,
                BootstrapRequesters.of(TOKEN_ID, List.of()),
                new OperatorMetrics());
        instances.put("10.0.0.5", "username=Administrator");
    }

    @Test
    void clientCsrOfAReportedHostnameFromTheBootstrapTokenIsApproved() {
        hostnames.record("10.0.0.5", "win-a");
        store.put("c1", client("c1", "win-a", BOOTSTRAP_USER));

        assertEquals(new Result(false), controller.reconcile(new Request("c1")));
        assertEquals(List.of("c1"), approved);
    }

    @Test
    void clientCsrOfANameNoHostReportedStaysPending() {
        store.put("c1", client("c1", "win-a", BOOTSTRAP_USER));

        controller.reconcile(new Request("c1"));
        assertEquals(List.of(), approved);
    }

    @Test
    void clientCsrFromAnAdministratorStaysPendingEvenForAReportedName() {
        hostnames.record("10.0.0.5", "win-a");
        store.put("c1", client("c1", "win-a", "kube:admin"));

        controller.reconcile(new Request("c1"));
        assertEquals(List.of(), approved);
    }

    @Test
    void aHostnameStopsCountingOnceItsEntryIsRemoved() {
        hostnames.record("10.0.0.5", "win-a");
        instances.clear();
        store.put("c1", client("c1", "win-a", BOOTSTRAP_USER));

        controller.reconcile(new Request("c1"));
        assertEquals(List.of(), approved);
    }

    @Test
    void aWindowsMachinesReportedHostnameCountsForClientCsrs() {
        instances.clear();
        hostnames.record("10.0.1.7", "win-m");
        MachineSnapshot machine = new MachineSnapshot(
                "openshift-machine-api",
                "win-m",
                Map.of(),
                "Provisioned",
                List.of("10.0.1.7"),
                Optional.empty(),
                Optional.empty(),
                false);
        when(machines.available()).thenReturn(true);
        when(machines.windowsMachines()).thenReturn(List.of(machine));
        store.put("c1", client("c1", "win-m", BOOTSTRAP_USER));

        controller.reconcile(new Request("c1"));
        assertEquals(List.of("c1"), approved);
    }

    @Test
    void servingCsrNeedsTheNodeToExist() {
        hostnames.record("10.0.0.5", "win-a");
        store.put("s1", serving("s1", "win-a"));

        controller.reconcile(new Request("s1"));
        assertEquals(List.of(), approved, "no node yet");

        when(nodes.get("win-a"))
                .thenReturn(
                        Optional.of(new NodeSnapshot("win-a", Map.of(), Map.of(), List.of(), List.of(), true, false)));
        controller.reconcile(new Request("s1"));
        assertEquals(List.of("s1"), approved);
    }

    @Test
    void anApprovedOrVanishedCsrIsLeftAlone() {
        hostnames.record("10.0.0.5", "win-a");
        CsrFacts c = client("c1", "win-a", BOOTSTRAP_USER);
        store.put(
                "c1",
                new CsrFacts(
                        c.name(),
                        c.signerName(),
                        false,
                        c.commonName(),
                        c.organizations(),
                        c.dnsNames(),
                        c.emailAddresses(),
                        c.ipAddresses(),
                        c.uris(),
                        c.usages(),
                        c.requesterUsername(),
                        c.requesterGroups()));

        assertEquals(new Result(false), controller.reconcile(new Request("c1")));
        assertEquals(new Result(false), controller.reconcile(new Request("gone")));
        assertEquals(List.of(), approved);
    }

    @Test
    void aRetryablePortFailureRequeuesAndAPermanentOneDoesNot() {
        failure = new ClusterException(ClusterException.Kind.UNAVAILABLE, 503, "reading CSR c1", null);
        assertTrue(controller.reconcile(new Request("c1")).isRequeue());

        failure = new ClusterException(ClusterException.Kind.REJECTED, 403, "reading CSR c1", null);
        assertFalse(controller.reconcile(new Request("c1")).isRequeue());
    }

    @Test
    void pendingKeysNameEveryPendingCsr() {
        store.put("a", client("a", "win-a", BOOTSTRAP_USER));
        store.put("b", serving("b", "win-b"));

        assertEquals(List.of(new Request("a"), new Request("b")), controller.pendingKeys());
    }

    private static CsrFacts client(String name, String node, String requester) {
        return new CsrFacts(
                name,
                CsrApprovalRules.CLIENT_SIGNER,
                true,
                CsrApprovalRules.NODE_CN_PREFIX + node,
                List.of(CsrApprovalRules.NODES_GROUP),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                Set.of(
                        CsrApprovalRules.DIGITAL_SIGNATURE,
                        CsrApprovalRules.KEY_ENCIPHERMENT,
                        CsrApprovalRules.CLIENT_AUTH),
                requester,
                List.of(BootstrapRequesters.BOOTSTRAPPERS_GROUP, CsrApprovalRules.AUTHENTICATED_GROUP));
    }

    private static CsrFacts serving(String name, String node) {
        return new CsrFacts(
                name,
                CsrApprovalRules.SERVING_SIGNER,
                true,
                CsrApprovalRules.NODE_CN_PREFIX + node,
                List.of(CsrApprovalRules.NODES_GROUP),
                List.of(node),
                List.of(),
                List.of("10.0.0.5"),
                List.of(),
                Set.of(CsrApprovalRules.DIGITAL_SIGNATURE, CsrApprovalRules.KEY_ENCIPHERMENT, "server auth"),
                CsrApprovalRules.NODE_CN_PREFIX + node,
                List.of(CsrApprovalRules.NODES_GROUP, CsrApprovalRules.AUTHENTICATED_GROUP));
    }
}
