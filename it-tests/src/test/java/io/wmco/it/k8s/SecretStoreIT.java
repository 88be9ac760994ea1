package io.wmco.it.k8s;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.wmco.adapter.k8s.ClusterOptions;
import io.wmco.adapter.k8s.KubernetesCluster;
import io.wmco.adapter.k8s.KubernetesCluster.Watched;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.ports.cluster.ObjectRef;
import io.wmco.ports.cluster.SecretStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SecretStore against a real API server: idempotent apply, caches, the single cached user-data Secret. */
class SecretStoreIT {
    private static String namespace;
    private static String machineNamespace;
    private static KubernetesCluster cluster;
    private static final List<ObjectRef> userDataChanges = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws ApiException {
        namespace = K8sIt.unique("wmco-it-secrets");
        // A namespace of our own standing in for openshift-machine-api, so tests never collide.
        machineNamespace = K8sIt.unique("wmco-it-mapi");
        K8sIt.ensureNamespace(namespace);
        K8sIt.ensureNamespace(machineNamespace);
        cluster = KubernetesCluster.connect(
                K8sIt.admin(),
                new ClusterOptions(namespace, machineNamespace, MetadataKeys.USER_DATA_SECRET, "wmco-it"),
                Clock.systemUTC());
        cluster.onChange(Watched.USER_DATA_SECRET, userDataChanges::add);
        cluster.start();
        await().atMost(K8sIt.SYNC).until(cluster::hasSynced);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void applyCreatesThenWritesNothingWhenEqualThenReplacesOnChange() throws ApiException {
        SecretStore secrets = cluster.secrets();
        String name = K8sIt.unique("key");
        Map<String, byte[]> data = Map.of(MetadataKeys.PRIVATE_KEY_SECRET_KEY, "first".getBytes(UTF_8));

        assertTrue(secrets.apply(namespace, name, data, Map.of("app", "wmco")));
        String version = readLive(namespace, name).getMetadata().getResourceVersion();
        assertFalse(secrets.apply(namespace, name, data, Map.of("app", "wmco")));
        assertEquals(version, readLive(namespace, name).getMetadata().getResourceVersion(), "an equal apply wrote");

        Map<String, byte[]> changed = Map.of(MetadataKeys.PRIVATE_KEY_SECRET_KEY, "second".getBytes(UTF_8));
        assertTrue(secrets.apply(namespace, name, changed, Map.of("app", "wmco")));
        assertArrayEquals(
                "second".getBytes(UTF_8), readLive(namespace, name).getData().get(MetadataKeys.PRIVATE_KEY_SECRET_KEY));
        await().atMost(K8sIt.CHANGE)
                .until(() -> secrets.data(namespace, name)
                        .map(d -> "second".equals(new String(d.get(MetadataKeys.PRIVATE_KEY_SECRET_KEY), UTF_8)))
                        .orElse(false));

        secrets.delete(namespace, name);
        secrets.delete(namespace, name);
        await().atMost(K8sIt.CHANGE).until(() -> secrets.data(namespace, name).isEmpty());
    }

    @Test
    void userDataSecretIsCachedAndNoOtherSecretOfItsNamespaceIs() throws ApiException {
        SecretStore secrets = cluster.secrets();
        String other = K8sIt.unique("unrelated");
        new CoreV1Api(K8sIt.admin())
                .createNamespacedSecret(
                        machineNamespace,
                        new V1Secret().metadata(new V1ObjectMeta().name(other)).data(Map.of("k", "v".getBytes(UTF_8))))
                .execute();

        assertTrue(secrets.apply(
                machineNamespace,
                MetadataKeys.USER_DATA_SECRET,
                Map.of(MetadataKeys.USER_DATA_SECRET_KEY, "<powershell>x</powershell>".getBytes(UTF_8)),
                Map.of()));

        await().atMost(K8sIt.CHANGE)
                .until(() -> userDataChanges.stream()
                        .anyMatch(r -> r.name().equals(MetadataKeys.USER_DATA_SECRET)
                                && r.namespace().equals(machineNamespace)));
        // The unrelated Secret was created first; had the watch covered it, its event would have come first.
        assertTrue(userDataChanges.stream().noneMatch(r -> r.name().equals(other)), userDataChanges.toString());
        assertEquals(
                Optional.of("<powershell>x</powershell>"),
                secrets.data(machineNamespace, MetadataKeys.USER_DATA_SECRET)
                        .map(d -> new String(d.get(MetadataKeys.USER_DATA_SECRET_KEY), UTF_8)));
        // Uncached Secrets are still readable (straight from the API server).
        assertTrue(secrets.data(machineNamespace, other).isPresent());
    }

    @Test
    void missingSecretIsEmpty() {
        assertEquals(Optional.empty(), cluster.secrets().data(namespace, "wmco-it-no-such-secret"));
        assertEquals(Optional.empty(), cluster.secrets().data(machineNamespace, "wmco-it-no-such-secret"));
    }

    private static V1Secret readLive(String ns, String name) throws ApiException {
        return new CoreV1Api(K8sIt.admin()).readNamespacedSecret(name, ns).execute();
    }
}
