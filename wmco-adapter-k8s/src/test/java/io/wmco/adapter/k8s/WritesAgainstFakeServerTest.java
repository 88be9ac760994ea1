package io.wmco.adapter.k8s;

import static io.wmco.adapter.k8s.FakeApiServer.ok;
import static io.wmco.adapter.k8s.FakeApiServer.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.informer.cache.Cache;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestSpec;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1Secret;
import io.wmco.domain.node.MetadataPatch;
import io.wmco.ports.cluster.ClusterException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The few write paths whose HTTP shape matters: retried conflicts, no-op writes, eviction refusals. */
class WritesAgainstFakeServerTest {
    private static final String CSR_PATH = "/apis/certificates.k8s.io/v1/certificatesigningrequests/csr-1";
    private static final String SECRET_PATH = "/api/v1/namespaces/ops/secrets/cloud-private-key";

    private FakeApiServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeApiServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void approvalRetriesAConflictByReReadingAndUsesTheApprovalSubresource() {
        String csr = JSON.serialize(new V1CertificateSigningRequest()
                .metadata(new V1ObjectMeta().name("csr-1").resourceVersion("7"))
                .spec(new V1CertificateSigningRequestSpec()
                        .request(new byte[] {1})
                        .signerName("kubernetes.io/kubelet-serving")));
        server.on("GET", CSR_PATH, ok(csr)).on("PUT", CSR_PATH + "/approval", status(409, "Conflict"), ok(csr));
        var csrs = new KubeCertificateSigningRequests(server.client(), new Lister<>(new Cache<>()), Clock.systemUTC());

        assertTrue(csrs.approve("csr-1", "WMCOApproved", "approved by the Windows Machine Config Operator"));

        var puts = server.requests("PUT", CSR_PATH + "/approval");
        assertEquals(2, puts.size());
        assertEquals(2, server.requests("GET", CSR_PATH).size());
        assertTrue(
                puts.get(1).contentType().startsWith("application/json"),
                puts.get(1).contentType());
        assertTrue(
                puts.get(1).body().contains("\"type\":\"Approved\""),
                puts.get(1).body());
        assertTrue(
                puts.get(1).body().contains("\"reason\":\"WMCOApproved\""),
                puts.get(1).body());
    }

    @Test
    void approvalOfAMissingCsrReportsFalse() {
        var csrs = new KubeCertificateSigningRequests(server.client(), new Lister<>(new Cache<>()), Clock.systemUTC());
        assertFalse(csrs.approve("csr-1", "R", "m"));
        assertTrue(server.writes().isEmpty());
    }

    @Test
    void secretApplyWritesNothingWhenDataAndLabelsAreEqual() {
        byte[] key = "pem".getBytes(StandardCharsets.UTF_8);
        server.on(
                "GET",
                SECRET_PATH,
                ok(JSON.serialize(new V1Secret()
                        .metadata(new V1ObjectMeta()
                                .name("cloud-private-key")
                                .namespace("ops")
                                .labels(Map.of("a", "b")))
                        .data(Map.of("private-key.pem", key)))));
        var store = new KubeSecretStore(server.client(), List.of());

        assertFalse(store.apply("ops", "cloud-private-key", Map.of("private-key.pem", key.clone()), Map.of("a", "b")));
        assertTrue(server.writes().isEmpty());
    }

    @Test
    void secretApplyReplacesChangedDataAndNeverPutsItInTheError() {
        server.on(
                        "GET",
                        SECRET_PATH,
                        ok(JSON.serialize(new V1Secret()
                                .metadata(new V1ObjectMeta()
                                        .name("cloud-private-key")
                                        .namespace("ops"))
                                .data(Map.of("private-key.pem", "old".getBytes(StandardCharsets.UTF_8))))))
                .on(
                        "PUT",
                        SECRET_PATH,
                        new FakeApiServer.Answer(
                                422, "{\"kind\":\"Status\",\"message\":\"bad value bmV3LXNlY3JldA==\",\"code\":422}"));
        var store = new KubeSecretStore(server.client(), List.of());

        ClusterException e = assertThrows(
                ClusterException.class,
                () -> store.apply(
                        "ops",
                        "cloud-private-key",
                        Map.of("private-key.pem", "new-secret".getBytes(StandardCharsets.UTF_8)),
                        Map.of()));

        assertEquals(ClusterException.Kind.REJECTED, e.kind());
        assertFalse(e.getMessage().contains("bmV3LXNlY3JldA=="), e.getMessage());
        assertEquals(1, server.requests("PUT", SECRET_PATH).size());
    }

    @Test
    void drainSkipsDaemonSetAndMirrorPodsAndReportsABudgetRefusalAsRetryable() {
        server.on("GET", "/api/v1/nodes/w1", ok(JSON.serialize(new V1Node().metadata(new V1ObjectMeta().name("w1")))))
                .on(
                        "GET",
                        "/api/v1/pods",
                        ok(JSON.serialize(new V1PodList()
                                .items(List.of(
                                        pod(
                                                "ds-pod",
                                                new V1OwnerReference()
                                                        .kind("DaemonSet")
                                                        .name("ds")
                                                        .apiVersion("apps/v1")
                                                        .uid("u")
                                                        .controller(true)),
                                        new V1Pod()
                                                .metadata(new V1ObjectMeta()
                                                        .name("mirror")
                                                        .namespace("app")
                                                        .annotations(
                                                                Map.of(KubeNodeRepository.MIRROR_POD_ANNOTATION, "x"))),
                                        pod("web", null))))))
                .on("POST", "/api/v1/namespaces/app/pods/web/eviction", status(429, "TooManyRequests"));
        var nodes = new KubeNodeRepository(server.client(), new Lister<>(new Cache<>()));

        ClusterException e = assertThrows(ClusterException.class, () -> nodes.drain("w1"));

        assertTrue(e.retryable());
        assertEquals(429, e.status());
        assertTrue(e.getMessage().contains("app/web"), e.getMessage());
        assertEquals(
                List.of("/api/v1/namespaces/app/pods/web/eviction"),
                server.writes().stream().map(FakeApiServer.Request::path).toList());
        assertEquals(
                "fieldSelector=spec.nodeName=w1",
                server.requests("GET", "/api/v1/pods").get(0).query());
    }

    @Test
    void drainOfAMissingNodeReportsFalseAndDeleteOfAMissingNodeIsDone() {
        var nodes = new KubeNodeRepository(server.client(), new Lister<>(new Cache<>()));
        assertFalse(nodes.drain("gone"));
        nodes.delete("gone");
        assertEquals(1, server.requests("DELETE", "/api/v1/nodes/gone").size());
    }

    @Test
    void metadataPatchIsAMergePatchThatDeletesWithNull() {
        server.on(
                "PATCH", "/api/v1/nodes/w1", ok(JSON.serialize(new V1Node().metadata(new V1ObjectMeta().name("w1")))));
        var nodes = new KubeNodeRepository(server.client(), new Lister<>(new Cache<>()));

        assertTrue(nodes.patchMetadata("w1", new MetadataPatch(Map.of("l", "v"), Map.of(), Set.of(), Set.of("old")))
                .isPresent());

        var patch = server.requests("PATCH", "/api/v1/nodes/w1").get(0);
        assertEquals("application/merge-patch+json", patch.contentType().split(";")[0]);
        assertEquals("{\"metadata\":{\"labels\":{\"l\":\"v\"},\"annotations\":{\"old\":null}}}", patch.body());
    }

    @Test
    void patchesAndCordonsTheCacheAlreadySatisfiesSendNothing() {
        Cache<V1Node> cache = new Cache<>();
        cache.add(new V1Node()
                .metadata(new V1ObjectMeta().name("w1").labels(Map.of("l", "v")))
                .spec(new V1NodeSpec().unschedulable(true)));
        var nodes = new KubeNodeRepository(server.client(), new Lister<>(cache));

        assertEquals(
                "v",
                nodes.patchMetadata("w1", new MetadataPatch(Map.of("l", "v"), Map.of(), Set.of(), Set.of("absent")))
                        .orElseThrow()
                        .labels()
                        .get("l"));
        assertTrue(nodes.setUnschedulable("w1", true));
        assertTrue(server.requests.isEmpty(), "no request expected, got " + server.requests);

        nodes.setUnschedulable("w1", false);
        assertEquals(1, server.requests("PATCH", "/api/v1/nodes/w1").size(), "uncordon must be sent");
    }

    private static V1Pod pod(String name, V1OwnerReference owner) {
        V1ObjectMeta meta = new V1ObjectMeta().name(name).namespace("app");
        if (owner != null) {
            meta.ownerReferences(List.of(owner));
        }
        return new V1Pod().metadata(meta);
    }
}
