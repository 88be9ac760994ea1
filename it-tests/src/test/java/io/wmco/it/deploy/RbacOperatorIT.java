package io.wmco.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.wmco.it.byoh.ByohEnvironment;
import io.wmco.it.support.ClusterFixture;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The deployment's RBAC is enough: with the manifests of {@code deploy/} applied, an operator whose every request
 * impersonates its ServiceAccount onboards a BYOH host, approves its kubelet's CSR, and deconfigures it again.
 */
class RbacOperatorIT {

    @Test
    void operatorRunsTheByohScenarioWithItsServiceAccountOnly() throws Exception {
        ApiClient admin = ClusterFixture.shared().adminClient();
        assumeTrue(ClusterFixture.shared().signsCertificates(), "the cluster does not sign kubelet certificates");
        CoreV1Api core = new CoreV1Api(admin);
        for (String ns : List.of("openshift-machine-api", "openshift-machine-config-operator", "openshift-config")) {
            try {
                core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(ns)))
                        .execute();
            } catch (ApiException e) {
                assertEquals(409, e.getCode(), e.getResponseBody());
            }
        }
        List<String> refused = new ArrayList<>();
        for (Path file : DeployFiles.yamlFiles(DeployFiles.deployDir())) {
            for (DeployFiles.Doc doc : DeployFiles.read(file)) {
                KubernetesApiResponse<DynamicKubernetesObject> r =
                        DeployFiles.apply(admin, doc, "Deployment".equals(doc.kind()));
                if (!r.isSuccess()) {
                    refused.add(doc + ": " + DeployFiles.failure(r));
                }
            }
        }
        assertEquals(List.of(), refused);

        ApiClient asServiceAccount = ClusterFixture.shared().adminClient();
        asServiceAccount.addDefaultHeader("Impersonate-User", DeployManifestsIT.USER);
        try (ByohEnvironment env = new ByohEnvironment(DeployManifestsIT.NAMESPACE, asServiceAccount)) {
            SimulatedWindowsHost host = env.startHost(0);
            env.instances(Map.of(env.address(0), "username=Administrator"));
            env.startOperator("1.0.0", "--leader-elect=true", "--lease-duration=6s");
            env.awaitConfigured(Duration.ofMinutes(3), "1.0.0", env.nodeName(0));
            String publicKey = new io.wmco.adapter.ssh.MinaKeyPairReader()
                    .authorizedKeyLine(io.wmco.ports.remote.SshCredentials.ofPem(env.privateKeyPem()))
                    .split(" ")[1];
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> new String(
                                    core.readNamespacedSecret("windows-user-data", "openshift-machine-api")
                                            .execute()
                                            .getData()
                                            .get("userData"),
                                    java.nio.charset.StandardCharsets.UTF_8)
                            .contains(publicKey));

            env.deleteInstances();
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .until(() -> env.node(env.nodeName(0)).isEmpty());
            assertTrue(host.services().isEmpty(), host.services().toString());
            assertEquals(List.of(), host.unknownCommands());
        }
    }
}
