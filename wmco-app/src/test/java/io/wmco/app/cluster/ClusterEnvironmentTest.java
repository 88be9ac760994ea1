package io.wmco.app.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wmco.domain.cluster.ClusterSettings;
import io.wmco.domain.payload.PayloadFile;
import io.wmco.domain.payload.PayloadManifest;
import io.wmco.domain.platform.Platform;
import io.wmco.domain.platform.PlatformProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterEnvironmentTest {
    private static final String SHA = "b".repeat(64);

    @TempDir
    Path dir;

    private ClusterEnvironment environment(Map<String, Path> packed) throws Exception {
        Path kubelet = Files.write(dir.resolve("kubelet.exe"), new byte[3000]);
        Path hns = Files.write(dir.resolve("hns.psm1"), new byte[100]);
        PayloadManifest manifest = PayloadManifest.of(
                Map.of("kubelet.exe", new PayloadFile(SHA, 3000), "hns.psm1", new PayloadFile(SHA, 100)));
        ClusterSettings cluster = ((ClusterSettings.Valid)
                        ClusterSettings.forKubernetes("10.96.0.0/12", null, null, Platform.NONE))
                .settings();
        return new ClusterEnvironment(
                "Kubernetes",
                Platform.NONE,
                PlatformProfiles.of(Platform.NONE),
                Optional.of(cluster),
                List.of(),
                List.of(),
                manifest,
                Map.of("kubelet.exe", kubelet, "hns.psm1", hns),
                packed);
    }

    @Test
    void aNewNodeIsSentThePackedFormsWhereThereAreSomeAndTheOtherFilesWhole() throws Exception {
        Path packed = Files.write(
                Files.createDirectories(dir.resolve("packed")).resolve("kubelet.exe.tar.gz"), new byte[900]);
        assertEquals(900 + 100, environment(Map.of("kubelet.exe", packed)).bytesPerNewNode());
    }

    @Test
    void withoutPackedFormsANewNodeIsSentTheWholePayload() throws Exception {
        assertEquals(3000 + 100, environment(Map.of()).bytesPerNewNode());
    }
}
