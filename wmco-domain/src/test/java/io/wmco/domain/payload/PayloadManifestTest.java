package io.wmco.domain.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.platform.Platform;
import io.wmco.domain.platform.PlatformProfiles;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    void aCompletePayloadLacksNothingOnAws() {
        assertEquals(List.of(), PayloadFiles.missingFor(without(), PlatformProfiles.of(Platform.AWS)));
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
