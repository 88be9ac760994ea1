package io.wmco.domain.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wmco.domain.cluster.Ipv4Cidr;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RenderedFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void cniConfigMatchesTheExpectedFile() throws Exception {
        String cni = CniConfig.render(Ipv4Cidr.parse("10.132.2.0/24"), Ipv4Cidr.parse("172.30.0.0/16"));
        Golden.assertMatches("cni.conf", cni);
        JsonNode tree = JSON.readTree(cni);
        assertEquals("10.132.2.0/24", tree.at("/ipam/subnet").asText());
        assertEquals(
                "172.30.0.0/16",
                tree.at("/policies/0/value/settings/exceptions/0").asText());
        assertEquals(
                "172.30.0.0/16",
                tree.at("/policies/1/value/settings/destinationPrefix").asText());
        assertEquals("OVNKubernetesHybridOverlayNetwork", tree.at("/name").asText());
    }

    @Test
    void renderCniConfigStepUsesTheFactsGatheredAtExecution() {
        FileStep.RenderCniConfig step =
                new FileStep.RenderCniConfig(NodeLayout.CNI_CONFIG, Ipv4Cidr.parse("172.30.0.0/16"));
        byte[] content = step.content(OverlayFacts.of("10.132.5.0/24", ""));
        assertEquals(
                CniConfig.render(Ipv4Cidr.parse("10.132.5.0/24"), Ipv4Cidr.parse("172.30.0.0/16")),
                new String(content, StandardCharsets.UTF_8));
    }

    @Test
    void overlayFactsRejectMalformedAnnotations() {
        assertThrows(IllegalArgumentException.class, () -> OverlayFacts.of("10.132.5.0", "10.132.5.2"));
        assertThrows(IllegalArgumentException.class, () -> OverlayFacts.of("10.132.5.0/24", "fe80::1"));
    }

    @Test
    void kubeProxyNeedsTheSourceVip() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new ServiceStep.EnsureKubeProxy("n").service(OverlayFacts.of("10.132.5.0/24", "")));
        assertTrue(e.getMessage().contains("source VIP"), e.getMessage());
    }

    @Test
    void kubeletConfigMatchesTheExpectedFile() throws Exception {
        String config = KubeletConfig.render("172.30.0.10", NodeLayout.KUBELET_CA);
        Golden.assertMatches("kubelet.conf", config);
        JsonNode tree = JSON.readTree(config);
        assertEquals("172.30.0.10", tree.at("/clusterDNS/0").asText());
        assertEquals(
                "C:\\k\\kubelet-ca.crt",
                tree.at("/authentication/x509/clientCAFile").asText());
    }

    @Test
    void bootstrapKubeconfigHoldsTheTokenAndTheCa() {
        String kubeconfig = Kubeconfig.bootstrap(PlanFixtures.credentials());
        Golden.assertMatches("bootstrap-kubeconfig", kubeconfig);
        assertTrue(kubeconfig.contains(PlanFixtures.TOKEN));
    }

    @Test
    void credentialsNeverPrintTheToken() {
        String text = PlanFixtures.credentials().toString();
        assertTrue(text.contains("<redacted>"), text);
        assertTrue(!text.contains(PlanFixtures.TOKEN), text);
    }
}
