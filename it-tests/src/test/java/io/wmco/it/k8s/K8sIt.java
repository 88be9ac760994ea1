package io.wmco.it.k8s;

import static org.awaitility.Awaitility.await;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.wmco.adapter.k8s.KubernetesCluster;
import io.wmco.it.support.ClusterFixture;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/** Shared steps of the Kubernetes adapter's integration tests. */
final class K8sIt {
    static final Duration SYNC = Duration.ofSeconds(60);
    static final Duration CHANGE = Duration.ofSeconds(30);

    private K8sIt() {}

    static ApiClient admin() {
        return ClusterFixture.shared().adminClient();
    }

    /** A unique, DNS-1123 name with the given prefix. */
    static String unique(String prefix) {
        return (prefix + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    }

    /** Creates the namespace unless it exists. */
    static void ensureNamespace(String name) throws ApiException {
        CoreV1Api core = new CoreV1Api(admin());
        try {
            core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(name)))
                    .execute();
        } catch (ApiException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    /** Connects the adapter for the given operator namespace, starts it and waits until every informer synced. */
    static KubernetesCluster startedCluster(String operatorNamespace) {
        KubernetesCluster cluster = KubernetesCluster.connect(admin(), operatorNamespace, Clock.systemUTC());
        cluster.start();
        await("informers synced").atMost(SYNC).until(cluster::hasSynced);
        return cluster;
    }
}
