package io.wmco.domain.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PackedFormsTest {
    @ParameterizedTest(name = "raw {0}, packed {1} -> {2}")
    @CsvSource({
        "83078144, 23883122, true", // kubelet.exe at gzip -9
        "1048576, 943718, true", // 1 MiB at exactly 0.9
        "1048576, 943719, false", // just over 0.9
        "1048575, 10, false", // under 1 MiB, however well it packs
        "0, 0, false",
        "16777216, 16777216, false", // incompressible
        "16777216, 16780000, false" // larger packed than raw
    })
    void packedFormIsSentOnlyWhenLargeAndSmallerEnough(long raw, long packed, boolean expected) {
        assertEquals(expected, PackedForms.worthSending(raw, packed));
    }

    @Test
    void negativeSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PackedForms.worthSending(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> PackedForms.worthSending(0, -1));
    }

    @Test
    void packedFormLivesInThePackedDirectory() {
        assertEquals("packed/kubelet.exe.tar.gz", PackedForms.relativePath("kubelet.exe"));
        assertEquals("packed/kubelet.exe.tar.gz.sha256", PackedForms.hashPath("kubelet.exe"));
    }
}
