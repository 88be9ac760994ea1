package io.wmco.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.wmco.it.support.ClusterFixture;
import io.wmco.it.support.TestCluster;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OpenShiftCrdsIT {

    private final TestCluster cluster = ClusterFixture.shared();
    private final CustomObjectsApi api = new CustomObjectsApi(cluster.adminClient());

    @Test
    @SuppressWarnings("unchecked")
    void setsInfrastructureStatusThroughSubresource() throws ApiException {
        ClusterFixture.ensureOpenShiftCrds();
        String name = "wmco-it-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> created = (Map<String, Object>) api.createClusterCustomObject(
                        "config.openshift.io",
                        "v1",
                        "infrastructures",
                        Map.of(
                                "apiVersion",
                                "config.openshift.io/v1",
                                "kind",
                                "Infrastructure",
                                "metadata",
                                Map.of("name", name)))
                .execute();

        created.put(
                "status",
                Map.of(
                        "platform",
                        "AWS",
                        "platformStatus",
                        Map.of("type", "AWS", "aws", Map.of("region", "eu-west-1")),
                        "apiServerInternalURI",
                        "https://api-int.example:6443"));
        api.replaceClusterCustomObjectStatus("config.openshift.io", "v1", "infrastructures", name, created)
                .execute();

        Map<String, Object> status = (Map<String, Object>)
                ((Map<String, Object>) api.getClusterCustomObject("config.openshift.io", "v1", "infrastructures", name)
                                .execute())
                        .get("status");
        assertEquals("AWS", ((Map<String, Object>) status.get("platformStatus")).get("type"));
        assertEquals(
                "eu-west-1",
                ((Map<String, Object>) ((Map<String, Object>) status.get("platformStatus")).get("aws")).get("region"),
                "unknown platformStatus fields must be preserved");
        assertEquals("https://api-int.example:6443", status.get("apiServerInternalURI"));
        api.deleteClusterCustomObject("config.openshift.io", "v1", "infrastructures", name)
                .execute();
    }

    @Test
    void removesOpenShiftCrdsForPlainKubernetesTestsAndRestoresThem() throws ApiException {
        assumeFalse(TestCluster.EXTERNAL.equals(cluster.kind()), "never deletes CRDs of an external cluster");
        ClusterFixture.ensureOpenShiftCrds();

        ClusterFixture.removeOpenShiftCrds();

        ApiException absent = assertThrows(
                ApiException.class,
                () -> api.listNamespacedCustomObject("machine.openshift.io", "v1beta1", "default", "machines")
                        .execute());
        assertEquals(404, absent.getCode());
        ClusterFixture.ensureOpenShiftCrds();
        Object list = api.listClusterCustomObject("config.openshift.io", "v1", "networks")
                .execute();
        assertEquals(List.of(), ((Map<?, ?>) list).get("items"));
    }
}
