package io.wmco.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.wmco.it.deploy.DeployFiles.Doc;
import io.wmco.it.support.ClusterFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Applies every manifest of {@code deploy/} (and its samples and OLM bundle) to the real API server and checks that
 * each is accepted, that the OLM bundle grants the same permissions and runs the same Deployment, and that the
 * ServiceAccount's rules allow the operator's calls and refuse neighbouring ones (asked through
 * SubjectAccessReviews, i.e. the API server's own authorizer).
 *
 * <p>Deployments are sent as server-side dry runs: the fixture has no scheduler, and the dry run passes validation
 * and admission exactly like a real create. The namespaces {@code openshift-machine-api} and
 * {@code openshift-machine-config-operator} are created first, as an OpenShift cluster has them.
 *
 * <p>That each rule is needed is shown elsewhere: {@code RbacRuleNecessityIT} removes one rule at a time, and
 * {@code OperatorPodTokenRbacIT} runs the checks with the pod's own token.
 *
 * <p>Slightly over 300 lines: applying the manifests, comparing them with the OLM bundle and asking the
 * SubjectAccessReviews all work on the same parsed objects, read once here.
 */
class DeployManifestsIT {

    static final String NAMESPACE = "openshift-windows-machine-config-operator";
    static final String SERVICE_ACCOUNT = "windows-machine-config-operator";
    static final String USER = "system:serviceaccount:" + NAMESPACE + ":" + SERVICE_ACCOUNT;

    private static ApiClient client;
    private static final Map<String, KubernetesApiResponse<DynamicKubernetesObject>> RESULTS =
            new java.util.LinkedHashMap<>();

    @BeforeAll
    static void applyEverything() throws ApiException {
        client = ClusterFixture.shared().adminClient();
        CoreV1Api core = new CoreV1Api(client);
        for (String ns : List.of("openshift-machine-api", "openshift-machine-config-operator", "openshift-config")) {
            try {
                core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(ns)))
                        .execute();
            } catch (ApiException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
        Path deploy = DeployFiles.deployDir();
        List<Path> files = new ArrayList<>(DeployFiles.yamlFiles(deploy));
        files.addAll(DeployFiles.yamlFiles(deploy.resolve("samples")));
        for (Path file : files) {
            for (Doc doc : DeployFiles.read(file)) {
                RESULTS.put(doc.toString(), DeployFiles.apply(client, doc, "Deployment".equals(doc.kind())));
            }
        }
    }

    @Test
    void everyManifestIsAcceptedByTheApiServer() {
        List<String> refused = new ArrayList<>();
        RESULTS.forEach((what, response) -> {
            if (!response.isSuccess()) {
                refused.add(what + ": " + DeployFiles.failure(response));
            }
        });
        assertEquals(List.of(), refused);
        assertTrue(RESULTS.size() >= 20, "expected every object of deploy/ to be sent, got " + RESULTS.keySet());
        assertTrue(
                RESULTS.keySet().stream().anyMatch(k -> k.startsWith("Deployment " + NAMESPACE + "/")),
                RESULTS.keySet().toString());
    }

    @Test
    void namespaceCarriesTheMonitoringLabel() throws ApiException {
        V1Namespace ns = new CoreV1Api(client).readNamespace(NAMESPACE).execute();

        assertEquals("true", ns.getMetadata().getLabels().get("openshift.io/cluster-monitoring"));
    }

    @Test
    void deploymentAsAdmittedRunsNonRootReadOnlyWithProbesAndDownwardApi() {
        JsonObject deployment = RESULTS.entrySet().stream()
                .filter(e -> e.getKey().startsWith("Deployment " + NAMESPACE + "/"))
                .findFirst()
                .orElseThrow()
                .getValue()
                .getObject()
                .getRaw();
        JsonObject pod =
                deployment.getAsJsonObject("spec").getAsJsonObject("template").getAsJsonObject("spec");
        JsonObject container = pod.getAsJsonArray("containers").get(0).getAsJsonObject();

        assertEquals(SERVICE_ACCOUNT, pod.get("serviceAccountName").getAsString());
        assertTrue(pod.getAsJsonObject("securityContext").get("runAsNonRoot").getAsBoolean());
        JsonObject sc = container.getAsJsonObject("securityContext");
        assertTrue(sc.get("readOnlyRootFilesystem").getAsBoolean());
        assertFalse(sc.get("allowPrivilegeEscalation").getAsBoolean());
        assertEquals(
                "/healthz",
                container
                        .getAsJsonObject("livenessProbe")
                        .getAsJsonObject("httpGet")
                        .get("path")
                        .getAsString());
        assertEquals(
                "/readyz",
                container
                        .getAsJsonObject("readinessProbe")
                        .getAsJsonObject("httpGet")
                        .get("path")
                        .getAsString());
        assertTrue(container.getAsJsonArray("args").toString().contains("--http-port=8080"), container.toString());
        assertTrue(container.getAsJsonArray("args").toString().contains("--leader-elect=true"), container.toString());
        String args = container.getAsJsonArray("args").toString();
        assertTrue(args.contains("--metrics-port=8443"), args);
        assertFalse(args.contains("--metrics-insecure"), "/metrics over TLS in deploy/: " + args);
        assertTrue(args.contains("--metrics-cert-file=/etc/wmco/metrics-tls/tls.crt"), args);
        JsonObject tlsVolume = null;
        for (JsonElement v : pod.getAsJsonArray("volumes")) {
            if ("metrics-tls".equals(v.getAsJsonObject().get("name").getAsString())) {
                tlsVolume = v.getAsJsonObject().getAsJsonObject("secret");
            }
        }
        assertTrue(tlsVolume != null, "the serving certificate Secret is mounted: " + pod);
        assertEquals(
                "windows-machine-config-operator-metrics-tls",
                tlsVolume.get("secretName").getAsString());
        assertTrue(tlsVolume.get("optional").getAsBoolean(), "the pod starts before (or without) the service CA");
        assertTrue(container.getAsJsonObject("resources").has("limits"));
        assertTrue(container.getAsJsonObject("resources").has("requests"));
        Map<String, String> fieldRefs = new java.util.HashMap<>();
        for (JsonElement e : container.getAsJsonArray("env")) {
            JsonObject env = e.getAsJsonObject();
            if (env.has("valueFrom")) {
                fieldRefs.put(
                        env.get("name").getAsString(),
                        env.getAsJsonObject("valueFrom")
                                .getAsJsonObject("fieldRef")
                                .get("fieldPath")
                                .getAsString());
            }
        }
        assertEquals(Map.of("WATCH_NAMESPACE", "metadata.namespace", "POD_NAME", "metadata.name"), fieldRefs);
    }

    @Test
    void olmBundleGrantsTheSamePermissionsAndRunsTheSameDeployment() {
        Path olm = DeployFiles.deployDir().resolve("olm/manifests");
        Doc csv = DeployFiles.yamlFiles(olm).stream()
                .flatMap(f -> DeployFiles.read(f).stream())
                .filter(d -> d.kind().equals("ClusterServiceVersion"))
                .findFirst()
                .orElseThrow();
        JsonObject spec = csv.object().getAsJsonObject("spec");
        JsonObject install = spec.getAsJsonObject("install").getAsJsonObject("spec");
        Path deploy = DeployFiles.deployDir();
        JsonArray clusterRole = DeployFiles.read(deploy.resolve("02-clusterrole.yaml"))
                .get(0)
                .object()
                .getAsJsonArray("rules");
        JsonArray role =
                DeployFiles.read(deploy.resolve("03-role.yaml")).get(0).object().getAsJsonArray("rules");
        JsonObject deployment =
                DeployFiles.read(deploy.resolve("05-deployment.yaml")).get(0).object();

        JsonObject permissions = install.getAsJsonArray("permissions").get(0).getAsJsonObject();
        JsonObject clusterPermissions =
                install.getAsJsonArray("clusterPermissions").get(0).getAsJsonObject();
        assertEquals(SERVICE_ACCOUNT, permissions.get("serviceAccountName").getAsString());
        assertEquals(
                SERVICE_ACCOUNT, clusterPermissions.get("serviceAccountName").getAsString());
        assertEquals(role, permissions.getAsJsonArray("rules"));
        Set<JsonElement> granted = new HashSet<>();
        clusterPermissions.getAsJsonArray("rules").forEach(granted::add);
        for (JsonElement rule : clusterRole) {
            assertTrue(granted.contains(rule), "the CSV lacks the ClusterRole rule " + rule);
        }
        JsonObject bundled = install.getAsJsonArray("deployments").get(0).getAsJsonObject();
        assertEquals(deployment.getAsJsonObject("metadata").get("name"), bundled.get("name"));
        assertEquals(deployment.getAsJsonObject("spec"), bundled.getAsJsonObject("spec"));
        Map<String, Boolean> modes = new java.util.HashMap<>();
        spec.getAsJsonArray("installModes")
                .forEach(m -> modes.put(
                        m.getAsJsonObject().get("type").getAsString(),
                        m.getAsJsonObject().get("supported").getAsBoolean()));
        assertEquals(
                Map.of("OwnNamespace", true, "SingleNamespace", false, "MultiNamespace", false, "AllNamespaces", false),
                modes);
        assertTrue(spec.get("description").getAsString().contains("windows-instances"));
    }

    @Test
    void olmBundleObjectsAreAcceptedByTheApiServer() {
        Path olm = DeployFiles.deployDir().resolve("olm/manifests");
        List<String> refused = new ArrayList<>();
        int sent = 0;
        for (Doc doc : DeployFiles.yamlFiles(olm).stream()
                .flatMap(f -> DeployFiles.read(f).stream())
                .toList()) {
            List<Doc> parts = new ArrayList<>();
            if (doc.kind().equals("ClusterServiceVersion")) {
                // No OLM here: send what OLM would make of it (Deployment, Role, ClusterRole) as dry runs.
                JsonObject install = doc.object()
                        .getAsJsonObject("spec")
                        .getAsJsonObject("install")
                        .getAsJsonObject("spec");
                JsonObject d = install.getAsJsonArray("deployments").get(0).getAsJsonObject();
                parts.add(doc(
                        doc.file(),
                        "apps/v1",
                        "Deployment",
                        d.get("name").getAsString(),
                        NAMESPACE,
                        "spec",
                        d.getAsJsonObject("spec")));
                parts.add(doc(
                        doc.file(),
                        "rbac.authorization.k8s.io/v1",
                        "Role",
                        "wmco-olm-check",
                        NAMESPACE,
                        "rules",
                        install.getAsJsonArray("permissions")
                                .get(0)
                                .getAsJsonObject()
                                .getAsJsonArray("rules")));
                parts.add(doc(
                        doc.file(),
                        "rbac.authorization.k8s.io/v1",
                        "ClusterRole",
                        "wmco-olm-check",
                        "",
                        "rules",
                        install.getAsJsonArray("clusterPermissions")
                                .get(0)
                                .getAsJsonObject()
                                .getAsJsonArray("rules")));
            } else {
                JsonObject copy = doc.object().deepCopy();
                if (doc.kind().equals("Service")) {
                    copy.getAsJsonObject("metadata").addProperty("namespace", NAMESPACE);
                }
                parts.add(new Doc(doc.file(), copy));
            }
            for (Doc part : parts) {
                sent++;
                KubernetesApiResponse<DynamicKubernetesObject> r = DeployFiles.apply(client, part, true);
                if (!r.isSuccess()) {
                    refused.add(part + ": " + DeployFiles.failure(r));
                }
            }
        }
        assertEquals(List.of(), refused);
        assertEquals(5, sent, "CSV (3 parts), ClusterRoleBinding and Service");
    }

    private static Doc doc(
            Path file, String apiVersion, String kind, String name, String namespace, String field, JsonElement value) {
        JsonObject o = new JsonObject();
        o.addProperty("apiVersion", apiVersion);
        o.addProperty("kind", kind);
        JsonObject metadata = new JsonObject();
        metadata.addProperty("name", name);
        if (!namespace.isEmpty()) {
            metadata.addProperty("namespace", namespace);
        }
        o.add("metadata", metadata);
        o.add(field, value.deepCopy());
        return new Doc(file, o);
    }

    /** What the operator does, and neighbouring requests it must not be able to make ({@link RbacCases}). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.wmco.it.deploy.RbacCases#all")
    void serviceAccountMayDoWhatTheOperatorDoesAndNoMore(RbacCases.Case c) throws ApiException {
        assertEquals(
                c.allowed(),
                RbacCases.allowed(
                        client,
                        USER,
                        List.of(
                                "system:serviceaccounts",
                                "system:serviceaccounts:" + NAMESPACE,
                                "system:authenticated"),
                        c),
                c.toString());
    }
}
