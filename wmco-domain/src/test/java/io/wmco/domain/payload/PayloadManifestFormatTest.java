package io.wmco.domain.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadManifestFormatTest {
    private static final String SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    void readsWhatTheBuildScriptWrites() {
        PayloadManifest m = PayloadManifestFormat.parse(
                List.of(
                        "# wmco payload manifest v1: file, sha256, size, origin, module, version",
                        "kubelet.exe\t" + SHA + "\t123\tbuilt\tk8s.io/kubernetes\tv1.34.4",
                        "",
                        "hns.psm1\t" + SHA + "\t9\trepository\t-\t-",
                        "hybrid-overlay-node.exe\t" + SHA + "\t2\tstand-in\t-\t-"),
                "payload-manifest.tsv");

        PayloadFile kubelet = m.get("kubelet.exe").orElseThrow();
        assertEquals(123, kubelet.size());
        assertEquals(PayloadOrigin.BUILT, kubelet.origin());
        assertEquals(Optional.of("k8s.io/kubernetes"), kubelet.module());
        assertEquals(Optional.of("v1.34.4"), kubelet.version());
        assertEquals(Optional.empty(), m.get("hns.psm1").orElseThrow().module());
        assertEquals(
                PayloadOrigin.STAND_IN,
                m.get("hybrid-overlay-node.exe").orElseThrow().origin());
    }

    @Test
    void formatThenParseGivesTheSameManifest() {
        PayloadManifest m = PayloadManifest.of(Map.of(
                "a.exe",
                new PayloadFile(SHA, 1, PayloadOrigin.SUPPLIED, Optional.empty(), Optional.empty()),
                "b.exe",
                new PayloadFile(SHA, 2, PayloadOrigin.BUILT, Optional.of("example.com/m"), Optional.of("v1.0.0"))));
        assertEquals(
                m,
                PayloadManifestFormat.parse(
                        PayloadManifestFormat.format(m).lines().toList(), "x"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "kubelet.exe\t" + SHA + "\t1\tbuilt\t-|line 1 has 5 tab-separated fields",
                "kubelet.exe\t" + SHA + "\tbig\tbuilt\t-\t-|line 1: size 'big' must be a number of bytes",
                "kubelet.exe\t" + SHA + "\t1\tdownloaded\t-\t-|line 1: origin 'downloaded' must be built",
                "kubelet.exe\tABC\t1\tbuilt\t-\t-|line 1: sha256 must be 64 lower-case hex characters",
                "cni/x.exe\t" + SHA + "\t1\tbuilt\t-\t-|'cni/x.exe' must be a plain file name"
            })
    void badLinesNameTheLineAndTheField(String line, String expected) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PayloadManifestFormat.parse(List.of(line), "m.tsv"));
        assertTrue(e.getMessage().startsWith("m.tsv"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aFileListedTwiceIsAnError() {
        String line = "kubelet.exe\t" + SHA + "\t1\tbuilt\t-\t-";
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> PayloadManifestFormat.parse(List.of(line, line), "m.tsv"));
        assertTrue(e.getMessage().contains("m.tsv line 2: file kubelet.exe is listed twice"), e.getMessage());
    }
}
