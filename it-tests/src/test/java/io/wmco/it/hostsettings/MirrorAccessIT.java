package io.wmco.it.hostsettings;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.wmco.domain.hostsettings.TestCertificates;
import io.wmco.domain.remote.CommandKind;
import io.wmco.it.byoh.ByohEnvironment;
import io.wmco.it.faults.OperatorLog;
import io.wmco.it.support.ClusterFixture;
import io.wmco.it.support.Deletes;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 2, what a mirror needs besides its set, as on OpenShift (the image config CRD installed on the plain
 * cluster for this test only): the mirror CA from the ConfigMap {@code image.config.openshift.io/cluster} names in
 * {@code spec.additionalTrustedCA} (winning over {@code wmco-registry-cas} for the same host), and the mirror's
 * credentials from {@code openshift-config/pull-secret} as an {@code Authorization} header in {@code hosts.toml}. A
 * changed credential is rewritten, a removed one and a removed CA go, all without a reconfiguration, and no
 * credential reaches the operator's log or its events.
 */
class MirrorAccessIT {
    private static final String VERSION = "1.0.0";
    private static final String REGISTRIES = "C:\\k\\containerd\\registries\\";
    private static final String OPENSHIFT_CONFIG = "openshift-config";
    private static final String MIRROR = "mirror.example.com:5000";
    private static final String USER = "robot-wmco-it";
    private static final String PASSWORD_1 = "first-mirror-password-9f3c";
    private static final String PASSWORD_2 = "second-mirror-password-7a1e";

    private ByohEnvironment env;
    private DynamicKubernetesApi digestSets;
    private DynamicKubernetesApi images;
    private OperatorLog log;
    private String caConfigMap;

    @BeforeEach
    void setUp() throws Exception {
        ClusterFixture.ensureOpenShiftCrds();
        env = new ByohEnvironment(null, null);
        assumeTrue(env.cluster().signsCertificates(), "the cluster does not sign kubelet certificates");
        ClusterFixture.ensureImageConfigCrd();
        digestSets = new DynamicKubernetesApi("config.openshift.io", "v1", "imagedigestmirrorsets", env.admin());
        images = new DynamicKubernetesApi("config.openshift.io", "v1", "images", env.admin());
        caConfigMap = "wmco-it-" + env.id() + "-registry-cas";
        try {
            env.core()
                    .createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(OPENSHIFT_CONFIG)))
                    .execute();
        } catch (ApiException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        log = OperatorLog.capture();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (log != null) {
            log.close();
        }
        // the operators stop first, so that no informer watches what is deleted next
        env.close();
        if (digestSets != null) {
            digestSets.delete("wmco-it-" + env.id() + "-release");
            Deletes.ignoringMissing(() -> env.core()
                    .deleteNamespacedSecret("pull-secret", OPENSHIFT_CONFIG)
                    .execute());
            Deletes.ignoringMissing(() -> env.core()
                    .deleteNamespacedConfigMap(caConfigMap, OPENSHIFT_CONFIG)
                    .execute());
            ClusterFixture.removeImageConfigCrd();
        }
    }

    @Test
    void imageConfigCasAndPullSecretCredentialsReachHostsTomlAndGoWithTheirSources() throws Exception {
        SimulatedWindowsHost host = env.startHost(0);
        String node = env.nodeName(0);
        env.instances(Map.of(env.address(0), "username=Administrator"));
        env.core()
                .createNamespacedConfigMap(
                        env.namespace(),
                        new V1ConfigMap()
                                .metadata(new V1ObjectMeta().name("wmco-registry-cas"))
                                .data(Map.of("mirror.example.com..5000", TestCertificates.B)))
                .execute();
        env.core()
                .createNamespacedConfigMap(
                        OPENSHIFT_CONFIG,
                        new V1ConfigMap()
                                .metadata(new V1ObjectMeta().name(caConfigMap))
                                .data(Map.of("mirror.example.com..5000", TestCertificates.A)))
                .execute();
        createImageConfig(caConfigMap);
        env.core()
                .createNamespacedSecret(OPENSHIFT_CONFIG, pullSecret(PASSWORD_1))
                .execute();
        String json = "{\"apiVersion\": \"config.openshift.io/v1\", \"kind\": \"ImageDigestMirrorSet\","
                + " \"metadata\": {\"name\": \"wmco-it-" + env.id() + "-release\"}, \"spec\": {\"imageDigestMirrors\":"
                + " [{\"source\": \"quay.io/openshift-release-dev/ocp-release\", \"mirrors\": [\"" + MIRROR
                + "/ocp/release\"]}]}}";
        assertTrue(digestSets
                .create(new DynamicKubernetesObject(JsonParser.parseString(json).getAsJsonObject()))
                .isSuccess());
        env.startOperator(VERSION);
        env.awaitConfigured(Duration.ofMinutes(3), VERSION, node);

        Path quay = host.resolve(REGISTRIES + "quay.io\\hosts.toml");
        Path ca = host.resolve(REGISTRIES + "quay.io\\mirror.example.com_5000_.crt");
        String header = "  [host.\"https://" + MIRROR + "/v2/ocp/release\".header]\n" + "    Authorization = \"Basic "
                + token(PASSWORD_1) + "\"\n";
        await("hosts.toml with the mirror's credentials")
                .atMost(Duration.ofSeconds(30))
                .until(() -> Files.isRegularFile(quay) && Files.readString(quay).contains(header));
        // the image config's CA wins over wmco-registry-cas for the same host, which is reported
        assertEquals(TestCertificates.A, Files.readString(ca));
        await("the shadowed wmco-registry-cas key reported")
                .atMost(Duration.ofSeconds(30))
                .until(() -> env.events("InvalidHostSettings").stream()
                        .anyMatch(e -> e.getMessage().contains("key mirror.example.com..5000 is not used")));
        int creates = host.commandsOf(CommandKind.SERVICE_CREATE).size();

        // a new password: hosts.toml rewritten in place
        V1Secret changed = pullSecret(PASSWORD_2);
        env.core()
                .replaceNamespacedSecret("pull-secret", OPENSHIFT_CONFIG, changed)
                .execute();
        await("hosts.toml with the new credentials")
                .atMost(Duration.ofMinutes(1))
                .until(() -> Files.readString(quay).contains(token(PASSWORD_2)));
        assertFalse(Files.readString(quay).contains(token(PASSWORD_1)));

        // the pull secret goes: so does the header
        env.core().deleteNamespacedSecret("pull-secret", OPENSHIFT_CONFIG).execute();
        await("no credentials left in hosts.toml")
                .atMost(Duration.ofMinutes(1))
                .until(() -> !Files.readString(quay).contains("Authorization"));

        // the image config no longer names a CA: wmco-registry-cas's is used; that goes too: no CA left
        createOrReplaceImageConfig(null);
        await("the wmco-registry-cas CA in use")
                .atMost(Duration.ofMinutes(1))
                .until(() -> Files.isRegularFile(ca) && Files.readString(ca).equals(TestCertificates.B));
        env.core()
                .deleteNamespacedConfigMap("wmco-registry-cas", env.namespace())
                .execute();
        await("no mirror CA left")
                .atMost(Duration.ofMinutes(1))
                .until(() -> !Files.exists(ca) && !Files.readString(quay).contains("ca = "));

        assertEquals(creates, host.commandsOf(CommandKind.SERVICE_CREATE).size(), "nothing was reconfigured");
        assertEquals(List.of(), host.unknownCommands());
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String password : List.of(PASSWORD_1, PASSWORD_2)) {
            secrets.put("password", password);
            secrets.put("basic token", token(password));
            secrets.put(
                    "pull secret data",
                    Base64.getEncoder().encodeToString(dockerConfig(password).getBytes(UTF_8)));
            secrets.put("user name", USER);
            assertEquals(List.of(), log.linesContaining(secrets), "credentials in the operator's log");
        }
        assertFalse(log.lines().isEmpty(), "the operator's log was captured");
        for (String ns : List.of(env.namespace(), OPENSHIFT_CONFIG, "default")) {
            env.core().listNamespacedEvent(ns).execute().getItems().forEach(e -> {
                for (String password : List.of(PASSWORD_1, PASSWORD_2)) {
                    assertFalse(String.valueOf(e.getMessage()).contains(password), e.getMessage());
                    assertFalse(String.valueOf(e.getMessage()).contains(token(password)), e.getMessage());
                }
            });
        }
    }

    private static String token(String password) {
        return Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(UTF_8));
    }

    private static String dockerConfig(String password) {
        return "{\"auths\": {\"" + MIRROR + "\": {\"auth\": \"" + token(password) + "\"},"
                + " \"quay.io\": {\"auth\": \"" + token("quay-" + password) + "\"}}}";
    }

    private static V1Secret pullSecret(String password) {
        return new V1Secret()
                .metadata(new V1ObjectMeta().name("pull-secret").namespace(OPENSHIFT_CONFIG))
                .type("kubernetes.io/dockerconfigjson")
                .data(Map.of(".dockerconfigjson", dockerConfig(password).getBytes(UTF_8)));
    }

    private void createImageConfig(String caName) {
        var r = images.create(imageConfig(caName, null));
        assertTrue(r.isSuccess(), "create image config: " + r.getStatus());
    }

    private void createOrReplaceImageConfig(String caName) {
        var current = images.get("cluster");
        assertTrue(current.isSuccess(), "read image config: " + current.getStatus());
        var r = images.update(
                imageConfig(caName, current.getObject().getMetadata().getResourceVersion()));
        assertTrue(r.isSuccess(), "update image config: " + r.getStatus());
    }

    private static DynamicKubernetesObject imageConfig(String caName, String resourceVersion) {
        String spec = caName == null ? "{}" : "{\"additionalTrustedCA\": {\"name\": \"" + caName + "\"}}";
        String rv = resourceVersion == null ? "" : ", \"resourceVersion\": \"" + resourceVersion + "\"";
        return new DynamicKubernetesObject(JsonParser.parseString("{\"apiVersion\": \"config.openshift.io/v1\","
                        + " \"kind\": \"Image\", \"metadata\": {\"name\": \"cluster\"" + rv + "}, \"spec\": " + spec
                        + "}")
                .getAsJsonObject());
    }
}
