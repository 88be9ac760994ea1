package io.wmco.adapter.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kubernetes.client.openapi.models.V1ContainerImage;
import io.kubernetes.client.openapi.models.V1ManagedFieldsEntry;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubernetesClusterTest {

    @Test
    void cachedNodesLoseManagedFieldsAndImagesButKeepWhatSnapshotsUse() {
        V1Node node = new V1Node()
                .metadata(new V1ObjectMeta()
                        .name("w")
                        .labels(Map.of("a", "b"))
                        .managedFields(List.of(new V1ManagedFieldsEntry().manager("kubelet"))))
                .status(new V1NodeStatus()
                        .images(List.of(new V1ContainerImage().names(List.of("big:1"))))
                        .addresses(
                                List.of(new V1NodeAddress().type("InternalIP").address("10.0.0.1"))));

        V1Node trimmed = (V1Node) InformerSetup.trim(node);

        assertNull(trimmed.getMetadata().getManagedFields());
        assertNull(trimmed.getStatus().getImages());
        assertEquals(Map.of("a", "b"), trimmed.getMetadata().getLabels());
        assertEquals(
                "10.0.0.1",
                NodeMapping.toSnapshot(trimmed).address("InternalIP").orElseThrow());
    }
}
