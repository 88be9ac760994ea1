package io.wmco.it.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No rule of {@code deploy/} is there for nothing: for every rule of every (Cluster)Role, a user bound to that role
 * without the rule loses at least one request of {@link RbacCases} that a user bound to the whole role may make.
 * This is the authorizer's view; that the operator's own scenario needs exactly these requests is the lead's
 * RBAC-proof scenario (see {@link DeployManifestsIT}).
 */
class RbacRuleNecessityIT {

    private static ApiClient client;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    /** What this test created, deleted at the end (so an external cluster is left as it was). */
    private static final List<Doc> CREATED = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void namespaces() throws ApiException {
        client = ClusterFixture.shared().adminClient();
        for (String ns : List.of(
                "openshift-windows-machine-config-operator",
                "openshift-machine-api",
                "openshift-machine-config-operator",
                "openshift-config")) {
            try {
                new CoreV1Api(client)
                        .createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(ns)))
                        .execute();
            } catch (ApiException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    @AfterAll
    static void deleteCreated() {
        for (Doc doc : CREATED) {
            var api = DeployFiles.apiFor(client, doc.apiVersion(), doc.kind());
            var r = doc.namespace().isEmpty() ? api.delete(doc.name()) : api.delete(doc.namespace(), doc.name());
            assertTrue(r.isSuccess() || r.getHttpStatusCode() == 404, doc + ": " + DeployFiles.failure(r));
        }
    }

    /** Every rule of every Role and ClusterRole in deploy/, as (role document, rule index). */
    static Stream<Arguments> rules() {
        Path deploy = DeployFiles.deployDir();
        List<Arguments> out = new ArrayList<>();
        for (Path file : DeployFiles.yamlFiles(deploy)) {
            for (Doc doc : DeployFiles.read(file)) {
                if (doc.kind().equals("Role") || doc.kind().equals("ClusterRole")) {
                    JsonArray rules = doc.object().getAsJsonArray("rules");
                    for (int i = 0; i < rules.size(); i++) {
                        out.add(Arguments.of(doc.toString() + " rule " + i + " " + rules.get(i), doc, i));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void droppingTheRuleDeniesSomethingTheOperatorDoes(String label, Doc role, int index) throws ApiException {
        String id = RUN + "-" + Math.abs(label.hashCode());
        String whole = "wmco-rbac-whole-" + id;
        String without = "wmco-rbac-without-" + id;
        bind(role, -1, whole);
        bind(role, index, without);

        Set<RbacCases.Case> allowedWhole = allowedFor(whole, role);
        Set<RbacCases.Case> allowedWithout = allowedFor(without, role);

        assertFalse(allowedWhole.isEmpty(), "no case of RbacCases is allowed by " + role + " at all");
        assertTrue(allowedWhole.containsAll(allowedWithout), "removing a rule cannot grant more");
        Set<RbacCases.Case> lost = new HashSet<>(allowedWhole);
        lost.removeAll(allowedWithout);
        assertFalse(
                lost.isEmpty(),
                label + " is not needed by any request in RbacCases: drop it, or add the operator "
                        + "request that needs it to RbacCases");
    }

    /** The expected-allowed cases this user may make, once its role and binding are visible to the authorizer. */
    private static Set<RbacCases.Case> allowedFor(String user, Doc role) throws ApiException {
        String ns = role.namespace().isEmpty() ? "default" : role.namespace();
        RbacCases.Case canary = new RbacCases.Case("get", "", "configmaps", ns, "wmco-canary-" + user, true);
        await("role of " + user + " visible to the authorizer")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> RbacCases.allowed(client, user, List.of(), canary));
        Set<RbacCases.Case> allowed = new HashSet<>();
        for (RbacCases.Case c : RbacCases.allowedOnes()) {
            if (RbacCases.allowed(client, user, List.of(), c)) {
                allowed.add(c);
            }
        }
        return allowed;
    }

    /** Creates a copy of the role without rule {@code drop} (-1 keeps all), plus a canary rule, bound to a user. */
    private static void bind(Doc role, int drop, String user) {
        JsonObject copy = role.object().deepCopy();
        JsonArray rules = new JsonArray();
        JsonArray original = copy.getAsJsonArray("rules");
        for (int i = 0; i < original.size(); i++) {
            if (i != drop) {
                rules.add(original.get(i));
            }
        }
        JsonObject canary = new JsonObject();
        canary.add("apiGroups", array(""));
        canary.add("resources", array("configmaps"));
        canary.add("resourceNames", array("wmco-canary-" + user));
        canary.add("verbs", array("get"));
        rules.add(canary);
        copy.add("rules", rules);
        JsonObject metadata = copy.getAsJsonObject("metadata");
        metadata.addProperty("name", user);
        metadata.remove("labels");
        boolean cluster = role.kind().equals("ClusterRole");
        JsonObject binding = new JsonObject();
        binding.addProperty("apiVersion", "rbac.authorization.k8s.io/v1");
        binding.addProperty("kind", cluster ? "ClusterRoleBinding" : "RoleBinding");
        JsonObject bindingMeta = new JsonObject();
        bindingMeta.addProperty("name", user);
        if (!cluster) {
            bindingMeta.addProperty("namespace", role.namespace());
        }
        binding.add("metadata", bindingMeta);
        JsonObject roleRef = new JsonObject();
        roleRef.addProperty("apiGroup", "rbac.authorization.k8s.io");
        roleRef.addProperty("kind", role.kind());
        roleRef.addProperty("name", user);
        binding.add("roleRef", roleRef);
        JsonObject subject = new JsonObject();
        subject.addProperty("apiGroup", "rbac.authorization.k8s.io");
        subject.addProperty("kind", "User");
        subject.addProperty("name", user);
        JsonArray subjects = new JsonArray();
        subjects.add(subject);
        binding.add("subjects", subjects);
        for (JsonObject o : List.of(copy, binding)) {
            Doc doc = new Doc(role.file(), o);
            KubernetesApiResponse<DynamicKubernetesObject> r = DeployFiles.apply(client, doc, false);
            assertTrue(r.isSuccess(), o.get("kind") + " " + user + ": " + DeployFiles.failure(r));
            CREATED.add(doc);
        }
    }

    private static JsonArray array(String value) {
        JsonArray a = new JsonArray();
        a.add(value);
        return a;
    }
}
