package io.wmco.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.Config;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The k3s path on its own (independent of which cluster {@code ClusterFixture} chose). Reported as
 * skipped where no Docker engine answers.
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sClusterIT {

    @Container
    private static final K3sContainer K3S = new K3sContainer(
            DockerImageName.parse(System.getenv().getOrDefault("WMCO_IT_K3S_IMAGE", "rancher/k3s:v1.34.1-k3s1")));

    @Test
    void k3sServesNodesToTheOfficialClient() throws Exception {
        ApiClient client = Config.fromConfig(new StringReader(K3S.getKubeConfigYaml()));
        assertEquals("1", new VersionApi(client).getCode().execute().getMajor());

        CoreV1Api core = new CoreV1Api(client);
        core.createNode(new V1Node()
                        .metadata(new V1ObjectMeta()
                                .name("wmco-it-k3s-win")
                                .labels(Map.of("kubernetes.io/os", "windows"))))
                .execute();

        assertTrue(core.listNode().execute().getItems().stream()
                .anyMatch(n -> "wmco-it-k3s-win".equals(n.getMetadata().getName())));
    }
}
