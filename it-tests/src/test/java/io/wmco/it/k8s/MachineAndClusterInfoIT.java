package io.wmco.it.k8s;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.wmco.adapter.k8s.ClusterOptions;
import io.wmco.adapter.k8s.KubernetesCluster;
import io.wmco.adapter.k8s.KubernetesCluster.Watched;
import io.wmco.domain.cluster.NetworkFacts;
import io.wmco.domain.machine.MachineSnapshot;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.it.support.ClusterFixture;
import io.wmco.it.support.Deletes;
import io.wmco.it.support.TestCluster;
import io.wmco.ports.cluster.ObjectRef;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The OpenShift APIs seen through the adapter: absent on plain Kubernetes (Machine support off, no network or
 * platform facts), present once the CRDs and their {@code cluster} objects exist.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MachineAndClusterInfoIT {
    private static final String GROUP = "machine.openshift.io";
    private static final String VERSION = "v1beta1";

    private final CustomObjectsApi custom = new CustomObjectsApi(K8sIt.admin());

    @Test
    @Order(1)
    void withoutOpenShiftApisMachinesAreUnavailableAndFactsAreEmpty() throws ApiException {
        assumeFalse(TestCluster.EXTERNAL.equals(ClusterFixture.shared().kind()), "external cluster: CRDs not ours");
        ClusterFixture.removeOpenShiftCrds();
        String namespace = K8sIt.unique("wmco-it-plain");
        K8sIt.ensureNamespace(namespace);

        try (KubernetesCluster cluster = KubernetesCluster.connect(K8sIt.admin(), namespace, Clock.systemUTC())) {
            cluster.onChange(Watched.MACHINES, ref -> {});
            cluster.start();
            await().atMost(K8sIt.SYNC).until(cluster::hasSynced);

            assertFalse(cluster.machines().available());
            assertEquals(List.of(), cluster.machines().windowsMachines());
            assertEquals(Optional.empty(), cluster.machines().get(MetadataKeys.MACHINE_API_NAMESPACE, "any"));
            cluster.machines().delete(MetadataKeys.MACHINE_API_NAMESPACE, "any");
            assertEquals(Optional.empty(), cluster.clusterInfo().openshiftNetwork());
            assertEquals(Optional.empty(), cluster.clusterInfo().openshiftPlatform());
            assertTrue(
                    cluster.clusterInfo().serverVersion().startsWith("v1."),
                    cluster.clusterInfo().serverVersion());
            assertFalse(cluster.notSynced().contains(Watched.MACHINES));
        }
    }

    @Test
    @Order(2)
    void withOpenShiftApisWindowsMachinesAreListedAndDeletedAndFactsRead() throws Exception {
        ClusterFixture.ensureOpenShiftCrds();
        String operatorNamespace = K8sIt.unique("wmco-it-ocp");
        String machineNamespace = K8sIt.unique("wmco-it-mapi");
        K8sIt.ensureNamespace(operatorNamespace);
        K8sIt.ensureNamespace(machineNamespace);
        String windows = K8sIt.unique("win-machine");
        String linux = K8sIt.unique("linux-machine");
        createMachine(machineNamespace, windows, MetadataKeys.WINDOWS, "10.0.0.21", "win-node-21");
        createMachine(machineNamespace, linux, "Linux", "10.0.0.22", "linux-node-22");

        List<ObjectRef> machineChanges = new CopyOnWriteArrayList<>();
        try (KubernetesCluster cluster = KubernetesCluster.connect(
                K8sIt.admin(),
                new ClusterOptions(operatorNamespace, machineNamespace, MetadataKeys.USER_DATA_SECRET, "wmco-it"),
                Clock.systemUTC())) {
            cluster.onChange(Watched.MACHINES, machineChanges::add);
            cluster.start();
            await().atMost(K8sIt.SYNC).until(cluster::hasSynced);

            assertTrue(cluster.machines().available());
            await().atMost(K8sIt.CHANGE)
                    .until(() -> cluster.machines().windowsMachines().stream()
                            .anyMatch(m ->
                                    m.name().equals(windows) && m.nodeName().isPresent()));
            MachineSnapshot m =
                    cluster.machines().get(machineNamespace, windows).orElseThrow();
            assertEquals("Provisioned", m.phase());
            assertEquals(List.of("10.0.0.21"), m.internalIps());
            assertEquals(Optional.of("win-node-21"), m.nodeName());
            assertTrue(cluster.machines().windowsMachines().stream()
                    .noneMatch(x -> x.name().equals(linux)));
            assertTrue(machineChanges.stream()
                    .anyMatch(r -> r.name().equals(windows)
                            && r.kind().equals("Machine")
                            && r.namespace().equals(machineNamespace)));

            cluster.machines().delete(machineNamespace, windows);
            cluster.machines().delete(machineNamespace, windows);
            ApiException gone = assertThrows(
                    ApiException.class,
                    () -> custom.getNamespacedCustomObject(GROUP, VERSION, machineNamespace, "machines", windows)
                            .execute());
            assertEquals(404, gone.getCode());
            await().atMost(K8sIt.CHANGE)
                    .until(() ->
                            cluster.machines().get(machineNamespace, windows).isEmpty());

            upsertClusterObject(
                    "operator.openshift.io",
                    "v1",
                    "networks",
                    "Network",
                    Map.of(
                            "spec",
                            Map.of(
                                    "serviceNetwork", List.of("172.30.0.0/16"),
                                    "defaultNetwork",
                                            Map.of(
                                                    "type",
                                                    "OVNKubernetes",
                                                    "ovnKubernetesConfig",
                                                    Map.of(
                                                            "hybridOverlayConfig",
                                                            Map.of(
                                                                    "hybridClusterNetwork",
                                                                    List.of(Map.of(
                                                                            "cidr", "10.132.0.0/14", "hostPrefix", 23)),
                                                                    "hybridOverlayVXLANPort",
                                                                    9898))))),
                    null);
            upsertClusterObject(
                    "config.openshift.io",
                    "v1",
                    "infrastructures",
                    "Infrastructure",
                    Map.of("spec", Map.of()),
                    Map.of("platform", "None", "platformStatus", Map.of("type", "None")));

            assertEquals(
                    Optional.of(new NetworkFacts(
                            "OVNKubernetes", List.of("172.30.0.0/16"), List.of("10.132.0.0/14"), Optional.of(9898))),
                    cluster.clusterInfo().openshiftNetwork());
            assertEquals(Optional.of("None"), cluster.clusterInfo().openshiftPlatform());
        } finally {
            Deletes.ignoringMissing(
                    () -> custom.deleteNamespacedCustomObject(GROUP, VERSION, machineNamespace, "machines", linux)
                            .execute());
            Deletes.ignoringMissing(
                    () -> custom.deleteClusterCustomObject("operator.openshift.io", "v1", "networks", "cluster")
                            .execute());
            Deletes.ignoringMissing(
                    () -> custom.deleteClusterCustomObject("config.openshift.io", "v1", "infrastructures", "cluster")
                            .execute());
        }
    }

    @SuppressWarnings("unchecked")
    private void createMachine(String namespace, String name, String os, String ip, String node) throws ApiException {
        Map<String, Object> created = (Map<String, Object>) custom.createNamespacedCustomObject(
                        GROUP,
                        VERSION,
                        namespace,
                        "machines",
                        Map.of(
                                "apiVersion",
                                GROUP + "/" + VERSION,
                                "kind",
                                "Machine",
                                "metadata",
                                Map.of("name", name, "labels", Map.of(MetadataKeys.MACHINE_OS_ID_LABEL, os)),
                                "spec",
                                Map.of("providerSpec", Map.of("value", Map.of()))))
                .execute();
        Map<String, Object> withStatus = new HashMap<>(created);
        withStatus.put(
                "status",
                Map.of(
                        "phase",
                        "Provisioned",
                        "addresses",
                        List.of(Map.of("type", "InternalIP", "address", ip)),
                        "nodeRef",
                        Map.of("kind", "Node", "name", node)));
        custom.replaceNamespacedCustomObjectStatus(GROUP, VERSION, namespace, "machines", name, withStatus)
                .execute();
    }

    @SuppressWarnings("unchecked")
    private void upsertClusterObject(
            String group,
            String version,
            String plural,
            String kind,
            Map<String, Object> body,
            Map<String, Object> status)
            throws ApiException {
        Deletes.ignoringMissing(() -> custom.deleteClusterCustomObject(group, version, plural, "cluster")
                .execute());
        Map<String, Object> object = new HashMap<>(body);
        object.put("apiVersion", group + "/" + version);
        object.put("kind", kind);
        object.put("metadata", Map.of("name", "cluster"));
        Map<String, Object> created = (Map<String, Object>)
                custom.createClusterCustomObject(group, version, plural, object).execute();
        if (status != null) {
            Map<String, Object> withStatus = new HashMap<>(created);
            withStatus.put("status", status);
            custom.replaceClusterCustomObjectStatus(group, version, plural, "cluster", withStatus)
                    .execute();
        }
    }
}
