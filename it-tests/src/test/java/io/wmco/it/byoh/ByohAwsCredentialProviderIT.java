package io.wmco.it.byoh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wmco.app.payload.PayloadDirectory;
import io.wmco.domain.payload.PayloadFiles;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 8: on AWS the kubelet gets the ECR credential provider (its configuration file, the binary from the
 * payload and the two flags), which the simulated kubelet checks as a real one does at startup; on platform none
 * the node gets none of it.
 */
class ByohAwsCredentialProviderIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = "C:\\k\\credential-provider-config.yaml";
    private static final String BINARY = "C:\\k\\ecr-credential-provider.exe";

    @Test
    void awsNodesGetTheEcrCredentialProvider() throws Exception {
        try (ByohEnvironment env = new ByohEnvironment("aws")) {
            assumeTrue(env.cluster().signsCertificates(), "the cluster does not sign kubelet certificates");
            SimulatedWindowsHost host = env.startHost(0);
            env.instances(Map.of(env.address(0), "username=Administrator"));
            env.startOperator("1.0.0");
            env.awaitConfigured(Duration.ofMinutes(3), "1.0.0", env.nodeName(0));

            List<String> argv = host.service("kubelet").orElseThrow().argv();
            assertTrue(argv.contains("--image-credential-provider-config=" + CONFIG), argv::toString);
            assertTrue(argv.contains("--image-credential-provider-bin-dir=C:\\k"), argv::toString);
            JsonNode config = JSON.readTree(Files.readString(host.resolve(CONFIG)));
            assertEquals("kubelet.config.k8s.io/v1", config.at("/apiVersion").asText());
            assertEquals("CredentialProviderConfig", config.at("/kind").asText());
            assertEquals(
                    "ecr-credential-provider", config.at("/providers/0/name").asText());
            assertEquals(
                    "*.dkr.ecr.*.amazonaws.com",
                    config.at("/providers/0/matchImages/0").asText());
            assertEquals("12h", config.at("/providers/0/defaultCacheDuration").asText());
            assertEquals(
                    "credentialprovider.kubelet.k8s.io/v1",
                    config.at("/providers/0/apiVersion").asText());
            assertEquals(
                    PayloadDirectory.scan(env.payloadDir())
                            .get(PayloadFiles.ECR_CREDENTIAL_PROVIDER)
                            .sha256(),
                    PayloadDirectory.sha256(host.resolve(BINARY)));
            assertEquals(List.of(), host.emulationErrors());
            assertEquals(List.of(), host.unknownCommands());
        }
    }

    @Test
    void nodesOfOtherPlatformsGetNoneOfIt() throws Exception {
        try (ByohEnvironment env = new ByohEnvironment("none")) {
            assumeTrue(env.cluster().signsCertificates(), "the cluster does not sign kubelet certificates");
            SimulatedWindowsHost host = env.startHost(0);
            env.instances(Map.of(env.address(0), "username=Administrator"));
            env.startOperator("1.0.0");
            env.awaitConfigured(Duration.ofMinutes(3), "1.0.0", env.nodeName(0));
            List<String> argv = host.service("kubelet").orElseThrow().argv();
            assertTrue(argv.stream().noneMatch(a -> a.startsWith("--image-credential-provider")), argv::toString);
            assertFalse(Files.exists(host.resolve(CONFIG)));
            assertFalse(Files.exists(host.resolve(BINARY)));
            assertEquals(List.of(), host.emulationErrors());
        }
    }
}
