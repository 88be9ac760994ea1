package io.wmco.app.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.payload.PayloadFiles;
import io.wmco.domain.payload.PayloadOrigin;
import io.wmco.domain.platform.Platform;
import io.wmco.domain.platform.PlatformProfiles;
import io.wmco.testkit.payload.SingleFileTarGz;
import io.wmco.testkit.payload.StandInPayload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadLoaderTest {

    @Test
    void takesHashesFromTheManifestWithoutReadingTheFiles(@TempDir Path dir) throws Exception {
        StandInPayload.write(dir, 0.0001, 3);
        String realHash = PayloadDirectory.sha256(dir.resolve(PayloadFiles.KUBELET));
        // Same size, other bytes: the manifest's hash wins because the loader only compares sizes.
        byte[] other = new byte[(int) Files.size(dir.resolve(PayloadFiles.KUBELET))];
        Files.write(dir.resolve(PayloadFiles.KUBELET), other);

        PayloadLoader.Payload p = PayloadLoader.load(dir, PlatformProfiles.of(Platform.NONE));

        assertEquals(
                realHash, p.manifest().get(PayloadFiles.KUBELET).orElseThrow().sha256());
        assertEquals(
                PayloadOrigin.STAND_IN,
                p.manifest().get(PayloadFiles.KUBELET).orElseThrow().origin());
        assertEquals(dir.resolve(PayloadFiles.KUBELET), p.paths().get(PayloadFiles.KUBELET));
        assertTrue(p.manifest().get(PayloadFiles.MANIFEST).isEmpty());
    }

    @Test
    void aFileWhoseSizeDiffersFromTheManifestStopsStartup(@TempDir Path dir) throws Exception {
        StandInPayload.write(dir, 0.0001, 3);
        Files.writeString(dir.resolve(PayloadFiles.KUBE_PROXY), "shorter");

        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> PayloadLoader.load(dir, PlatformProfiles.of(Platform.NONE)));
        assertTrue(e.getMessage().contains("kube-proxy.exe is 7 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("delete the manifest"), e.getMessage());
    }

    @Test
    void aMissingRequiredFileNamesTheFileWhatNeedsItAndHowToSupplyIt(@TempDir Path dir) throws Exception {
        StandInPayload.write(dir, 0.0001, 3);
        Path manifest = dir.resolve(PayloadFiles.MANIFEST);
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.startsWith(PayloadFiles.HYBRID_OVERLAY + "\t"))
                .toList();
        Files.write(manifest, lines, StandardCharsets.UTF_8);

        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> PayloadLoader.load(dir, PlatformProfiles.of(Platform.NONE)));
        assertTrue(e.getMessage().contains("hybrid-overlay-node.exe (needed for the OVN-Kubernetes"), e.getMessage());
        assertTrue(e.getMessage().contains("scripts/build-payload.sh"), e.getMessage());
    }

    @Test
    void withoutAManifestEveryFileIsHashed(@TempDir Path dir) throws Exception {
        StandInPayload.write(dir, 0.0001, 3);
        Files.delete(dir.resolve(PayloadFiles.MANIFEST));
        Files.writeString(dir.resolve(PayloadFiles.KUBELET), "abc");

        PayloadLoader.Payload p = PayloadLoader.load(dir, PlatformProfiles.of(Platform.NONE));

        // SHA-256("abc"), a published test vector
        assertEquals(
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                p.manifest().get(PayloadFiles.KUBELET).orElseThrow().sha256());
        assertEquals(
                PayloadOrigin.UNRECORDED,
                p.manifest().get(PayloadFiles.KUBELET).orElseThrow().origin());
    }

    @Test
    void aBrokenManifestNamesItsLine(@TempDir Path dir) throws Exception {
        StandInPayload.write(dir, 0.0001, 3);
        Files.writeString(dir.resolve(PayloadFiles.MANIFEST), "kubelet.exe\tnot-a-hash\t1\tbuilt\t-\t-\n");

        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> PayloadLoader.load(dir, PlatformProfiles.of(Platform.NONE)));
        assertTrue(e.getMessage().contains(PayloadFiles.MANIFEST + " line 1: sha256"), e.getMessage());
    }

    @Test
    void usesPackedFormsOnlyWhereTheRuleSaysTheyAreWorthSending(@TempDir Path dir) throws Exception {
        StandInPayload.write(dir, 0.0001, 3);
        Path packedDir = Files.createDirectories(dir.resolve("packed"));
        // kubelet: 2 MiB that pack to almost nothing; kube-proxy: a packed form no smaller than the file
        Files.write(dir.resolve(PayloadFiles.KUBELET), new byte[2 << 20]);
        Files.write(dir.resolve(PayloadFiles.KUBE_PROXY), new byte[2 << 20]);
        Files.delete(dir.resolve(PayloadFiles.MANIFEST)); // sizes changed: let the loader hash the files
        Files.write(dir.resolve(PayloadFiles.CONTAINERD), new byte[2 << 20]);
        for (String name : List.of(PayloadFiles.KUBELET, PayloadFiles.CONTAINERD_SHIM, PayloadFiles.CONTAINERD)) {
            // containerd-shim is small: under 1 MiB a packed form is never used
            SingleFileTarGz.pack(dir.resolve(name), packedDir.resolve(name + ".tar.gz"));
            Files.writeString(
                    packedDir.resolve(name + ".tar.gz.sha256"), PayloadDirectory.sha256(dir.resolve(name)) + "\n");
        }
        Files.write(packedDir.resolve("kube-proxy.exe.tar.gz"), new byte[2 << 20]);
        Files.writeString(
                packedDir.resolve("kube-proxy.exe.tar.gz.sha256"),
                PayloadDirectory.sha256(dir.resolve(PayloadFiles.KUBE_PROXY)));
        // containerd changed after it was packed: its packed form is stale and not used
        Files.write(dir.resolve(PayloadFiles.CONTAINERD), new byte[3 << 20]);

        PayloadLoader.Payload p = PayloadLoader.load(dir, PlatformProfiles.of(Platform.NONE));

        assertEquals(java.util.Map.of(PayloadFiles.KUBELET, packedDir.resolve("kubelet.exe.tar.gz")), p.packed());
        assertTrue(
                p.manifest().files().keySet().stream().noneMatch(n -> n.startsWith("packed/")),
                p.manifest().files().keySet().toString());
    }
}
