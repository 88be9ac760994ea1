package io.wmco.it.incluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AuthenticationV1Api;
import io.kubernetes.client.openapi.models.V1SelfSubjectReview;
import io.kubernetes.client.openapi.models.V1UserInfo;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import io.wmco.it.deploy.DeployFiles;
import io.wmco.it.deploy.RbacCases;
import io.wmco.it.support.Kubectl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The RBAC of {@code deploy/} with the deployed operator pod's own token, read from the file the kubelet mounted
 * (what the operator itself sends), instead of impersonation: the token is the ServiceAccount's and bound to that
 * pod; every request of {@link RbacCases} is allowed or denied as the table says; and for each rule of each Role and
 * ClusterRole, the live role without that rule denies the token something the whole role allowed (the role is
 * restored after each case).
 */
class OperatorPodTokenRbacIT {
    private static final String TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";
    private static final Duration AUTHORIZER = Duration.ofSeconds(30);

    private static InClusterEnvironment env;
    private static ApiClient asPod;
    private static String podName;

    @BeforeAll
    static void podToken() throws Exception {
        env = InClusterEnvironment.create();
        env.deploy(1);
        podName = env.awaitReadyPods(1).get(0).getMetadata().getName();
        String token = Kubectl.run("exec", "-n", InClusterEnvironment.NAMESPACE, podName, "--", "cat", TOKEN)
                .strip();
        asPod = new ClientBuilder()
                .setBasePath(env.cluster().apiServerUrl())
                .setCertificateAuthority(env.cluster().caCertificatePem())
                .setAuthentication(new AccessTokenAuthentication(token))
                .build();
    }

    @AfterAll
    static void close() throws Exception {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void theMountedTokenIsTheServiceAccountsBoundToThePod() throws ApiException {
        V1UserInfo user = new AuthenticationV1Api(asPod)
                .createSelfSubjectReview(new V1SelfSubjectReview())
                .execute()
                .getStatus()
                .getUserInfo();

        assertEquals(
                "system:serviceaccount:" + InClusterEnvironment.NAMESPACE + ":" + InClusterEnvironment.SERVICE_ACCOUNT,
                user.getUsername());
        assertEquals(List.of(podName), user.getExtra().get("authentication.kubernetes.io/pod-name"));
    }

    @Test
    void everyRequestOfTheTableIsAllowedOrDeniedAsItSays() throws ApiException {
        List<String> wrong = new ArrayList<>();
        for (RbacCases.Case c : RbacCases.all().toList()) {
            if (RbacCases.allowedForSelf(asPod, c) != c.allowed()) {
                wrong.add(c.toString());
            }
        }

        assertEquals(List.of(), wrong);
    }

    /** Every rule of every Role and ClusterRole in deploy/, as (label, role document, rule index). */
    static Stream<Arguments> rules() {
        List<Arguments> out = new ArrayList<>();
        for (Path file : DeployFiles.yamlFiles(DeployFiles.deployDir())) {
            for (DeployFiles.Doc doc : DeployFiles.read(file)) {
                if (doc.kind().equals("Role") || doc.kind().equals("ClusterRole")) {
                    JsonArray rules = doc.object().getAsJsonArray("rules");
                    for (int i = 0; i < rules.size(); i++) {
                        out.add(Arguments.of(doc + " rule " + i + " " + rules.get(i), doc, i));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void withoutTheRuleTheTokenLosesARequestTheOperatorMakes(String label, DeployFiles.Doc role, int index) {
        JsonObject without = role.object().deepCopy();
        JsonArray kept = new JsonArray();
        JsonArray rules = without.getAsJsonArray("rules");
        for (int i = 0; i < rules.size(); i++) {
            if (i != index) {
                kept.add(rules.get(i));
            }
        }
        without.add("rules", kept);
        replace(new DeployFiles.Doc(role.file(), without));
        try {
            List<RbacCases.Case> lost = await(label + " missing: a request denied")
                    .atMost(AUTHORIZER)
                    .pollInterval(Duration.ofMillis(200))
                    .until(OperatorPodTokenRbacIT::deniedOfTheAllowed, d -> !d.isEmpty());
            assertTrue(!lost.isEmpty(), label);
        } finally {
            replace(role);
            await("role restored")
                    .atMost(AUTHORIZER)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> deniedOfTheAllowed().isEmpty());
        }
    }

    private static void replace(DeployFiles.Doc doc) {
        var r = DeployFiles.apply(env.admin(), doc, false);
        assertTrue(r.isSuccess(), doc + ": " + DeployFiles.failure(r));
    }

    /** The requests the table allows that the token is denied now. */
    private static List<RbacCases.Case> deniedOfTheAllowed() throws ApiException {
        List<RbacCases.Case> denied = new ArrayList<>();
        for (RbacCases.Case c : RbacCases.allowedOnes()) {
            if (!RbacCases.allowedForSelf(asPod, c)) {
                denied.add(c);
            }
        }
        return denied;
    }
}
