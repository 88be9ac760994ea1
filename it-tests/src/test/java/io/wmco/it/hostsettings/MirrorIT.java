package io.wmco.it.hostsettings;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.wmco.domain.hostsettings.TestCertificates;
import io.wmco.domain.remote.CommandKind;
import io.wmco.it.byoh.ByohEnvironment;
import io.wmco.it.support.ClusterFixture;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 2 with the mirror-set CRDs installed on a plain Kubernetes cluster, as an administrator would (on
 * OpenShift they are built in; the operator reads them the same way): an {@code ImageDigestMirrorSet} and an
 * {@code ImageTagMirrorSet} become containerd {@code hosts.toml} directories on the node with the mirror's CA from
 * the {@code wmco-registry-cas} ConfigMap; a deleted set takes its directory with it, without a reconfiguration.
 */
class MirrorIT {
    private static final String VERSION = "1.0.0";
    private static final String REGISTRIES = "C:\\k\\containerd\\registries\\";
    private ByohEnvironment env;
    private DynamicKubernetesApi digestSets;
    private DynamicKubernetesApi tagSets;

    @BeforeEach
    void setUp() throws Exception {
        ClusterFixture.ensureOpenShiftCrds();
        env = new ByohEnvironment(null, null);
        assumeTrue(env.cluster().signsCertificates(), "the cluster does not sign kubelet certificates");
        digestSets = new DynamicKubernetesApi("config.openshift.io", "v1", "imagedigestmirrorsets", env.admin());
        tagSets = new DynamicKubernetesApi("config.openshift.io", "v1", "imagetagmirrorsets", env.admin());
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            digestSets.delete(name("release"));
            tagSets.delete(name("tags"));
        } finally {
            env.close();
        }
    }

    private String name(String what) {
        return "wmco-it-" + env.id() + "-" + what;
    }

    @Test
    void mirrorSetsBecomeHostsTomlDirectoriesAndGoWithTheirSets() throws Exception {
        SimulatedWindowsHost host = env.startHost(0);
        String node = env.nodeName(0);
        env.instances(Map.of(env.address(0), "username=Administrator"));
        env.core()
                .createNamespacedConfigMap(
                        env.namespace(),
                        new V1ConfigMap()
                                .metadata(new V1ObjectMeta().name("wmco-registry-cas"))
                                .data(Map.of("mirror.example.com..5000", TestCertificates.A)))
                .execute();
        create(digestSets, "ImageDigestMirrorSet", name("release"), "imageDigestMirrors", """
                [{"source": "quay.io/openshift-release-dev/ocp-release",
                  "mirrors": ["mirror.example.com:5000/ocp/release"]}]""");
        create(tagSets, "ImageTagMirrorSet", name("tags"), "imageTagMirrors", """
                [{"source": "registry.internal:8443", "mirrors": ["mirror.example.com:5000"],
                  "mirrorSourcePolicy": "NeverContactSource"},
                 {"source": "*.example.org", "mirrors": ["mirror.example.com:5000"]}]""");
        env.startOperator(VERSION);
        env.awaitConfigured(Duration.ofMinutes(3), VERSION, node);

        Path quay = host.resolve(REGISTRIES + "quay.io\\hosts.toml");
        Path internal = host.resolve(REGISTRIES + "registry.internal_8443_\\hosts.toml");
        await("both registry directories")
                .atMost(Duration.ofSeconds(30))
                .until(() -> Files.isRegularFile(quay) && Files.isRegularFile(internal));
        String quayToml = Files.readString(quay);
        assertTrue(quayToml.contains("server = \"https://quay.io\"\n"), quayToml);
        assertTrue(
                quayToml.contains("[host.\"https://mirror.example.com:5000/v2/ocp/release\"]\n"
                        + "  capabilities = [\"pull\"]\n  override_path = true\n"
                        + "  ca = 'C:\\k\\containerd\\registries\\quay.io\\mirror.example.com_5000_.crt'\n"),
                quayToml);
        assertEquals(
                TestCertificates.A,
                Files.readString(host.resolve(REGISTRIES + "quay.io\\mirror.example.com_5000_.crt")));
        String internalToml = Files.readString(internal);
        // NeverContactSource: the mirror is the server, the source is never named
        assertTrue(internalToml.contains("server = \"https://mirror.example.com:5000\"\n"), internalToml);
        assertTrue(!internalToml.contains("https://registry.internal"), internalToml);
        await("the wildcard entry reported on its set")
                .atMost(Duration.ofSeconds(30))
                .until(() -> env.events("default", "InvalidHostSettings").stream()
                        .anyMatch(e -> name("tags").equals(e.getInvolvedObject().getName())
                                && e.getMessage().contains("entry 2: wildcard source")));
        int creates = host.commandsOf(CommandKind.SERVICE_CREATE).size();

        // the tag set goes: its directory goes, the other stays, nothing is reconfigured
        tagSets.delete(name("tags")).throwsApiException();
        await("registry.internal's directory removed")
                .atMost(Duration.ofMinutes(1))
                .until(() -> registryDirectories(host).equals(List.of("quay.io")));
        assertEquals(quayToml, Files.readString(quay));

        // the CA goes: the file goes and hosts.toml no longer names it
        env.core()
                .deleteNamespacedConfigMap("wmco-registry-cas", env.namespace())
                .execute();
        await("the mirror CA removed")
                .atMost(Duration.ofMinutes(1))
                .until(() -> !Files.exists(host.resolve(REGISTRIES + "quay.io\\mirror.example.com_5000_.crt"))
                        && !Files.readString(quay).contains("ca = "));

        // the digest set goes: nothing left
        digestSets.delete(name("release")).throwsApiException();
        await("no registry directory left")
                .atMost(Duration.ofMinutes(1))
                .until(() -> registryDirectories(host).isEmpty());
        assertEquals(creates, host.commandsOf(CommandKind.SERVICE_CREATE).size());
        assertEquals(
                VERSION,
                ByohEnvironment.annotation(env.node(node).orElseThrow(), "windowsmachineconfig.openshift.io/version"));
        assertEquals(List.of(), host.unknownCommands());
    }

    private static List<String> registryDirectories(SimulatedWindowsHost host) throws Exception {
        Path dir = host.resolve(REGISTRIES);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void create(DynamicKubernetesApi api, String kind, String name, String field, String entries) {
        String json = "{\"apiVersion\": \"config.openshift.io/v1\", \"kind\": \"" + kind
                + "\", \"metadata\": {\"name\": \"" + name + "\"}, \"spec\": {\"" + field + "\": " + entries + "}}";
        var r = api.create(
                new DynamicKubernetesObject(JsonParser.parseString(json).getAsJsonObject()));
        assertTrue(r.isSuccess(), "create " + kind + " " + name + ": " + r.getStatus());
    }
}
