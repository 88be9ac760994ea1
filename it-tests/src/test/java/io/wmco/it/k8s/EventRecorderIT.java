package io.wmco.it.k8s;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.wmco.adapter.k8s.KubernetesCluster;
import io.wmco.domain.event.EventReason;
import io.wmco.ports.cluster.EventRecorder;
import io.wmco.ports.cluster.ObjectRef;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Events written through the adapter appear where {@code kubectl describe} finds them. */
class EventRecorderIT {
    private static String namespace;
    private static KubernetesCluster cluster;
    private static CoreV1Api core;

    @BeforeAll
    static void start() throws ApiException {
        namespace = K8sIt.unique("wmco-it-events");
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

    private static Optional<CoreV1Event> find(String ns, String objectName, String reason) throws ApiException {
        List<CoreV1Event> events = core.listNamespacedEvent(ns).execute().getItems();
        return events.stream()
                .filter(e -> reason.equals(e.getReason())
                        && objectName.equals(e.getInvolvedObject().getName()))
                .findFirst();
    }

    @Test
    void warningOnAConfigMapIsRecordedAndRepeatsAreCounted() throws ApiException {
        EventRecorder events = cluster.events();
        ObjectRef ref = ObjectRef.configMap(namespace, "windows-instances");
        String message = "entry 10.0.0.300: not an IPv4 address; fix the key (100% of entries checked)";

        events.record(ref, EventReason.INVALID_INSTANCE_ENTRY, message);

        await().atMost(K8sIt.CHANGE)
                .until(() -> find(namespace, "windows-instances", "InvalidInstanceEntry")
                        .isPresent());
        CoreV1Event first =
                find(namespace, "windows-instances", "InvalidInstanceEntry").orElseThrow();
        assertEquals("Warning", first.getType());
        assertEquals(message, first.getMessage(), "a '%' in the message must come through verbatim");
        assertEquals("ConfigMap", first.getInvolvedObject().getKind());
        assertEquals("windows-machine-config-operator", first.getSource().getComponent());

        events.record(ref, EventReason.INVALID_INSTANCE_ENTRY, message);
        await().atMost(K8sIt.CHANGE)
                .until(() -> find(namespace, "windows-instances", "InvalidInstanceEntry")
                        .map(e -> e.getCount() != null && e.getCount() >= 2)
                        .orElse(false));
    }

    @Test
    void fortyEntriesOnOneConfigMapEachKeepTheirOwnEventAndALaterOneStillAppears() throws ApiException {
        // the client's legacy recorder let 25 events through per object and then dropped every further one
        EventRecorder events = cluster.events();
        ObjectRef ref = ObjectRef.configMap(namespace, "many-entries");
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 40; i++) {
                events.record(ref, EventReason.INVALID_INSTANCE_ENTRY, "entry bad-" + i + ": broken; fix it");
            }
        }
        events.record(ref, EventReason.INVALID_INSTANCE_ENTRY, "entry last: broken; fix it");

        await().atMost(K8sIt.CHANGE)
                .until(() -> messages(namespace, "many-entries").size() == 41);
        List<String> messages = messages(namespace, "many-entries");
        assertEquals(41, new java.util.HashSet<>(messages).size(), "one event per entry: " + messages);
        assertTrue(messages.contains("entry last: broken; fix it"));
    }

    @Test
    void aSecondProcessContinuesTheCountOfTheSameEventInsteadOfFailing() throws ApiException {
        ObjectRef ref = ObjectRef.configMap(namespace, "restarted");
        cluster.events().record(ref, EventReason.CONFIGURATION_RETRYING, "entry 10.0.0.9: unreachable; retrying");
        await().atMost(K8sIt.CHANGE)
                .until(() ->
                        find(namespace, "restarted", "ConfigurationRetrying").isPresent());

        KubernetesCluster second = K8sIt.startedCluster(namespace);
        try {
            second.events().record(ref, EventReason.CONFIGURATION_RETRYING, "entry 10.0.0.9: unreachable; retrying");
            await().atMost(K8sIt.CHANGE)
                    .until(() -> find(namespace, "restarted", "ConfigurationRetrying")
                            .map(e -> e.getCount() != null && e.getCount() == 2)
                            .orElse(false));
        } finally {
            second.close();
        }
        assertEquals(
                1,
                core.listNamespacedEvent(namespace).execute().getItems().stream()
                        .filter(e -> "restarted".equals(e.getInvolvedObject().getName()))
                        .count());
    }

    private static List<String> messages(String ns, String objectName) throws ApiException {
        return core.listNamespacedEvent(ns).execute().getItems().stream()
                .filter(e -> objectName.equals(e.getInvolvedObject().getName()))
                .map(CoreV1Event::getMessage)
                .toList();
    }

    @Test
    void eventOnAClusterScopedNodeLandsInTheDefaultNamespace() throws ApiException {
        String node = K8sIt.unique("wmco-it-event-node");
        cluster.events().record(ObjectRef.node(node), EventReason.NODE_CONFIGURED, "node " + node + " configured");
        await().atMost(K8sIt.CHANGE)
                .until(() -> find("default", node, "NodeConfigured").isPresent());
        assertEquals(
                "Normal", find("default", node, "NodeConfigured").orElseThrow().getType());
    }

    @Test
    void nullArgumentsAreTheCallersBugAndThrowAtOnce() {
        assertThrows(NullPointerException.class, () -> cluster.events().record(null, EventReason.NODE_CONFIGURED, "y"));
        assertThrows(NullPointerException.class, () -> cluster.events().record(ObjectRef.node("n"), null, "y"));
    }
}
