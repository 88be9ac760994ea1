package io.wmco.domain.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.platform.Platform;
import io.wmco.domain.platform.PlatformProfiles;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogRotationTest {

    @ParameterizedTest(name = "size={0} age={1} flush={2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''    | ''   | ''  | ''",
                "0     | ''   | ''  | ''",
                "0Mi   | 0s   | 0   | ''",
                "100M  | ''   | ''  | -log-file-size=100M",
                "1Gi   | 168h | 5s  | -log-file-size=1Gi -log-file-age=168h -flush-interval=5s",
                "' 50Mi ' | 1h30m | 500ms | -log-file-size=50Mi -log-file-age=1h30m -flush-interval=500ms",
            })
    void settingsBecomeTheRunnersFlags(String size, String age, String flush, String expected) {
        LogRotation r = LogRotation.of(size, age, flush);
        assertEquals(expected.isBlank() ? List.of() : List.of(expected.split(" ")), r.runnerArgs());
        assertEquals(!expected.isBlank(), r.enabled());
    }

    @ParameterizedTest(name = "refuses size={0} age={1} flush={2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "100MB | ''   | ''  | must be a size such as 100M",
                "-1M   | ''   | ''  | must be a size",
                "100M  | 7d   | ''  | must be a duration such as 30s",
                "100M  | ''   | fast | must be a duration",
                "''    | 168h | ''  | needs a log file size",
                "0     | ''   | 5s  | needs a log file size",
            })
    void refusesBadValuesAndAgeOrIntervalWithoutSize(String size, String age, String flush, String message) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LogRotation.of(size, age, flush));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void bothRunnersGetTheFlagsBeforeTheirProgram() {
        LogRotation r = LogRotation.of("10M", "24h", "");
        List<String> kubelet = Services.kubelet(PlatformProfiles.of(Platform.NONE), PlanFixtures.byoh(), r)
                .args();
        assertEquals(
                List.of(
                        "-log-file=C:\\var\\log\\kubelet\\kubelet.log",
                        "-log-file-size=10M",
                        "-log-file-age=24h",
                        "C:\\k\\kubelet.exe"),
                kubelet.subList(0, 4));
        List<String> proxy = new ServiceStep.EnsureKubeProxy("win-1", r)
                .service(OverlayFacts.of("10.132.1.0/24", "10.132.1.2"))
                .args();
        assertEquals(
                List.of(
                        "-log-file=C:\\var\\log\\kube-proxy\\kube-proxy.log", "-log-file-size=10M",
                        "-log-file-age=24h", "C:\\k\\kube-proxy.exe"),
                proxy.subList(0, 4));
        PlanInputs in = PlanFixtures.inputs(Platform.NONE, PlanFixtures.byoh(), Optional.empty())
                .withNode(new NodeSettings(r, KubeletSettings.DEFAULT));
        ConfigurationPlan plan = ((PlanResult.Planned) ConfigurationPlanner.configure(in)).plan();
        String text = plan.describe();
        assertEquals(2, text.split("-log-file-size=10M", -1).length - 1, text);
    }
}
