package io.wmco.it.incluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.RbacV1Subject;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1HTTPGetAction;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1RoleRef;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.wmco.it.support.ClusterFixture;
import io.wmco.it.support.ClusterNode;
import io.wmco.it.support.SandboxParts;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test cluster's real Linux node: registered and Ready through its own kubelet, it runs pods of a locally
 * built image on the pod network, probes them, serves their logs through the API server, routes Services through
 * kube-proxy (the {@code kubernetes} Service too, with the pod's mounted token and CA), and lets pods reach a
 * server of the test JVM exposed to them.
 */
class LinuxNodeIT {
    private static final String SA = "/var/run/secrets/kubernetes.io/serviceaccount/";

    private static ClusterNode node;
    private static CoreV1Api core;
    private static String namespace;

    @BeforeAll
    static void node() throws ApiException {
        node = ClusterFixture.node();
        core = new CoreV1Api(ClusterFixture.shared().adminClient());
        namespace = Pods.unique("wmco-node");
        Pods.namespace(ClusterFixture.shared().adminClient(), namespace);
    }

    @AfterEach
    void deletePods() throws ApiException {
        Pods.deleteAll(core, namespace);
    }

    @AfterAll
    static void deleteServices() throws ApiException {
        core.deleteCollectionNamespacedService(namespace).execute();
    }

    @Test
    void nodeRegistersThroughItsKubeletAndIsReady() throws ApiException {
        V1Node n = core.readNode(node.name()).execute();

        assertTrue(SandboxParts.isReady(n), String.valueOf(n.getStatus()));
        assertEquals("linux", n.getMetadata().getLabels().get("kubernetes.io/os"));
        assertTrue(n.getStatus().getNodeInfo().getContainerRuntimeVersion().startsWith("containerd://"));
        assertTrue(n.getStatus().getNodeInfo().getKubeletVersion().startsWith("v1.34."));
    }

    @Test
    void podOfALocalImageBecomesReadyThroughItsProbeAndLogsThroughTheApiServer() throws ApiException {
        String name = Pods.unique("web");
        core.createNamespacedPod(namespace, server(name, Map.of("app", name))).execute();

        V1Pod ready = Pods.awaitReady(core, namespace, name);

        assertTrue(
                ready.getStatus().getPodIP().startsWith("10.244.0."),
                ready.getStatus().getPodIP());
        assertTrue(Pods.log(core, namespace, name).contains("probe " + name + " serving on :8080"));
    }

    @Test
    void serviceRoutesToItsPodThroughKubeProxy() throws ApiException {
        String name = Pods.unique("svc");
        core.createNamespacedPod(namespace, server(name, Map.of("app", name))).execute();
        core.createNamespacedService(
                        namespace,
                        new V1Service()
                                .metadata(new V1ObjectMeta().name(name))
                                .spec(new V1ServiceSpec()
                                        .selector(Map.of("app", name))
                                        .ports(List.of(
                                                new V1ServicePort().port(80).targetPort(new IntOrString("http"))))))
                .execute();
        Pods.awaitReady(core, namespace, name);
        String env = name.toUpperCase().replace('-', '_');
        String client = Pods.unique("client");

        core.createNamespacedPod(
                        namespace,
                        Pods.probe(
                                client,
                                node.name(),
                                node.probeImage(),
                                Map.of(),
                                List.of(
                                        "get",
                                        "-expect",
                                        name + " on " + name + " answered /through-the-service",
                                        "http://$(" + env + "_SERVICE_HOST):$(" + env
                                                + "_SERVICE_PORT)/through-the-service")))
                .execute();

        assertEquals("Succeeded", Pods.awaitFinished(core, namespace, client), Pods.log(core, namespace, client));
    }

    @Test
    void podReachesTheApiServerThroughTheKubernetesServiceWithItsMountedToken() throws ApiException {
        // Only the pod's own identity may read its ServiceAccount: a 200 proves the token was sent and accepted.
        RbacAuthorizationV1Api rbac =
                new RbacAuthorizationV1Api(ClusterFixture.shared().adminClient());
        rbac.createNamespacedRole(
                        namespace,
                        new V1Role()
                                .metadata(new V1ObjectMeta().name("read-own-account"))
                                .rules(List.of(new V1PolicyRule()
                                        .apiGroups(List.of(""))
                                        .resources(List.of("serviceaccounts"))
                                        .resourceNames(List.of("default"))
                                        .verbs(List.of("get")))))
                .execute();
        rbac.createNamespacedRoleBinding(
                        namespace,
                        new V1RoleBinding()
                                .metadata(new V1ObjectMeta().name("read-own-account"))
                                .roleRef(new V1RoleRef()
                                        .apiGroup("rbac.authorization.k8s.io")
                                        .kind("Role")
                                        .name("read-own-account"))
                                .subjects(List.of(new RbacV1Subject()
                                        .kind("ServiceAccount")
                                        .name("default")
                                        .namespace(namespace))))
                .execute();
        String client = Pods.unique("api");
        core.createNamespacedPod(
                        namespace,
                        Pods.probe(
                                client,
                                node.name(),
                                node.probeImage(),
                                Map.of(),
                                List.of(
                                        "get",
                                        "-ca",
                                        SA + "ca.crt",
                                        "-token",
                                        SA + "token",
                                        "-expect",
                                        "\"name\":\"default\"",
                                        "https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)/api/v1/namespaces/"
                                                + namespace + "/serviceaccounts/default")))
                .execute();

        String phase = Pods.awaitFinished(core, namespace, client);

        String log = Pods.log(core, namespace, client);
        assertEquals("Succeeded", phase, log);
        String kubernetes = core.readNamespacedService("kubernetes", "default")
                .execute()
                .getSpec()
                .getClusterIP();
        assertTrue(log.contains("https://" + kubernetes + ":443/"), log);
    }

    @Test
    void podReachesAServerOfTheTestJvmExposedToIt() throws Exception {
        String loopback =
                node.bindAddressFor("127.0." + ThreadLocalRandom.current().nextInt(2, 250) + ".9");
        HttpServer server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        server.createContext("/", ex -> {
            byte[] body = ("test JVM answered " + ex.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            InetSocketAddress inside = node.exposeToPods(server.getAddress(), 80);
            String client = Pods.unique("out");
            core.createNamespacedPod(
                            namespace,
                            Pods.probe(
                                    client,
                                    node.name(),
                                    node.probeImage(),
                                    Map.of(),
                                    List.of(
                                            "get",
                                            "-expect",
                                            "test JVM answered /from-a-pod",
                                            "http://" + inside.getHostString() + "/from-a-pod")))
                    .execute();

            assertEquals("Succeeded", Pods.awaitFinished(core, namespace, client), Pods.log(core, namespace, client));
        } finally {
            server.stop(0);
        }
    }

    private static V1Pod server(String name, Map<String, String> labels) {
        V1Pod pod = Pods.probe(
                name, node.name(), node.probeImage(), labels, List.of("serve", "-listen", ":8080", "-name", name));
        pod.getSpec().setRestartPolicy("Always");
        pod.getSpec()
                .getContainers()
                .get(0)
                .ports(List.of(new V1ContainerPort().name("http").containerPort(8080)))
                .readinessProbe(new V1Probe()
                        .httpGet(new V1HTTPGetAction().path("/healthz").port(new IntOrString("http")))
                        .periodSeconds(1));
        return pod;
    }
}
