package io.wmco.adapter.k8s;

import static io.wmco.adapter.k8s.FakeApiServer.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import java.util.List;
import org.junit.jupiter.api.Test;

class InformerSetupPagingTest {

    private static String node(String name) {
        return "{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"kubernetes.io/os\":\"windows\"},"
                + "\"managedFields\":[{\"manager\":\"kubelet\"}]},"
                + "\"status\":{\"images\":[{\"names\":[\"big:1\"],\"sizeBytes\":1}],"
                + "\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"10.0.0.1\"}]}}";
    }

    @Test
    void theWindowsNodeListFollowsContinueTokensAndTrimsEveryPage() throws Exception {
        try (FakeApiServer server = new FakeApiServer()) {
            server.on(
                    "GET",
                    "/api/v1/nodes",
                    ok("{\"metadata\":{\"resourceVersion\":\"41\",\"continue\":\"page-2\"},\"items\":[" + node("w1")
                            + "," + node("w2") + "]}"),
                    ok("{\"metadata\":{\"resourceVersion\":\"41\"},\"items\":[" + node("w3") + "]}"));
            var lw = InformerSetup.windowsNodes(
                    new GenericKubernetesApi<>(V1Node.class, V1NodeList.class, "", "v1", "nodes", server.client()));

            V1NodeList list = lw.list(new CallGeneratorParams(false, "0", null));

            assertEquals(
                    List.of("w1", "w2", "w3"),
                    list.getItems().stream().map(n -> n.getMetadata().getName()).toList());
            assertEquals("41", list.getMetadata().getResourceVersion());
            assertNull(list.getMetadata().getContinue());
            assertTrue(list.getItems().stream()
                    .allMatch(n -> n.getMetadata().getManagedFields() == null
                            || n.getMetadata().getManagedFields().isEmpty()));
            assertTrue(list.getItems().stream()
                    .allMatch(n -> n.getStatus().getImages() == null
                            || n.getStatus().getImages().isEmpty()));
            var queries = server.requests("GET", "/api/v1/nodes").stream()
                    .map(FakeApiServer.Request::query)
                    .toList();
            assertEquals(2, queries.size(), queries.toString());
            assertTrue(
                    queries.get(0).contains("labelSelector=kubernetes.io/os%3Dwindows")
                            || queries.get(0).contains("labelSelector=kubernetes.io/os=windows"),
                    queries.get(0));
            assertTrue(queries.get(0).contains("limit=" + InformerSetup.PAGE), queries.get(0));
            assertTrue(queries.get(1).contains("continue=page-2"), queries.get(1));
        }
    }
}
