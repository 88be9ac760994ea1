package io.wmco.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.wmco.it.support.ClusterFixture;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MachineIT {

    private static final String GROUP = "machine.openshift.io";
    private static final String VERSION = "v1beta1";
    private static final String NAMESPACE = "default";

    private final CustomObjectsApi api =
            new CustomObjectsApi(ClusterFixture.shared().adminClient());

    @BeforeAll
    static void crds() {
        ClusterFixture.ensureOpenShiftCrds();
    }

    @Test
    @SuppressWarnings("unchecked")
    void createsMachineAndSetsStatusThroughSubresource() throws ApiException {
        String name = "wmco-it-machine-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> machine = new HashMap<>(Map.of(
                "apiVersion",
                GROUP + "/" + VERSION,
                "kind",
                "Machine",
                "metadata",
                Map.of("name", name, "labels", Map.of("machine.openshift.io/os-id", "Windows")),
                "spec",
                Map.of("providerSpec", Map.of("value", Map.of("instanceType", "m5a.large", "ami", Map.of("id", "x")))),
                "status",
                Map.of("phase", "Ignored")));
        Map<String, Object> created =
                (Map<String, Object>) api.createNamespacedCustomObject(GROUP, VERSION, NAMESPACE, "machines", machine)
                        .execute();
        assertNull(created.get("status"), "status must be ignored on create when the status subresource is enabled");

        created.put(
                "status",
                Map.of(
                        "phase",
                        "Provisioned",
                        "addresses",
                        List.of(Map.of("type", "InternalIP", "address", "10.0.0.21")),
                        "nodeRef",
                        Map.of("kind", "Node", "name", "win-21")));
        api.replaceNamespacedCustomObjectStatus(GROUP, VERSION, NAMESPACE, "machines", name, created)
                .execute();

        Map<String, Object> read =
                (Map<String, Object>) api.getNamespacedCustomObject(GROUP, VERSION, NAMESPACE, "machines", name)
                        .execute();
        Map<String, Object> status = (Map<String, Object>) read.get("status");
        assertEquals("Provisioned", status.get("phase"));
        assertEquals(
                "10.0.0.21",
                ((List<Map<String, Object>>) status.get("addresses")).get(0).get("address"));
        assertEquals("win-21", ((Map<String, Object>) status.get("nodeRef")).get("name"));
        Map<String, Object> spec = (Map<String, Object>) read.get("spec");
        assertEquals(
                "m5a.large",
                ((Map<String, Object>) ((Map<String, Object>) spec.get("providerSpec")).get("value"))
                        .get("instanceType"),
                "providerSpec.value must keep unknown fields");
        api.deleteNamespacedCustomObject(GROUP, VERSION, NAMESPACE, "machines", name)
                .execute();
    }

    @Test
    @SuppressWarnings("unchecked")
    void servesMachineSetReplicasAndClusterScopedOpenShiftConfig() throws ApiException {
        String name = "wmco-it-ms-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> selector =
                Map.of("matchLabels", Map.of("machine.openshift.io/cluster-api-machineset", name));
        api.createNamespacedCustomObject(
                        GROUP,
                        VERSION,
                        NAMESPACE,
                        "machinesets",
                        Map.of(
                                "apiVersion",
                                GROUP + "/" + VERSION,
                                "kind",
                                "MachineSet",
                                "metadata",
                                Map.of("name", name),
                                "spec",
                                Map.of(
                                        "replicas",
                                        2,
                                        "selector",
                                        selector,
                                        "template",
                                        Map.of(
                                                "metadata",
                                                        Map.of(
                                                                "labels",
                                                                Map.of(
                                                                        "machine.openshift.io/cluster-api-machineset",
                                                                        name)),
                                                "spec", Map.of("providerSpec", Map.of("value", Map.of()))))))
                .execute();
        Map<String, Object> set =
                (Map<String, Object>) api.getNamespacedCustomObject(GROUP, VERSION, NAMESPACE, "machinesets", name)
                        .execute();
        assertEquals(2, ((Number) ((Map<String, Object>) set.get("spec")).get("replicas")).intValue());

        String network = "wmco-it-" + UUID.randomUUID().toString().substring(0, 8);
        api.createClusterCustomObject(
                        "operator.openshift.io",
                        "v1",
                        "networks",
                        Map.of(
                                "apiVersion",
                                "operator.openshift.io/v1",
                                "kind",
                                "Network",
                                "metadata",
                                Map.of("name", network),
                                "spec",
                                Map.of(
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
                                                                9898))))))
                .execute();
        Map<String, Object> read =
                (Map<String, Object>) api.getClusterCustomObject("operator.openshift.io", "v1", "networks", network)
                        .execute();
        Map<String, Object> hybrid = (Map<String, Object>) ((Map<String, Object>)
                        ((Map<String, Object>) ((Map<String, Object>) read.get("spec")).get("defaultNetwork"))
                                .get("ovnKubernetesConfig"))
                .get("hybridOverlayConfig");
        assertEquals(9898, ((Number) hybrid.get("hybridOverlayVXLANPort")).intValue());

        api.deleteNamespacedCustomObject(GROUP, VERSION, NAMESPACE, "machinesets", name)
                .execute();
        api.deleteClusterCustomObject("operator.openshift.io", "v1", "networks", network)
                .execute();
    }
}
