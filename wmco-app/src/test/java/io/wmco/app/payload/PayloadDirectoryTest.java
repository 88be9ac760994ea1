package io.wmco.app.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.payload.PayloadFiles;
import io.wmco.testkit.payload.StandInPayload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadDirectoryTest {

    @Test
    void hashesEveryFileByRelativePath(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("cni"));
        Files.writeString(dir.resolve("cni/host-local.exe"), "abc");
        Map<String, PayloadDirectory.Digest> scan = PayloadDirectory.scan(dir);
        // SHA-256("abc"), a published test vector
        assertEquals(
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                scan.get("cni/host-local.exe").sha256());
        assertEquals(3, scan.get("cni/host-local.exe").size());
    }

    @Test
    void missingDirectoryNamesTheFlag(@TempDir Path dir) {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> PayloadDirectory.scan(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("--payload-dir"), e.getMessage());
    }

    @Test
    void standInsAreReproducibleBySeedAndDifferAcrossSeeds(@TempDir Path dir) throws Exception {
        StandInPayload.write(dir.resolve("a"), 0.0001, 1);
        StandInPayload.write(dir.resolve("b"), 0.0001, 1);
        StandInPayload.write(dir.resolve("c"), 0.0001, 2);
        var a = PayloadDirectory.scan(dir.resolve("a"));
        var b = PayloadDirectory.scan(dir.resolve("b"));
        var c = PayloadDirectory.scan(dir.resolve("c"));
        assertEquals(StandInPayload.REAL_SIZES.keySet(), a.keySet());
        assertEquals(
                a.get(PayloadFiles.KUBELET).sha256(),
                b.get(PayloadFiles.KUBELET).sha256());
        assertNotEquals(
                a.get(PayloadFiles.KUBELET).sha256(),
                c.get(PayloadFiles.KUBELET).sha256());
        assertTrue(Files.readString(dir.resolve("a").resolve(PayloadFiles.HNS_MODULE), StandardCharsets.ISO_8859_1)
                .startsWith("stand-in hns.psm1"));
    }
}
