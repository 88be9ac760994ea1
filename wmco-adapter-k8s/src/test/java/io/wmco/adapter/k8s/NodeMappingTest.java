package io.wmco.adapter.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Taint;
import io.wmco.domain.node.NodeAddress;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.domain.node.Taint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeMappingTest {

    @Test
    void mapsEveryFieldTheDomainReads() {
        V1Node node = new V1Node()
                .metadata(new V1ObjectMeta()
                        .name("win-1")
                        .labels(Map.of("node.openshift.io/os_id", "Windows"))
                        .annotations(Map.of("windowsmachineconfig.openshift.io/version", "1.0.0")))
                .spec(new V1NodeSpec()
                        .unschedulable(true)
                        .taints(List.of(new V1Taint().key("os").value("Windows").effect("NoSchedule"))))
                .status(new V1NodeStatus()
                        .addresses(List.of(
                                new V1NodeAddress().type("InternalIP").address("10.0.0.5"),
                                new V1NodeAddress().type("Hostname").address("win-1")))
                        .conditions(List.of(
                                new V1NodeCondition().type("MemoryPressure").status("False"),
                                new V1NodeCondition().type("Ready").status("True"))));

        NodeSnapshot s = NodeMapping.toSnapshot(node);

        assertEquals("win-1", s.name());
        assertTrue(s.isWindows());
        assertEquals("1.0.0", s.annotations().get("windowsmachineconfig.openshift.io/version"));
        assertEquals(List.of(Taint.WINDOWS_NO_SCHEDULE), s.taints());
        assertEquals(
                List.of(new NodeAddress("InternalIP", "10.0.0.5"), new NodeAddress("Hostname", "win-1")),
                s.addresses());
        assertTrue(s.ready());
        assertTrue(s.unschedulable());
    }

    @Test
    void nodeWithoutSpecOrStatusIsNotReadyAndSchedulable() {
        NodeSnapshot s = NodeMapping.toSnapshot(new V1Node().metadata(new V1ObjectMeta().name("bare")));
        assertEquals(Map.of(), s.labels());
        assertEquals(Map.of(), s.annotations());
        assertEquals(List.of(), s.taints());
        assertEquals(List.of(), s.addresses());
        assertFalse(s.ready());
        assertFalse(s.unschedulable());
    }

    @Test
    void readyConditionOtherThanTrueMeansNotReady() {
        V1Node node = new V1Node()
                .metadata(new V1ObjectMeta().name("n"))
                .status(new V1NodeStatus()
                        .conditions(List.of(new V1NodeCondition().type("Ready").status("Unknown"))));
        assertFalse(NodeMapping.toSnapshot(node).ready());
    }
}
