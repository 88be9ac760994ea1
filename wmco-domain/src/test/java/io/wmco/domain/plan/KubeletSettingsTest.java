package io.wmco.domain.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubeletSettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void defaultsAreTheReferenceOperatorsValues() {
        assertEquals(
                Map.of("cpu", "500m", "memory", "2Gi", "ephemeral-storage", "1Gi"),
                KubeletSettings.DEFAULT.systemReserved());
        assertEquals(
                Map.of("nodefs.available", "10%", "imagefs.available", "15%"), KubeletSettings.DEFAULT.evictionHard());
        assertEquals(250, KubeletSettings.DEFAULT.maxPods());
    }

    @ParameterizedTest(name = "system reserved {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                          | cpu=500m;ephemeral-storage=1Gi;memory=2Gi",
                "memory=4Gi                  | cpu=500m;ephemeral-storage=1Gi;memory=4Gi",
                "' cpu = 1 , memory=3.5Gi '  | cpu=1;ephemeral-storage=1Gi;memory=3.5Gi",
                "ephemeral-storage=10G       | cpu=500m;ephemeral-storage=10G;memory=2Gi",
            })
    void systemReservedOverridesReplaceOnlyTheNamedEntries(String overrides, String expected) {
        assertEquals(
                map(expected),
                KubeletSettings.DEFAULT.withSystemReserved(overrides).systemReserved());
    }

    @ParameterizedTest(name = "eviction {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "nodefs.available=5%                    | imagefs.available=15%;nodefs.available=5%",
                "memory.available=500Mi                 | imagefs.available=15%;memory.available=500Mi;nodefs.available=10%",
                "imagefs.available=100%,nodefs.available=0% | imagefs.available=100%;nodefs.available=0%",
            })
    void evictionOverridesReplaceOnlyTheNamedSignals(String overrides, String expected) {
        assertEquals(
                map(expected),
                KubeletSettings.DEFAULT.withEvictionHard(overrides).evictionHard());
    }

    @ParameterizedTest(name = "refuses system reserved {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "pid=100              | does not know 'pid'; use cpu, ephemeral-storage, memory",
                "memory               | must look like name=value",
                "memory=              | memory has no value",
                "memory=2GB           | memory=2GB is not a quantity",
                "cpu=10%              | cpu=10% is not a quantity",
                "cpu=1,cpu=2          | names cpu twice",
                "memory=-1Gi          | memory=-1Gi is not a quantity",
            })
    void refusesBadSystemReservations(String overrides, String message) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> KubeletSettings.DEFAULT.withSystemReserved(overrides));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().startsWith("system reserved "), e.getMessage());
    }

    @ParameterizedTest(name = "refuses eviction {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "nodefs.inodesFree=5%  | does not know 'nodefs.inodesFree'",
                "nodefs.available=101% | not a quantity such as 500Mi or a percentage from 0% to 100%",
                "nodefs.available<10%  | must look like name=value",
            })
    void refusesBadEvictionThresholds(String overrides, String message) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> KubeletSettings.DEFAULT.withEvictionHard(overrides));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0", "1001", "-5"})
    void refusesPodLimitsOutsideTheRange(int maxPods) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> KubeletSettings.DEFAULT.withMaxPods(maxPods));
        assertTrue(e.getMessage().contains("between 1 and 1000"), e.getMessage());
    }

    @Test
    void theRenderedConfigurationCarriesTheOverridesAndTheRegistrationTaint() throws Exception {
        KubeletSettings tuned = KubeletSettings.DEFAULT
                .withSystemReserved("memory=3Gi")
                .withEvictionHard("memory.available=300Mi")
                .withMaxPods(110);
        JsonNode tree = JSON.readTree(KubeletConfig.render("172.30.0.10", NodeLayout.KUBELET_CA, tuned));
        assertEquals(110, tree.at("/maxPods").asInt());
        assertEquals("3Gi", tree.at("/systemReserved/memory").asText());
        assertEquals("500m", tree.at("/systemReserved/cpu").asText());
        assertEquals("300Mi", tree.at("/evictionHard/memory.available").asText());
        assertEquals("10%", tree.at("/evictionHard/nodefs.available").asText());
        assertEquals(1, tree.at("/registerWithTaints").size());
        assertEquals("os", tree.at("/registerWithTaints/0/key").asText());
        assertEquals("Windows", tree.at("/registerWithTaints/0/value").asText());
        assertEquals("NoSchedule", tree.at("/registerWithTaints/0/effect").asText());
    }

    @Test
    void thePlanWritesTheKubeletConfigurationOfItsNodeSettings() throws Exception {
        KubeletSettings tuned = KubeletSettings.DEFAULT.withMaxPods(42);
        PlanInputs in = PlanFixtures.inputs(
                        io.wmco.domain.platform.Platform.NONE, PlanFixtures.byoh(), Optional.empty())
                .withNode(new NodeSettings(tuned));
        ConfigurationPlan plan = ((PlanResult.Planned) ConfigurationPlanner.configure(in)).plan();
        FileStep.Write config = plan.steps().stream()
                .filter(s -> s instanceof FileStep.Write w && w.remotePath().equals(NodeLayout.KUBELET_CONFIG))
                .map(FileStep.Write.class::cast)
                .findFirst()
                .orElseThrow();
        assertEquals(42, JSON.readTree(config.content()).at("/maxPods").asInt());
    }

    private static Map<String, String> map(String text) {
        Map<String, String> m = new TreeMap<>();
        for (String kv : text.split(";")) {
            String[] p = kv.split("=", 2);
            m.put(p[0], p[1]);
        }
        return m;
    }
}
