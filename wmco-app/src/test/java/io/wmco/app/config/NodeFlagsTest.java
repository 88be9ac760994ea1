package io.wmco.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.plan.KubeletSettings;
import io.wmco.domain.plan.NodeSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeFlagsTest {

    @Test
    void withoutFlagsNodesGetTheReferenceValues() {
        assertEquals(
                NodeSettings.DEFAULT,
                new SettingsParser(Map.of(), "1.0.0").parse().nodeSettings());
    }

    @Test
    void kubeletValuesComeFromFlagsOrTheEnvironmentAndMergeWithTheDefaults() {
        OperatorSettings fromFlags = new SettingsParser(Map.of(), "1.0.0")
                .parse(
                        "--kubelet-system-reserved=memory=3Gi",
                        "--kubelet-eviction-hard=memory.available=500Mi",
                        "--kubelet-max-pods=110");
        KubeletSettings k = fromFlags.nodeSettings().kubelet();
        assertEquals(Map.of("cpu", "500m", "memory", "3Gi", "ephemeral-storage", "1Gi"), k.systemReserved());
        assertEquals(
                Map.of("memory.available", "500Mi", "nodefs.available", "10%", "imagefs.available", "15%"),
                k.evictionHard());
        assertEquals(110, k.maxPods());

        OperatorSettings fromEnv = new SettingsParser(
                        Map.of("KUBELET_SYSTEM_RESERVED", "cpu=1", "KUBELET_MAX_PODS", "64"), "1.0.0")
                .parse();
        assertEquals("1", fromEnv.nodeSettings().kubelet().systemReserved().get("cpu"));
        assertEquals(64, fromEnv.nodeSettings().kubelet().maxPods());
        // a flag wins over the environment
        assertEquals(
                32,
                new SettingsParser(Map.of("KUBELET_MAX_PODS", "64"), "1.0.0")
                        .parse("--kubelet-max-pods=32")
                        .nodeSettings()
                        .kubelet()
                        .maxPods());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--kubelet-system-reserved=memory=2GB | --kubelet-system-reserved (KUBELET_SYSTEM_RESERVED): system"
                        + " reserved memory=2GB is not a quantity",
                "--kubelet-eviction-hard=pid.available=5 | --kubelet-eviction-hard (KUBELET_EVICTION_HARD): hard"
                        + " eviction does not know 'pid.available'",
                "--kubelet-max-pods=lots | --kubelet-max-pods (KUBELET_MAX_PODS): must be a whole number, got \"lots\"",
                "--kubelet-max-pods=0 | --kubelet-max-pods (KUBELET_MAX_PODS): max pods must be between 1 and 1000",
            })
    void badValuesAreRefusedNamingTheFlagAndItsVariable(String flag, String message) {
        InvalidSettingsException e =
                assertThrows(InvalidSettingsException.class, () -> new SettingsParser(Map.of(), "1.0.0").parse(flag));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void logRotationComesFromTheReferenceVariablesAndIsOffByDefault() {
        assertEquals(
                io.wmco.domain.plan.LogRotation.OFF,
                new SettingsParser(Map.of(), "1.0.0").parse().nodeSettings().logRotation());
        OperatorSettings s = new SettingsParser(
                        Map.of(
                                "SERVICES_LOG_FILE_SIZE", "100M",
                                "SERVICES_LOG_FILE_AGE", "168h",
                                "SERVICES_LOG_FLUSH_INTERVAL", "5s"),
                        "1.0.0")
                .parse();
        assertEquals(
                java.util.List.of("-log-file-size=100M", "-log-file-age=168h", "-flush-interval=5s"),
                s.nodeSettings().logRotation().runnerArgs());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--services-log-file-size=100MB | --services-log-file-size (SERVICES_LOG_FILE_SIZE): '100MB' must be a size",
                "--services-log-flush-interval=soon | --services-log-flush-interval (SERVICES_LOG_FLUSH_INTERVAL): 'soon'",
                "--services-log-file-age=24h | needs a log file size",
            })
    void badRotationValuesNameTheirFlag(String flag, String message) {
        InvalidSettingsException e =
                assertThrows(InvalidSettingsException.class, () -> new SettingsParser(Map.of(), "1.0.0").parse(flag));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void everyBadNodeValueIsReportedAtOnce() {
        InvalidSettingsException e = assertThrows(
                InvalidSettingsException.class,
                () -> new SettingsParser(Map.of(), "1.0.0")
                        .parse("--kubelet-system-reserved=x", "--kubelet-max-pods=-1"));
        assertTrue(e.getMessage().contains("--kubelet-system-reserved"), e.getMessage());
        assertTrue(e.getMessage().contains("--kubelet-max-pods"), e.getMessage());
    }

    @Test
    void theHelpNamesTheNodeFlagsAndTheirVariables() {
        String usage = SettingsParser.usage();
        assertTrue(usage.contains("--kubelet-system-reserved"), usage);
        assertTrue(usage.contains("[env KUBELET_MAX_PODS]"), usage);
    }
}
