package io.wmco.domain.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.hostsettings.HostSettings;
import io.wmco.domain.hostsettings.MirrorRule;
import io.wmco.domain.hostsettings.ProxySettings;
import io.wmco.domain.hostsettings.PullSecretAuths;
import io.wmco.domain.hostsettings.RegistryMirrors;
import io.wmco.domain.hostsettings.TestCertificates;
import io.wmco.domain.hostsettings.TrustedCertificate;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.platform.Platform;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostSettingsPlannerTest {
    static final HostSettings SETTINGS = new HostSettings(
            new ProxySettings(
                    Optional.of("http://user:p@ss'w0rd@proxy.example:3128"),
                    Optional.of("http://proxy.example:3129"),
                    Optional.of(".svc,.cluster.local,10.0.0.0/8")),
            TrustedCertificate.parseBundle(TestCertificates.A + TestCertificates.B, "test")
                    .certificates());

    @Test
    void theApplyPlanMatchesItsGoldenFileAndShowsNoProxyPassword() {
        String text = HostSettingsPlanner.apply("win-a", SETTINGS).describe();
        Golden.assertMatches("host-settings.txt", text);
        assertFalse(text.contains("p@ss"), text);
    }

    @Test
    void aHostsTomlWithCredentialsIsWrittenAsASecretAndThePlanShowsNoneOfIt() {
        String token = java.util.Base64.getEncoder().encodeToString("user:secret-of-the-mirror".getBytes());
        RegistryMirrors.Rendered mirrors = RegistryMirrors.render(
                List.of(new MirrorRule(
                        MirrorRule.Kind.DIGEST, "s", 1, "quay.io", List.of("mirror.example:5000"), false)),
                java.util.Map.of("mirror.example..5000", TestCertificates.A),
                PullSecretAuths.from(
                        "test", java.util.Map.of("mirror.example:5000", new PullSecretAuths.Entry(token, "", ""))));
        HostSettings settings = new HostSettings(SETTINGS.proxy(), SETTINGS.trustedCas(), mirrors.directories());
        ConfigurationPlan plan = HostSettingsPlanner.apply("win-a", settings);
        List<FileStep.Write> writes = plan.steps().stream()
                .filter(FileStep.Write.class::isInstance)
                .map(FileStep.Write.class::cast)
                .toList();
        for (FileStep.Write w : writes) {
            assertEquals(w.remotePath().endsWith("hosts.toml"), w.sensitive(), w.remotePath());
        }
        String text = plan.describe();
        assertTrue(
                text.contains("write containerd registry quay.io hosts.toml to"
                        + " C:\\k\\containerd\\registries\\quay.io\\hosts.toml (content redacted)"),
                text);
        assertFalse(text.contains(token), text);
        for (FileStep.Write w : writes) {
            if (w.sensitive()) {
                assertFalse(text.contains(w.sha256()), text);
            }
        }
    }

    @Test
    void theApplyPlanEndsByRecordingTheHash() {
        ConfigurationPlan plan = HostSettingsPlanner.apply("win-a", SETTINGS);
        NodeStep.ApplyMetadata last =
                (NodeStep.ApplyMetadata) plan.steps().get(plan.steps().size() - 1);
        assertEquals(SETTINGS.hash(), last.patch().setAnnotations().get(MetadataKeys.HOST_SETTINGS_ANNOTATION));
        assertTrue(plan.onFailure().isEmpty());
    }

    @Test
    void aConfigurationSetsTheSettingsBeforeContainerdStartsAndRecordsThem() {
        PlanInputs in = PlanFixtures.inputs(Platform.NONE, PlanFixtures.byoh(), Optional.empty())
                .withHostSettings(SETTINGS);
        List<ConfigStep> steps =
                ((PlanResult.Planned) ConfigurationPlanner.configure(in)).plan().steps();
        int variables = indexOf(steps, HostStep.SetMachineVariables.class);
        int containerd = -1;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof ServiceStep.Ensure e && e.spec().name().equals(NodeLayout.CONTAINERD_SERVICE)) {
                containerd = i;
            }
        }
        assertTrue(
                variables >= 0 && variables < containerd, "variables at " + variables + ", containerd " + containerd);
        assertTrue(steps.stream()
                .filter(NodeStep.ApplyMetadata.class::isInstance)
                .map(s -> ((NodeStep.ApplyMetadata) s).patch().setAnnotations())
                .anyMatch(a -> SETTINGS.hash().equals(a.get(MetadataKeys.HOST_SETTINGS_ANNOTATION))));
    }

    @Test
    void aRemovalTakesTheSettingsBackBeforeTheDirectoriesGo() {
        List<ConfigStep> steps = ConfigurationPlanner.deconfigure(
                        PlanFixtures.inputs(Platform.NONE, PlanFixtures.byoh(), Optional.empty())
                                .profile(),
                        "10.0.0.5",
                        "win-a",
                        PlanTimeouts.DEFAULT)
                .steps();
        int certs = indexOf(steps, HostStep.SyncRootCertificates.class);
        int dirs = indexOf(steps, FileStep.RemoveDirectories.class);
        assertTrue(certs >= 0 && certs < dirs);
        HostStep.SyncRootCertificates sync = (HostStep.SyncRootCertificates) steps.get(certs);
        assertTrue(sync.certificates().isEmpty());
        HostStep.SetMachineVariables vars =
                (HostStep.SetMachineVariables) steps.get(indexOf(steps, HostStep.SetMachineVariables.class));
        assertTrue(vars.variables().values().stream().allMatch(Optional::isEmpty));
        assertTrue(vars.restartWhenChanged().isEmpty());
    }

    private static int indexOf(List<ConfigStep> steps, Class<?> type) {
        for (int i = 0; i < steps.size(); i++) {
            if (type.isInstance(steps.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
