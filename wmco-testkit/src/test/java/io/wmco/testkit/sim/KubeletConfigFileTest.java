package io.wmco.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.plan.KubeletConfig;
import io.wmco.domain.plan.KubeletSettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeletConfigFileTest {
    private static final long GI = 1L << 30;

    @TempDir
    Path dir;

    private KubeletConfigFile read(String content) throws IOException {
        Path f = dir.resolve("kubelet.conf");
        Files.writeString(f, content);
        return KubeletConfigFile.read(f, "C:\\k\\kubelet.conf");
    }

    @Test
    void theOperatorsFileGivesTaintPodsAndAllocatableAsAKubeletComputesThem() throws Exception {
        KubeletConfigFile c = read(KubeletConfig.render(
                "10.96.0.10",
                "C:\\k\\ca.crt",
                KubeletSettings.DEFAULT
                        .withEvictionHard("memory.available=512Mi")
                        .withMaxPods(90)));
        assertTrue(c.serverTlsBootstrap());
        assertEquals(1, c.registerWithTaints().size());
        assertEquals("os", c.registerWithTaints().get(0).getKey());
        assertEquals("Windows", c.registerWithTaints().get(0).getValue());
        assertEquals("NoSchedule", c.registerWithTaints().get(0).getEffect());
        assertEquals(90, c.capacity().get("pods").getNumber().intValue());
        // 8Gi - 2Gi reserved - 512Mi threshold
        assertEquals(
                BigDecimal.valueOf(8 * GI - 2 * GI - (GI / 2)),
                c.allocatable().get("memory").getNumber());
        assertEquals(
                0, new BigDecimal("1.5").compareTo(c.allocatable().get("cpu").getNumber()));
        // 100Gi - 1Gi reserved - 10% of 100Gi
        assertEquals(
                0,
                BigDecimal.valueOf(100 * GI - GI - 10 * GI)
                        .compareTo(c.allocatable().get("ephemeral-storage").getNumber()));
    }

    @Test
    void refusesWhatAKubeletWouldNotStartWith() {
        IOException notKubelet = assertThrows(IOException.class, () -> read("{\"kind\": \"KubeProxyConfiguration\"}"));
        assertTrue(notKubelet.getMessage().contains("not a KubeletConfiguration"), notKubelet.getMessage());
        IOException badQuantity = assertThrows(
                IOException.class,
                () -> read("{\"kind\": \"KubeletConfiguration\", \"systemReserved\": {\"memory\": \"2GB\"}}"));
        assertTrue(badQuantity.getMessage().contains("malformed"), badQuantity.getMessage());
        IOException badEffect = assertThrows(
                IOException.class,
                () -> read("{\"kind\": \"KubeletConfiguration\", \"registerWithTaints\": [{\"key\": \"os\","
                        + " \"effect\": \"Sometimes\"}]}"));
        assertTrue(badEffect.getMessage().contains("Sometimes"), badEffect.getMessage());
        assertThrows(IOException.class, () -> KubeletConfigFile.read(dir.resolve("absent"), "C:\\k\\absent"));
    }
}
