package io.wmco.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.NodeV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1RuntimeClass;
import io.kubernetes.client.openapi.models.V1Taint;
import io.kubernetes.client.openapi.models.V1Toleration;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.wmco.it.deploy.DeployFiles.Doc;
import io.wmco.it.support.ClusterFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Applies the Windows RuntimeClass and web server samples and checks, through the API, that the RuntimeClass's
 * scheduling rules would place its Pods on a Windows node shaped as the operator's kubelet registers it and never on
 * a Linux node: the node selector is evaluated by the API server (a label-selector list of Nodes), the taints are
 * matched against the tolerations here with the scheduler's rules. No scheduler is needed.
 */
class RuntimeClassIT {

    private final ApiClient client = ClusterFixture.shared().adminClient();
    private final CoreV1Api core = new CoreV1Api(client);
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String windowsNode = "wmco-it-win-" + suffix;
    private final String windowsNodeOtherBuild = "wmco-it-win2019-" + suffix;
    private final String linuxNode = "wmco-it-linux-" + suffix;
    private V1RuntimeClass runtimeClass;

    @BeforeEach
    void applySamplesAndRegisterNodes() throws ApiException {
        Path samples = DeployFiles.deployDir().resolve("samples");
        for (String file : List.of("runtimeclass-windows.yaml", "windows-webserver.yaml")) {
            for (Doc doc : DeployFiles.read(samples.resolve(file))) {
                KubernetesApiResponse<DynamicKubernetesObject> r =
                        DeployFiles.apply(client, doc, "Deployment".equals(doc.kind()));
                assertTrue(r.isSuccess(), doc + ": " + DeployFiles.failure(r));
            }
        }
        String name = DeployFiles.read(samples.resolve("runtimeclass-windows.yaml"))
                .get(0)
                .name();
        runtimeClass = new NodeV1Api(client).readRuntimeClass(name).execute();

        core.createNode(windowsNode(windowsNode, "10.0.20348")).execute();
        core.createNode(windowsNode(windowsNodeOtherBuild, "10.0.17763")).execute();
        core.createNode(new V1Node()
                        .metadata(new V1ObjectMeta()
                                .name(linuxNode)
                                .labels(Map.of(
                                        "kubernetes.io/os",
                                        "linux",
                                        "kubernetes.io/arch",
                                        "amd64",
                                        "kubernetes.io/hostname",
                                        linuxNode,
                                        "node-role.kubernetes.io/worker",
                                        ""))))
                .execute();
    }

    /** Labels and taint as the simulated kubelet (and a real one started by the operator) registers them. */
    private static V1Node windowsNode(String name, String build) {
        return new V1Node()
                .metadata(new V1ObjectMeta()
                        .name(name)
                        .labels(Map.of(
                                "kubernetes.io/os",
                                "windows",
                                "kubernetes.io/arch",
                                "amd64",
                                "beta.kubernetes.io/os",
                                "windows",
                                "kubernetes.io/hostname",
                                name,
                                "node.kubernetes.io/windows-build",
                                build,
                                "node.openshift.io/os_id",
                                "Windows")))
                .spec(new V1NodeSpec()
                        .taints(List.of(new V1Taint().key("os").value("Windows").effect("NoSchedule"))));
    }

    @AfterEach
    void deleteNodes() throws ApiException {
        for (String name : List.of(windowsNode, windowsNodeOtherBuild, linuxNode)) {
            try {
                core.deleteNode(name).execute();
            } catch (ApiException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }

    @Test
    void schedulingRulesSelectTheWindowsNodeOfTheBuildAndNoLinuxNode() throws ApiException {
        List<String> selected = eligibleNodes();

        assertTrue(selected.contains(windowsNode), "Windows Server 2022 node must be eligible: " + selected);
        assertFalse(selected.contains(linuxNode), "Linux node must not be eligible: " + selected);
        assertFalse(
                selected.contains(windowsNodeOtherBuild),
                "a node of another Windows build must not be eligible: " + selected);
    }

    @Test
    void withoutTheRuntimeClassTolerationTheWindowsTaintKeepsPodsOff() throws ApiException {
        V1Node node = core.readNode(windowsNode).execute();

        assertTrue(
                node.getSpec().getTaints().stream().anyMatch(t -> "os".equals(t.getKey())),
                node.getSpec().toString());
        assertTrue(
                tolerates(
                        runtimeClass.getScheduling().getTolerations(),
                        node.getSpec().getTaints()),
                "taints " + node.getSpec().getTaints() + " tolerations "
                        + runtimeClass.getScheduling().getTolerations());
        assertFalse(
                tolerates(List.of(), node.getSpec().getTaints()), "the taint must matter, or this test proves nothing");
    }

    @Test
    void webServerSampleUsesTheRuntimeClass() {
        Doc deployment = DeployFiles.read(DeployFiles.deployDir().resolve("samples/windows-webserver.yaml")).stream()
                .filter(d -> d.kind().equals("Deployment"))
                .findFirst()
                .orElseThrow();

        assertEquals(
                runtimeClass.getMetadata().getName(),
                deployment
                        .object()
                        .getAsJsonObject("spec")
                        .getAsJsonObject("template")
                        .getAsJsonObject("spec")
                        .get("runtimeClassName")
                        .getAsString());
    }

    /** Nodes the RuntimeClass's node selector picks (asked of the API server) whose NoSchedule taints it tolerates. */
    private List<String> eligibleNodes() throws ApiException {
        Map<String, String> selector = runtimeClass.getScheduling().getNodeSelector();
        assertEquals(
                Map.of(
                        "kubernetes.io/os",
                        "windows",
                        "kubernetes.io/arch",
                        "amd64",
                        "node.kubernetes.io/windows-build",
                        "10.0.20348"),
                selector);
        String labelSelector = selector.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        List<V1Toleration> tolerations = runtimeClass.getScheduling().getTolerations();
        return core.listNode().labelSelector(labelSelector).execute().getItems().stream()
                .filter(n -> tolerates(
                        tolerations, n.getSpec() == null ? null : n.getSpec().getTaints()))
                .map(n -> n.getMetadata().getName())
                .toList();
    }

    /**
     * The scheduler's rule: every NoSchedule / NoExecute taint must be matched by some toleration. The condition
     * taints {@code node.kubernetes.io/...} are left out: the node lifecycle controller adds them here because no
     * kubelet reports these Node objects Ready, which says nothing about the RuntimeClass.
     */
    static boolean tolerates(List<V1Toleration> tolerations, List<V1Taint> taints) {
        if (taints == null) {
            return true;
        }
        List<V1Toleration> all = tolerations == null ? List.of() : tolerations;
        return taints.stream()
                .filter(t -> !"PreferNoSchedule".equals(t.getEffect()))
                .filter(t -> !t.getKey().startsWith("node.kubernetes.io/"))
                .allMatch(t -> all.stream().anyMatch(tol -> matches(tol, t)));
    }

    private static boolean matches(V1Toleration tol, V1Taint taint) {
        if (tol.getEffect() != null
                && !tol.getEffect().isEmpty()
                && !tol.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (tol.getKey() == null || tol.getKey().isEmpty()) {
            return "Exists".equals(tol.getOperator());
        }
        if (!tol.getKey().equals(taint.getKey())) {
            return false;
        }
        if ("Exists".equals(tol.getOperator())) {
            return true;
        }
        return Objects.equals(
                Objects.requireNonNullElse(tol.getValue(), ""), Objects.requireNonNullElse(taint.getValue(), ""));
    }
}
