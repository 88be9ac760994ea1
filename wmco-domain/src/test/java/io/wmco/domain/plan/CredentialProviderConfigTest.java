package io.wmco.domain.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wmco.domain.payload.PayloadFiles;
import io.wmco.domain.platform.Platform;
import io.wmco.domain.platform.PlatformProfiles;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CredentialProviderConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theEcrConfigurationMatchesTheExpectedFile() throws Exception {
        String text = CredentialProviderConfig.ecr();
        Golden.assertMatches("credential-provider-config.yaml", text);
        JsonNode tree = JSON.readTree(text);
        assertEquals("kubelet.config.k8s.io/v1", tree.at("/apiVersion").asText());
        assertEquals("ecr-credential-provider", tree.at("/providers/0/name").asText());
        assertEquals(5, tree.at("/providers/0/matchImages").size());
        assertEquals("12h", tree.at("/providers/0/defaultCacheDuration").asText());
        assertEquals(
                "credentialprovider.kubelet.k8s.io/v1",
                tree.at("/providers/0/apiVersion").asText());
    }

    @ParameterizedTest
    @EnumSource(Platform.class)
    void onlyAwsNodesGetTheProviderItsBinaryAndTheKubeletFlags(Platform platform) {
        NodeTarget target = new NodeTarget("10.0.0.5", "10.0.0.5", "win-abcde", true);
        ConfigurationPlan plan = ((PlanResult.Planned)
                        ConfigurationPlanner.configure(PlanFixtures.inputs(platform, target, Optional.empty())))
                .plan();
        boolean aws = platform == Platform.AWS;
        assertEquals(
                aws,
                plan.steps().stream()
                        .anyMatch(s -> s instanceof FileStep.Transfer t
                                && t.payloadName().equals(PayloadFiles.ECR_CREDENTIAL_PROVIDER)
                                && t.remotePath().equals("C:\\k\\ecr-credential-provider.exe")));
        assertEquals(
                aws,
                plan.steps().stream()
                        .anyMatch(s -> s instanceof FileStep.Write w
                                && w.remotePath().equals(NodeLayout.CREDENTIAL_PROVIDER_CONFIG)));
        List<String> kubelet =
                Services.kubelet(PlatformProfiles.of(platform), target).args();
        assertEquals(
                aws, kubelet.contains("--image-credential-provider-config=C:\\k\\credential-provider-config.yaml"));
        assertEquals(aws, kubelet.contains("--image-credential-provider-bin-dir=C:\\k"));
        assertEquals(
                aws,
                PayloadFiles.requiredFor(PlatformProfiles.of(platform)).contains(PayloadFiles.ECR_CREDENTIAL_PROVIDER));
        assertFalse(!aws && plan.describe().contains("ecr-credential-provider"));
        assertTrue(!aws || plan.describe().contains("image credential provider configuration"));
    }
}
