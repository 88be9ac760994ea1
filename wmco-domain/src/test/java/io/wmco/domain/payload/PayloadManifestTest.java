package io.wmco.domain.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.platform.Platform;
import io.wmco.domain.platform.PlatformProfiles;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadManifestTest {
    private static final PayloadFile FILE = new PayloadFile("a".repeat(64), 10);

    private static PayloadManifest without(String... absent) {
        Map<String, PayloadFile> files = new HashMap<>();
        for (String name : PayloadFiles.REQUIRED) {
            files.put(name, FILE);
        }
        for (String name : absent) {
            files.remove(name);
        }
        return PayloadManifest.of(files);
    }

    @Test
    void aPayloadOfTheCommonFilesLacksOnlyTheEcrCredentialProviderOnAws() {
        assertEquals(
                List.of(PayloadFiles.ECR_CREDENTIAL_PROVIDER),
                PayloadFiles.missingFor(without(), PlatformProfiles.of(Platform.AWS)));
        assertEquals(List.of(), PayloadFiles.missingFor(without(), PlatformProfiles.of(Platform.NONE)));
    }

    @Test
    void reportsEveryMissingFileByNameInRequiredOrder() {
        PayloadManifest m = without(PayloadFiles.HNS_MODULE, PayloadFiles.KUBELET, PayloadFiles.CONTAINERD_CONFIG);
        assertEquals(
                List.of("containerd_conf.toml", "kubelet.exe", "hns.psm1"),
                PayloadFiles.missingFor(m, PlatformProfiles.of(Platform.NONE)));
    }

    @Test
    void azureAlsoNeedsCloudNodeManager() {
        assertEquals(
                List.of("azure-cloud-node-manager.exe"),
                PayloadFiles.missingFor(without(), PlatformProfiles.of(Platform.AZURE)));
    }

    @Test
    void anEmptyPayloadLacksEveryRequiredFile() {
        assertEquals(
                PayloadFiles.REQUIRED,
                PayloadFiles.missingFor(PayloadManifest.of(Map.of()), PlatformProfiles.of(Platform.GCP)));
        assertEquals(12, PayloadFiles.REQUIRED.size());
    }

    @Test
    void aMissingRequiredFileNamesWhatNeedsIt() {
        PayloadFiles.Check c =
                PayloadFiles.check(without(PayloadFiles.HYBRID_OVERLAY), PlatformProfiles.of(Platform.NONE));
        assertEquals(
                List.of("hybrid-overlay-node.exe (needed for the OVN-Kubernetes hybrid overlay network of every node)"),
                c.missing());
    }

    @Test
    void missingOptionalFilesOnlyTurnTheirFeatureOff() {
        PayloadFiles.Check none = PayloadFiles.check(without(), PlatformProfiles.of(Platform.NONE));
        assertEquals(List.of(), none.missing());
        assertEquals(
                List.of(
                        "azure-cloud-node-manager.exe: the Azure cloud node manager of Azure nodes is off",
                        "ecr-credential-provider.exe: image pulls from Amazon ECR with the node's credentials (AWS) is off",
                        "csi-proxy.exe: CSI storage drivers on Windows nodes (csi-proxy) is off"),
                none.disabled());
        PayloadFiles.Check azure = PayloadFiles.check(without(), PlatformProfiles.of(Platform.AZURE));
        assertEquals(
                List.of("azure-cloud-node-manager.exe (needed for the Azure cloud node manager of Azure nodes)"),
                azure.missing());
        assertEquals(2, azure.disabled().size(), azure.disabled().toString());
    }

    @Test
    void standInsAreNamed() {
        Map<String, PayloadFile> files = new HashMap<>(without().files());
        files.put(
                PayloadFiles.HYBRID_OVERLAY,
                new PayloadFile("b".repeat(64), 3, PayloadOrigin.STAND_IN, Optional.empty(), Optional.empty()));
        assertEquals(
                List.of("hybrid-overlay-node.exe"),
                PayloadFiles.check(PayloadManifest.of(files), PlatformProfiles.of(Platform.NONE))
                        .standIns());
    }

    @Test
    void placesFilesInTheirDirectories() {
        assertEquals("C:\\k\\kubelet.exe", PayloadFiles.remotePath("kubelet.exe"));
        assertEquals("C:\\k\\cni\\win-overlay.exe", PayloadFiles.remotePath("win-overlay.exe"));
        assertEquals(
                "C:\\k\\containerd\\containerd-shim-runhcs-v1.exe",
                PayloadFiles.remotePath("containerd-shim-runhcs-v1.exe"));
        assertEquals("C:\\k\\hns.psm1", PayloadFiles.remotePath("hns.psm1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "cni/win-overlay.exe", "..\\kubelet.exe", "..", " "})
    void rejectsNamesThatAreNotPlainFileNames(String name) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PayloadManifest.of(Map.of(name, FILE)));
        assertTrue(e.getMessage().contains("plain file name"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "abc",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg"
            })
    void rejectsHashesThatAreNotLowerCaseSha256(String sha) {
        assertThrows(IllegalArgumentException.class, () -> new PayloadFile(sha, 1));
    }
}
