package io.wmco.domain.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.cluster.ClusterSettings;
import io.wmco.domain.cluster.Ipv4Cidr;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.payload.PayloadFile;
import io.wmco.domain.payload.PayloadManifest;
import io.wmco.domain.platform.Platform;
import io.wmco.domain.platform.PlatformProfiles;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ConfigurationPlannerTest {

    private static ConfigurationPlan plan(PlanInputs in) {
        PlanResult r = ConfigurationPlanner.configure(in);
        return assertInstanceOf(PlanResult.Planned.class, r, r::toString).plan();
    }

    private static List<String> phases(ConfigurationPlan p) {
        return p.steps().stream().map(ConfigStep::phase).collect(Collectors.toList());
    }

    @Test
    void byohPlanOnPlatformNoneMatchesTheExpectedText() {
        ConfigurationPlan p = plan(PlanFixtures.inputs(Platform.NONE, PlanFixtures.byoh(), Optional.empty()));
        Golden.assertMatches("plan-none.txt", p.describe());
    }

    @Test
    void aDnsEntrysNodeIsFoundByTheAddressItResolvedToNotByTheName() {
        // the kubelet registers with the resolved IPv4 (--node-ip); no node has the DNS name as an address
        NodeTarget dns = new NodeTarget("win-1.example.com", "10.0.0.5", "win-1", true);
        ConfigurationPlan p = plan(PlanFixtures.inputs(Platform.NONE, dns, Optional.empty()));

        List<String> nodeSteps = p.steps().stream()
                .filter(s -> s instanceof NodeStep.CordonIfExists || s instanceof NodeStep.WaitForNode)
                .map(ConfigStep::describe)
                .toList();
        assertEquals(2, nodeSteps.size(), nodeSteps.toString());
        assertTrue(
                nodeSteps.stream().allMatch(s -> s.contains(" 10.0.0.5") && !s.contains("example.com")),
                nodeSteps.toString());
    }

    @Test
    void machinePlanOnAwsMatchesTheExpectedText() {
        ConfigurationPlan p = plan(PlanFixtures.inputs(Platform.AWS, PlanFixtures.awsMachine(), Optional.empty()));
        Golden.assertMatches("plan-aws.txt", p.describe());
    }

    @ParameterizedTest
    @CsvSource({
        "AZURE, 10.0.0.7, winaz-q8w2e, -1, plan-azure.txt",
        "GCP, 10.0.0.9, winworker-x7k2p, -1, plan-gcp.txt",
        "VSPHERE, 10.0.0.8, winvs-abcde, 9898, plan-vsphere.txt",
        "NUTANIX, 10.0.0.10, winnu-x7k2p, -1, plan-nutanix.txt",
    })
    void machinePlansOfTheOtherPlatformsMatchTheExpectedText(
            Platform platform, String ip, String name, int vxlanPort, String expected) {
        ConfigurationPlan p = plan(PlanFixtures.inputs(
                platform,
                new NodeTarget(ip, ip, name, false),
                vxlanPort < 0 ? Optional.empty() : Optional.of(vxlanPort)));
        Golden.assertMatches(expected, p.describe());
    }

    @Test
    void deconfigurationPlanMatchesTheExpectedText() {
        ConfigurationPlan p = ConfigurationPlanner.deconfigure(
                PlatformProfiles.of(Platform.NONE), "10.0.0.5", "win-byoh-1", PlanTimeouts.DEFAULT);
        Golden.assertMatches("deconfigure-none.txt", p.describe());
    }

    @ParameterizedTest
    @EnumSource(Platform.class)
    void describeNeverShowsTheBootstrapToken(Platform platform) {
        NodeTarget target = new NodeTarget("10.0.0.5", "10.0.0.5", "win-abcde", true);
        ConfigurationPlan p = plan(PlanFixtures.inputs(platform, target, Optional.empty()));
        assertFalse(p.describe().contains(PlanFixtures.TOKEN));
        assertFalse(p.toString().contains(PlanFixtures.TOKEN));
        FileStep.Write kubeconfig = p.steps().stream()
                .filter(s -> s instanceof FileStep.Write w && w.remotePath().equals(NodeLayout.BOOTSTRAP_KUBECONFIG))
                .map(FileStep.Write.class::cast)
                .findFirst()
                .orElseThrow();
        assertTrue(kubeconfig.sensitive());
        assertTrue(new String(kubeconfig.content(), StandardCharsets.UTF_8).contains(PlanFixtures.TOKEN));
    }

    @ParameterizedTest
    @EnumSource(Platform.class)
    void everyPlanFollowsTheReferenceOrder(Platform platform) {
        NodeTarget target = new NodeTarget("10.0.0.5", "10.0.0.5", "win-abcde", true);
        List<String> phases = phases(plan(PlanFixtures.inputs(platform, target, Optional.empty())));
        assertEquals("cordon-existing-node", phases.get(0));
        assertEquals("stop-services", phases.get(1));
        // the version last: it is what makes the node count as configured
        assertEquals(List.of("uncordon", "set-version-annotation"), phases.subList(phases.size() - 2, phases.size()));
        assertTrue(phases.indexOf("ensure-directories") < phases.indexOf("transfer-file"));
        assertTrue(phases.indexOf("wait-for-node") < phases.indexOf("apply-node-metadata"));
        assertTrue(phases.indexOf("wait-for-node-annotation") < phases.indexOf("wait-for-hns-networks"));
        assertTrue(phases.indexOf("wait-for-hns-networks") < phases.indexOf("render-cni-config"));
        assertTrue(phases.indexOf("ensure-source-vip") < phases.indexOf("ensure-kube-proxy"));
        boolean renames = platform == Platform.VSPHERE || platform == Platform.NUTANIX;
        assertEquals(renames, phases.contains("rename-computer"));
        // the rename takes effect at the reboot right after it, before anything is installed
        assertEquals(renames, phases.contains("reboot-computer"));
        if (renames) {
            assertEquals(phases.indexOf("rename-computer") + 1, phases.indexOf("reboot-computer"));
        }
    }

    @Test
    void rebootPlanMatchesTheExpectedText() {
        ConfigurationPlan p = ConfigurationPlanner.reboot("win-byoh-1", PlanTimeouts.DEFAULT);
        Golden.assertMatches("reboot.txt", p.describe());
        assertEquals(List.of(), p.onFailure());
    }

    @Test
    void aRebootDrainsBeforeRestartingAndRemovesTheRequestOnlyAfterTheUncordon() {
        List<String> phases = phases(ConfigurationPlanner.reboot("n1", PlanTimeouts.DEFAULT));
        assertEquals(
                List.of(
                        "cordon-node",
                        "drain-node",
                        "reboot-computer",
                        "wait-for-node-ready",
                        "uncordon",
                        "remove-node-annotation"),
                phases);
        RebootComputer reboot = (RebootComputer)
                ConfigurationPlanner.reboot("n1", PlanTimeouts.DEFAULT).steps().get(2);
        assertFalse(reboot.onlyAfterRename());
    }

    @Test
    void azureRunsCloudNodeManagerAfterTheNodeRegistered() {
        ConfigurationPlan p = plan(PlanFixtures.inputs(
                Platform.AZURE, new NodeTarget("10.0.0.7", "10.0.0.7", "winaz-q8w2e", false), Optional.empty()));
        List<String> services = p.steps().stream()
                .filter(s -> s instanceof ServiceStep.Ensure)
                .map(s -> ((ServiceStep.Ensure) s).spec().name())
                .toList();
        assertEquals(
                List.of(
                        "containerd",
                        "windows_exporter",
                        "csi-proxy",
                        "kubelet",
                        "cloud-node-manager",
                        "hybrid-overlay-node"),
                services);
        assertTrue(p.steps()
                .contains(new FileStep.Transfer(
                        "azure-cloud-node-manager.exe",
                        "C:\\k\\azure-cloud-node-manager.exe",
                        PlanFixtures.sha256("azure-cloud-node-manager.exe"),
                        13000)));
        assertEquals(
                new ServiceStep.Stop(List.of(
                        "windows_exporter",
                        "cloud-node-manager",
                        "kube-proxy",
                        "hybrid-overlay-node",
                        "kubelet",
                        "csi-proxy",
                        "containerd")),
                p.steps().get(1));
    }

    @Test
    void vsphereRenamesAndPassesTheVxlanPort() {
        ConfigurationPlan p = plan(PlanFixtures.inputs(
                Platform.VSPHERE, new NodeTarget("10.0.0.8", "10.0.0.8", "winvs-abcde", false), Optional.of(9898)));
        assertEquals(new RenameComputer("winvs-abcde"), p.steps().get(2));
        assertEquals(
                new RebootComputer(true, ConfigurationPlanner.REBOOT_TIMEOUT),
                p.steps().get(3));
        ServiceSpec overlay = p.steps().stream()
                .filter(s ->
                        s instanceof ServiceStep.Ensure e && e.spec().name().equals("hybrid-overlay-node"))
                .map(s -> ((ServiceStep.Ensure) s).spec())
                .findFirst()
                .orElseThrow();
        assertTrue(overlay.commandLine().endsWith("--hybrid-overlay-vxlan-port 9898"), overlay.commandLine());
    }

    @Test
    void byohNodesGetTheByohAndWorkerLabelsButMachinesDoNot() {
        NodeStep.ApplyMetadata byoh =
                metadataStep(plan(PlanFixtures.inputs(Platform.NONE, PlanFixtures.byoh(), Optional.empty())));
        assertEquals(
                Map.of(MetadataKeys.BYOH_LABEL, "true", MetadataKeys.WORKER_ROLE_LABEL, ""),
                byoh.patch().setLabels());
        assertEquals("ZW5jcnlwdGVk", byoh.patch().setAnnotations().get(MetadataKeys.USERNAME_ANNOTATION));
        NodeStep.ApplyMetadata machine =
                metadataStep(plan(PlanFixtures.inputs(Platform.AWS, PlanFixtures.awsMachine(), Optional.empty())));
        assertEquals(Map.of(), machine.patch().setLabels());
    }

    private static NodeStep.ApplyMetadata metadataStep(ConfigurationPlan p) {
        return p.steps().stream()
                .filter(s -> s instanceof NodeStep.ApplyMetadata)
                .map(NodeStep.ApplyMetadata.class::cast)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void rejectsAPayloadWithMissingFilesNamingEachOne() {
        PlanInputs full = PlanFixtures.inputs(Platform.NONE, PlanFixtures.byoh(), Optional.empty());
        TreeMap<String, PayloadFile> files = new TreeMap<>(full.payload().files());
        files.remove("kubelet.exe");
        files.remove("win-overlay.exe");
        PlanInputs in = new PlanInputs(
                full.profile(),
                full.cluster(),
                full.target(),
                PayloadManifest.of(files),
                full.operatorVersion(),
                full.credentials(),
                full.identity(),
                full.timeouts());
        PlanResult.Rejected r = assertInstanceOf(PlanResult.Rejected.class, ConfigurationPlanner.configure(in));
        assertEquals(
                List.of(
                        "payload file kubelet.exe is missing; add it to the operator's payload directory",
                        "payload file win-overlay.exe is missing; add it to the operator's payload directory"),
                r.problems());
    }

    @Test
    void rejectsAzureNodeNamesLongerThanFifteenCharacters() {
        PlanResult r = ConfigurationPlanner.configure(PlanFixtures.inputs(
                Platform.AZURE,
                new NodeTarget("10.0.0.7", "10.0.0.7", "winazure-worker-q8w2e", false),
                Optional.empty()));
        List<String> problems = assertInstanceOf(PlanResult.Rejected.class, r).problems();
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("at most 15"), problems::toString);
    }

    @Test
    void rejectsSettingsOfAnotherPlatform() {
        PlanInputs aws = PlanFixtures.inputs(Platform.AWS, PlanFixtures.awsMachine(), Optional.empty());
        PlanInputs mixed = new PlanInputs(
                aws.profile(),
                new ClusterSettings(Platform.GCP, Ipv4Cidr.parse("172.30.0.0/16"), "172.30.0.10", Optional.empty()),
                aws.target(),
                aws.payload(),
                aws.operatorVersion(),
                aws.credentials(),
                aws.identity(),
                aws.timeouts());
        assertTrue(assertInstanceOf(PlanResult.Rejected.class, ConfigurationPlanner.configure(mixed))
                .problems()
                .get(0)
                .contains("platform profile is for AWS but the cluster settings are for GCP"));
    }

    @Test
    void onFailureStopsEveryService() {
        ConfigurationPlan p = plan(PlanFixtures.inputs(Platform.NONE, PlanFixtures.byoh(), Optional.empty()));
        assertEquals(
                List.of(new ServiceStep.Stop(List.of(
                        "windows_exporter",
                        "kube-proxy",
                        "hybrid-overlay-node",
                        "kubelet",
                        "csi-proxy",
                        "containerd"))),
                p.onFailure());
    }

    @Test
    void thePlanIsAPureFunctionOfItsInputs() {
        PlanInputs in = PlanFixtures.inputs(Platform.AWS, PlanFixtures.awsMachine(), Optional.empty());
        assertEquals(plan(in), plan(in));
        assertEquals(plan(in).describe(), plan(in).describe());
    }
}
