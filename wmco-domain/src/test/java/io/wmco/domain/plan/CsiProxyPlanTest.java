package io.wmco.domain.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.payload.PayloadFile;
import io.wmco.domain.payload.PayloadFiles;
import io.wmco.domain.payload.PayloadManifest;
import io.wmco.domain.platform.Platform;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CsiProxyPlanTest {

    private static ConfigurationPlan plan(boolean withCsiProxy) {
        PlanInputs full = PlanFixtures.inputs(Platform.NONE, PlanFixtures.byoh(), Optional.empty());
        TreeMap<String, PayloadFile> files = new TreeMap<>(full.payload().files());
        if (!withCsiProxy) {
            files.remove(PayloadFiles.CSI_PROXY);
        }
        PlanInputs in = new PlanInputs(
                full.profile(),
                full.cluster(),
                full.target(),
                PayloadManifest.of(files),
                full.operatorVersion(),
                full.credentials(),
                full.identity(),
                full.timeouts());
        return ((PlanResult.Planned) ConfigurationPlanner.configure(in)).plan();
    }

    private static List<String> ensured(ConfigurationPlan p) {
        return p.steps().stream()
                .filter(s -> s instanceof ServiceStep.Ensure)
                .map(s -> ((ServiceStep.Ensure) s).spec().name())
                .toList();
    }

    @Test
    void withTheBinaryCsiProxyRunsBeforeTheKubeletWithItsLogFile() {
        ConfigurationPlan p = plan(true);
        List<String> services = ensured(p);
        assertTrue(
                services.indexOf("csi-proxy") >= 0 && services.indexOf("csi-proxy") < services.indexOf("kubelet"),
                services::toString);
        ServiceSpec spec = p.steps().stream()
                .filter(s ->
                        s instanceof ServiceStep.Ensure e && e.spec().name().equals("csi-proxy"))
                .map(s -> ((ServiceStep.Ensure) s).spec())
                .findFirst()
                .orElseThrow();
        assertEquals(
                "C:\\k\\csi-proxy.exe -windows-service -log_file=C:\\var\\log\\csi-proxy\\csi-proxy.log"
                        + " -logtostderr=false",
                spec.commandLine());
        assertTrue(spec.startAutomatically() && spec.restartOnFailure());
        assertTrue(p.steps().stream()
                .anyMatch(
                        s -> s instanceof FileStep.Transfer t && t.remotePath().equals("C:\\k\\csi-proxy.exe")));
        assertTrue(p.steps().stream()
                .anyMatch(s ->
                        s instanceof FileStep.EnsureDirectories d && d.paths().contains(NodeLayout.CSI_PROXY_LOG_DIR)));
    }

    @Test
    void withoutTheBinaryTheFeatureIsOffAndAnEarlierServiceIsDeleted() {
        ConfigurationPlan p = plan(false);
        assertFalse(ensured(p).contains("csi-proxy"));
        assertTrue(p.steps().contains(new ServiceStep.Delete(List.of("csi-proxy"))));
        assertFalse(p.steps().stream()
                .anyMatch(
                        s -> s instanceof FileStep.Transfer t && t.payloadName().equals(PayloadFiles.CSI_PROXY)));
        assertFalse(p.steps().stream()
                .anyMatch(s ->
                        s instanceof FileStep.EnsureDirectories d && d.paths().contains(NodeLayout.CSI_PROXY_LOG_DIR)));
    }

    @Test
    void csiProxyStopsAfterTheKubeletAndIsRemovedOnDeconfiguration() {
        List<String> order = ConfigurationPlanner.stopOrder(io.wmco.domain.platform.PlatformProfiles.of(Platform.NONE));
        assertEquals(order.indexOf("kubelet") + 1, order.indexOf("csi-proxy"));
        assertTrue(NodeLayout.REMOVED_DIRECTORIES.contains(NodeLayout.CSI_PROXY_LOG_DIR));
    }
}
