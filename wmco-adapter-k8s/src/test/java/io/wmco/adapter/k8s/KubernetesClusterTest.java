package io.wmco.adapter.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestCondition;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestSpec;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestStatus;
import io.kubernetes.client.openapi.models.V1ContainerImage;
import io.kubernetes.client.openapi.models.V1ManagedFieldsEntry;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1NodeSystemInfo;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Taint;
import io.wmco.domain.node.NodeSnapshot;
import java.time.OffsetDateTime;
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

        assertAbsent(trimmed.getMetadata().getManagedFields());
        assertAbsent(trimmed.getStatus().getImages());
        assertEquals(Map.of("a", "b"), trimmed.getMetadata().getLabels());
        assertEquals(
                "10.0.0.1",
                NodeMapping.toSnapshot(trimmed).address("InternalIP").orElseThrow());
    }

    @Test
    void cachedNodesKeepOnlyTheStatusSnapshotsRead() {
        V1Node node = new V1Node()
                .metadata(new V1ObjectMeta().name("w"))
                .spec(new V1NodeSpec()
                        .unschedulable(true)
                        .taints(List.of(new V1Taint().key("os").effect("NoSchedule"))))
                .status(new V1NodeStatus()
                        .capacity(Map.of("cpu", Quantity.fromString("4")))
                        .nodeInfo(new V1NodeSystemInfo().kubeletVersion("v1.31.4"))
                        .addConditionsItem(new V1NodeCondition()
                                .type("Ready")
                                .status("True")
                                .message("kubelet is posting ready status")
                                .lastHeartbeatTime(OffsetDateTime.parse("2026-12-01T00:00:00Z"))));
        NodeSnapshot before = NodeMapping.toSnapshot(node);

        V1Node trimmed = (V1Node) InformerSetup.trim(node);

        assertAbsent(trimmed.getStatus().getCapacity());
        assertNull(trimmed.getStatus().getNodeInfo());
        assertNull(trimmed.getStatus().getConditions().get(0).getMessage());
        assertNull(trimmed.getStatus().getConditions().get(0).getLastHeartbeatTime());
        assertEquals(before, NodeMapping.toSnapshot(trimmed));
        assertTrue(before.ready() && before.unschedulable());
    }

    @Test
    void decidedCsrsLoseRequestAndCertificatePendingOnesKeepTheirRequest() throws Exception {
        byte[] pem =
                TestCsrs.pem("system:node:win-1", List.of("system:nodes"), List.of(), List.of(), List.of(), List.of());
        V1CertificateSigningRequest pending = new V1CertificateSigningRequest()
                .metadata(new V1ObjectMeta().name("p"))
                .spec(new V1CertificateSigningRequestSpec().request(pem));
        V1CertificateSigningRequest approved = new V1CertificateSigningRequest()
                .metadata(new V1ObjectMeta().name("a"))
                .spec(new V1CertificateSigningRequestSpec().request(pem))
                .status(new V1CertificateSigningRequestStatus()
                        .certificate(pem)
                        .addConditionsItem(new V1CertificateSigningRequestCondition()
                                .type("Approved")
                                .status("True")));

        InformerSetup.trim(pending);
        InformerSetup.trim(approved);

        assertEquals("system:node:win-1", CsrMapping.toFacts(pending).commonName());
        assertNull(approved.getSpec().getRequest());
        assertNull(approved.getStatus().getCertificate());
        assertFalse(CsrMapping.toFacts(approved).pending());
        assertEquals("", CsrMapping.toFacts(approved).commonName());
    }

    /** The generated models start collections empty rather than null: either means dropped. */
    private static void assertAbsent(Object collectionOrMap) {
        assertTrue(
                collectionOrMap == null
                        || (collectionOrMap instanceof java.util.Collection<?> c && c.isEmpty())
                        || (collectionOrMap instanceof Map<?, ?> m && m.isEmpty()),
                String.valueOf(collectionOrMap));
    }
}
