package io.wmco.it.incluster;

import static org.awaitility.Awaitility.await;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodSpec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Pods of the in-cluster tests: built from the node's probe image, pinned to the real node, awaited until Ready or
 * finished, read back through the API server's log endpoint (the kubelet's, as {@code kubectl logs} reads it), and
 * deleted with their containers. Stateless and thread-safe.
 */
final class Pods {
    static final Duration START = Duration.ofSeconds(90);

    private Pods() {}

    /** A unique DNS-1123 name with the given prefix. */
    static String unique(String prefix) {
        return (prefix + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    }

    /** Creates the namespace (and waits for its default ServiceAccount, which pods need). */
    static void namespace(ApiClient admin, String name) throws ApiException {
        CoreV1Api core = new CoreV1Api(admin);
        core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(name)))
                .execute();
        await("default ServiceAccount in " + name)
                .atMost(Duration.ofSeconds(30))
                .until(() -> exists(
                        () -> core.readNamespacedServiceAccount("default", name).execute()));
    }

    /** A pod of one container running the probe image with {@code args}, on {@code node}. */
    static V1Pod probe(String name, String node, String image, Map<String, String> labels, List<String> args) {
        V1PodSpec spec = new V1PodSpec()
                .nodeName(node)
                .restartPolicy("Never")
                .terminationGracePeriodSeconds(5L)
                .containers(List.of(new V1Container()
                        .name("probe")
                        .image(image)
                        .imagePullPolicy("Never")
                        .args(args)));
        // The client model starts with an empty overhead map, which the server reads as "overhead set".
        spec.setOverhead(null);
        return new V1Pod()
                .metadata(new V1ObjectMeta().name(name).labels(labels))
                .spec(spec);
    }

    static V1Pod awaitReady(CoreV1Api core, String namespace, String name) {
        return await(name + " Ready")
                .atMost(START)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> core.readNamespacedPod(name, namespace).execute(), Pods::ready);
    }

    /** Waits until the pod has finished and returns its phase (Succeeded or Failed). */
    static String awaitFinished(CoreV1Api core, String namespace, String name) {
        return await(name + " finished")
                .atMost(START)
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> phase(core.readNamespacedPod(name, namespace).execute()),
                        p -> p.equals("Succeeded") || p.equals("Failed"));
    }

    static boolean ready(V1Pod pod) {
        List<V1PodCondition> conditions =
                pod.getStatus() == null ? null : pod.getStatus().getConditions();
        return conditions != null
                && conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static String phase(V1Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null
                ? ""
                : pod.getStatus().getPhase();
    }

    /** The container's log, through the API server and the kubelet. */
    static String log(CoreV1Api core, String namespace, String pod) throws ApiException {
        return core.readNamespacedPodLog(pod, namespace).execute();
    }

    /** Deletes every pod of the namespace and waits until the kubelet has removed them. */
    static void deleteAll(CoreV1Api core, String namespace) throws ApiException {
        core.deleteCollectionNamespacedPod(namespace).execute();
        await("pods of " + namespace + " gone")
                .atMost(START)
                .until(() ->
                        core.listNamespacedPod(namespace).execute().getItems().isEmpty());
    }

    private interface Read {
        Object call() throws ApiException;
    }

    private static boolean exists(Read read) throws ApiException {
        try {
            return Optional.ofNullable(read.call()).isPresent();
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
