package io.wmco.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.wmco.it.support.ClusterFixture;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeIT {

    private final CoreV1Api core = new CoreV1Api(ClusterFixture.shared().adminClient());
    private final String name = "wmco-it-node-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void deleteNode() throws ApiException {
        try {
            core.deleteNode(name).execute();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    @Test
    void createsWindowsNodeAndReplacesItsStatus() throws ApiException {
        core.createNode(new V1Node()
                        .metadata(new V1ObjectMeta().name(name).labels(Map.of("kubernetes.io/os", "windows"))))
                .execute();

        // A cluster's node-lifecycle controller may taint the new Node first: replace on the latest version.
        replaceStatusRetryingOnConflict(new V1NodeStatus()
                .addresses(List.of(new V1NodeAddress().type("InternalIP").address("10.0.0.17")))
                .conditions(List.of(new V1NodeCondition()
                        .type("Ready")
                        .status("True")
                        .reason("KubeletReady")
                        .lastHeartbeatTime(OffsetDateTime.now())
                        .lastTransitionTime(OffsetDateTime.now()))));

        V1Node read = core.readNode(name).execute();
        assertEquals("windows", read.getMetadata().getLabels().get("kubernetes.io/os"));
        assertEquals("10.0.0.17", read.getStatus().getAddresses().get(0).getAddress());
        assertEquals(
                "True",
                read.getStatus().getConditions().stream()
                        .filter(c -> "Ready".equals(c.getType()))
                        .findFirst()
                        .orElseThrow()
                        .getStatus());
    }

    private void replaceStatusRetryingOnConflict(V1NodeStatus status) throws ApiException {
        for (int attempt = 1; ; attempt++) {
            V1Node current = core.readNode(name).execute();
            try {
                core.replaceNodeStatus(name, current.status(status)).execute();
                return;
            } catch (ApiException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }
}
