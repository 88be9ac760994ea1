package io.wmco.it.k8s;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.PolicyV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudgetSpec;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1Taint;
import io.wmco.adapter.k8s.KubernetesCluster;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.MetadataPatch;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.domain.node.Taint;
import io.wmco.ports.cluster.ClusterException;
import io.wmco.ports.cluster.NodeRepository;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** NodeRepository against a real API server: patches, cordon, drain by eviction, delete. */
class NodeRepositoryIT {
    private static String namespace;
    private static KubernetesCluster cluster;
    private static CoreV1Api core;

    @BeforeAll
    static void start() throws ApiException {
        namespace = K8sIt.unique("wmco-it-nodes");
        K8sIt.ensureNamespace(namespace);
        core = new CoreV1Api(K8sIt.admin());
        cluster = K8sIt.startedCluster(namespace);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String createNode() throws ApiException {
        String name = K8sIt.unique("wmco-it-win");
        core.createNode(new V1Node()
                        .metadata(new V1ObjectMeta()
                                .name(name)
                                .labels(Map.of(
                                        "kubernetes.io/os",
                                        "windows",
                                        MetadataKeys.OS_ID_LABEL,
                                        MetadataKeys.WINDOWS,
                                        "stale",
                                        "x"))
                                .annotations(Map.of("old-annotation", "y")))
                        .spec(new V1NodeSpec()
                                .taints(List.of(
                                        new V1Taint().key("os").value("Windows").effect("NoSchedule")))))
                .execute();
        return name;
    }

    @Test
    void cacheServesNewNodesAsSnapshots() throws ApiException {
        String name = createNode();
        NodeRepository nodes = cluster.nodes();

        await().atMost(K8sIt.CHANGE).until(() -> nodes.get(name).isPresent());

        NodeSnapshot s = nodes.get(name).orElseThrow();
        assertTrue(s.isWindows());
        // The API server's TaintNodesByCondition plugin adds a not-ready taint of its own.
        assertTrue(s.taints().contains(Taint.WINDOWS_NO_SCHEDULE), s.taints().toString());
        assertTrue(nodes.list().stream().anyMatch(n -> n.name().equals(name)));
    }

    @Test
    void metadataPatchSetsAndRemovesInOneWriteAndIsIdempotent() throws ApiException {
        String name = createNode();
        MetadataPatch patch = new MetadataPatch(
                Map.of(MetadataKeys.BYOH_LABEL, "true"),
                Map.of(MetadataKeys.VERSION_ANNOTATION, "9.9.9", MetadataKeys.PUB_KEY_HASH_ANNOTATION, ""),
                Set.of("stale"),
                Set.of("old-annotation"));

        NodeSnapshot after = cluster.nodes().patchMetadata(name, patch).orElseThrow();
        NodeSnapshot again = cluster.nodes().patchMetadata(name, patch).orElseThrow();

        assertTrue(patch.isSatisfiedBy(after), after.toString());
        // Only the patch's own keys are ours to compare: between the two patches the control plane may add its
        // not-ready taint and its node lifecycle controller the beta.kubernetes.io/os label (both seen in CI).
        assertTrue(patch.isSatisfiedBy(again), again.toString());
        for (String key : patch.setLabels().keySet()) {
            assertEquals(after.labels().get(key), again.labels().get(key), key);
        }
        for (String key : patch.setAnnotations().keySet()) {
            assertEquals(after.annotations().get(key), again.annotations().get(key), key);
        }
        V1Node live = core.readNode(name).execute();
        assertEquals("true", live.getMetadata().getLabels().get(MetadataKeys.BYOH_LABEL));
        assertFalse(live.getMetadata().getLabels().containsKey("stale"));
        assertEquals("", live.getMetadata().getAnnotations().get(MetadataKeys.PUB_KEY_HASH_ANNOTATION));
        assertFalse(live.getMetadata().getAnnotations().containsKey("old-annotation"));
        await().atMost(K8sIt.CHANGE)
                .until(() ->
                        cluster.nodes().get(name).filter(patch::isSatisfiedBy).isPresent());
    }

    @Test
    void patchOfMissingNodeIsEmpty() {
        assertEquals(
                Optional.empty(),
                cluster.nodes().patchMetadata("wmco-it-missing-node", MetadataPatch.annotations(Map.of("a", "b"))));
        assertFalse(cluster.nodes().setUnschedulable("wmco-it-missing-node", true));
    }

    @Test
    void cordonAndUncordonToggleSpecUnschedulable() throws ApiException {
        String name = createNode();

        assertTrue(cluster.nodes().setUnschedulable(name, true));
        assertTrue(cluster.nodes().setUnschedulable(name, true));
        assertEquals(Boolean.TRUE, core.readNode(name).execute().getSpec().getUnschedulable());
        await().atMost(K8sIt.CHANGE)
                .until(() -> cluster.nodes()
                        .get(name)
                        .map(NodeSnapshot::unschedulable)
                        .orElse(false));

        assertTrue(cluster.nodes().setUnschedulable(name, false));
        assertNull(core.readNode(name).execute().getSpec().getUnschedulable());
    }

    @Test
    void drainEvictsOrdinaryPodsAndLeavesDaemonSetPods() throws ApiException {
        String name = createNode();
        V1Pod ordinary = core.createNamespacedPod(namespace, pod("web-" + name, name, null))
                .execute();
        core.createNamespacedPod(
                        namespace,
                        pod(
                                "ds-" + name,
                                name,
                                new V1OwnerReference()
                                        .apiVersion("apps/v1")
                                        .kind("DaemonSet")
                                        .name("some-ds")
                                        .uid("00000000-0000-0000-0000-000000000001")
                                        .controller(true)))
                .execute();

        assertTrue(cluster.nodes().drain(name));

        // Without a kubelet an evicted pod keeps existing with a deletion timestamp, or is removed at once.
        Optional<V1Pod> after = readPod(ordinary.getMetadata().getName());
        assertTrue(
                after.isEmpty() || after.get().getMetadata().getDeletionTimestamp() != null,
                "ordinary pod was not evicted");
        assertNull(readPod("ds-" + name).orElseThrow().getMetadata().getDeletionTimestamp(), "DaemonSet pod must stay");
        assertTrue(cluster.nodes().drain(name), "a second drain finds nothing left to do and succeeds");
    }

    @Test
    void drainBlockedByDisruptionBudgetIsRetryable() throws ApiException {
        String name = createNode();
        String app = "guarded-" + name;
        V1Pod guarded = pod(app, name, null);
        guarded.getMetadata().setLabels(Map.of("app", app));
        V1Pod created = core.createNamespacedPod(namespace, guarded).execute();
        // Budgets only bind running pods; no kubelet runs here, so say it is running.
        created.setStatus(new V1PodStatus().phase("Running"));
        core.replaceNamespacedPodStatus(app, namespace, created).execute();
        new PolicyV1Api(K8sIt.admin())
                .createNamespacedPodDisruptionBudget(
                        namespace,
                        new V1PodDisruptionBudget()
                                .metadata(new V1ObjectMeta().name(app))
                                .spec(new V1PodDisruptionBudgetSpec()
                                        .minAvailable(new IntOrString(1))
                                        .selector(new V1LabelSelector().matchLabels(Map.of("app", app)))))
                .execute();

        ClusterException e =
                assertThrows(ClusterException.class, () -> cluster.nodes().drain(name));

        assertEquals(429, e.status(), e.getMessage());
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains(namespace + "/" + app), e.getMessage());
        assertNull(readPod(app).orElseThrow().getMetadata().getDeletionTimestamp());
    }

    @Test
    void deleteRemovesTheNodeAndIsIdempotent() throws ApiException {
        String name = createNode();
        cluster.nodes().delete(name);
        cluster.nodes().delete(name);

        ApiException gone =
                assertThrows(ApiException.class, () -> core.readNode(name).execute());
        assertEquals(404, gone.getCode());
        assertFalse(cluster.nodes().drain(name));
        await().atMost(K8sIt.CHANGE).until(() -> cluster.nodes().get(name).isEmpty());
    }

    private static V1Pod pod(String name, String node, V1OwnerReference owner) {
        V1ObjectMeta meta = new V1ObjectMeta().name(name).namespace(namespace);
        if (owner != null) {
            meta.setOwnerReferences(List.of(owner));
        }
        V1PodSpec spec = new V1PodSpec()
                .nodeName(node)
                .containers(List.of(new V1Container().name("c").image("registry.invalid/none:1")));
        // The client model starts with an empty overhead map, which the server reads as "overhead set".
        spec.setOverhead(null);
        return new V1Pod().metadata(meta).spec(spec);
    }

    private static Optional<V1Pod> readPod(String name) throws ApiException {
        try {
            V1Pod pod = core.readNamespacedPod(name, namespace).execute();
            assertNotNull(pod.getMetadata());
            return Optional.of(pod);
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
