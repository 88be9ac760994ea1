package io.wmco.domain.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubernetesVersionWindowTest {
    private final KubernetesVersionWindow window = new KubernetesVersionWindow(29, 34);

    @ParameterizedTest
    @CsvSource({
        "v1.29.0, false, Supported",
        "v1.34.4, false, Supported",
        "1.31, false, Supported",
        "v1.31.6+a1b2c3d, false, Supported",
        "v1.32.0-rc.1, false, Supported",
        "v1.28.15, false, Unsupported",
        "v1.28.15, true, Unsupported",
        "v1.35.0, false, Unsupported",
        "v1.35.0, true, AllowedByOverride",
        "v2.0.0, true, AllowedByOverride",
        "v0.99.0, true, Unsupported",
        "banana, true, Unsupported",
        "'', false, Unsupported",
    })
    void classifiesVersions(String version, boolean allowNewer, String expected) {
        KubernetesVersionWindow.Check check = window.check(version, allowNewer);
        assertEquals(expected, check.getClass().getSimpleName());
        assertEquals(!expected.equals("Unsupported"), check.allowed());
    }

    @ParameterizedTest
    @CsvSource({"v1.28.0, older than the supported range 1.29 to 1.34", "v1.35.2, set the override"})
    void explainsWhyAVersionIsRefused(String version, String phrase) {
        var check = assertInstanceOf(KubernetesVersionWindow.Unsupported.class, window.check(version, false));
        assertTrue(check.reason().contains(phrase), check.reason());
    }

    @ParameterizedTest
    @CsvSource({"v1.34.4, 1, 34, 4", "1.30, 1, 30, 0", "v1.31.6+abc, 1, 31, 6"})
    void parsesGitVersions(String text, int major, int minor, int patch) {
        assertEquals(new KubernetesVersion(major, minor, patch), KubernetesVersion.parse(text));
    }
}
