package io.wmco.it.k8s;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.wmco.adapter.k8s.KubernetesCluster;
import io.wmco.adapter.k8s.KubernetesCluster.Watched;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.ports.cluster.ObjectRef;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Readiness follows informer sync; handlers see adds, updates and deletes; ConfigMaps come from the cache. */
class InformersIT {

    @Test
    void readinessFollowsSyncAndHandlersSeeChanges() throws ApiException {
        String namespace = K8sIt.unique("wmco-it-informers");
        K8sIt.ensureNamespace(namespace);
        CoreV1Api core = new CoreV1Api(K8sIt.admin());
        List<ObjectRef> nodeChanges = new CopyOnWriteArrayList<>();
        List<ObjectRef> configMapChanges = new CopyOnWriteArrayList<>();
        String elsewhere = K8sIt.unique("wmco-it-other");
        K8sIt.ensureNamespace(elsewhere);

        try (KubernetesCluster cluster = KubernetesCluster.connect(K8sIt.admin(), namespace, Clock.systemUTC())) {
            assertFalse(cluster.hasSynced(), "not started, not ready");
            assertTrue(cluster.notSynced().contains(Watched.NODES));
            cluster.onChange(Watched.NODES, nodeChanges::add);
            cluster.onChange(Watched.CONFIG_MAPS, configMapChanges::add);
            cluster.start();
            cluster.start();
            await().atMost(K8sIt.SYNC).until(cluster::hasSynced);
            assertEquals(List.of(), cluster.notSynced());
            assertTrue(cluster.informerFactory()
                    .getExistingSharedIndexInformer(V1Node.class)
                    .hasSynced());

            // a Linux node created first: the Windows node's event arrives after it would have
            String linux = K8sIt.unique("wmco-it-linux");
            core.createNode(new V1Node()
                            .metadata(new V1ObjectMeta().name(linux).labels(Map.of("kubernetes.io/os", "linux"))))
                    .execute();
            String node = K8sIt.unique("wmco-it-informed");
            core.createNode(new V1Node()
                            .metadata(new V1ObjectMeta().name(node).labels(Map.of("kubernetes.io/os", "windows"))))
                    .execute();
            await().atMost(K8sIt.CHANGE)
                    .until(() -> nodeChanges.stream()
                            .anyMatch(r -> r.name().equals(node)
                                    && r.kind().equals("Node")
                                    && r.namespace().isEmpty()));
            assertTrue(nodeChanges.stream().noneMatch(r -> r.name().equals(linux)), nodeChanges.toString());
            assertEquals(Optional.empty(), cluster.nodes().get(linux));
            assertTrue(cluster.nodes().existsInCluster(linux), "the API server knows the Linux node");
            assertFalse(cluster.nodes().existsInCluster(K8sIt.unique("wmco-it-absent")));
            core.deleteNode(linux).execute();
            core.deleteNode(node).execute();
            await().atMost(K8sIt.CHANGE)
                    .until(() -> nodeChanges.stream()
                                            .filter(r -> r.name().equals(node))
                                            .count()
                                    >= 2
                            && cluster.nodes().get(node).isEmpty());

            core.createNamespacedConfigMap(
                            elsewhere,
                            new V1ConfigMap()
                                    .metadata(new V1ObjectMeta().name(MetadataKeys.INSTANCES_CONFIGMAP))
                                    .data(Map.of("10.9.9.9", "username=other")))
                    .execute();
            core.createNamespacedConfigMap(
                            namespace,
                            new V1ConfigMap()
                                    .metadata(new V1ObjectMeta().name(MetadataKeys.INSTANCES_CONFIGMAP))
                                    .data(Map.of("10.0.0.5", "username=Administrator")))
                    .execute();
            await().atMost(K8sIt.CHANGE)
                    .until(() ->
                            configMapChanges.stream().anyMatch(r -> r.name().equals(MetadataKeys.INSTANCES_CONFIGMAP)));
            assertTrue(
                    configMapChanges.stream().allMatch(r -> r.namespace().equals(namespace)),
                    configMapChanges.toString());
            assertEquals(
                    Optional.of(Map.of("10.0.0.5", "username=Administrator")),
                    cluster.configMaps().data(namespace, MetadataKeys.INSTANCES_CONFIGMAP));
            assertEquals(
                    Optional.of(Map.of("10.9.9.9", "username=other")),
                    cluster.configMaps().data(elsewhere, MetadataKeys.INSTANCES_CONFIGMAP));
            assertEquals(Optional.empty(), cluster.configMaps().data(namespace, "wmco-it-none"));
        }
    }
}
