package io.wmco.domain.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WindowsBuildsTest {

    @ParameterizedTest
    @CsvSource({
        "17763, Windows Server 2019 LTSC, 10.0.17763",
        "20348, Windows Server 2022 LTSC, 10.0.20348",
        "26100, Windows Server 2025 LTSC, 10.0.26100"
    })
    void acceptsEveryLtscBuild(int build, String name, String version) {
        assertEquals(Optional.empty(), WindowsBuilds.problem(build));
        assertEquals(name, WindowsBuilds.find(build).orElseThrow().name());
        assertEquals(version, WindowsBuilds.find(build).orElseThrow().version());
    }

    @ParameterizedTest
    @ValueSource(ints = {14393, 17134, 18362, 19041, 20344, 25398, 26200})
    void refusesOtherBuildsNamingTheBuildAndTheSupportedOnes(int build) {
        String problem = WindowsBuilds.problem(build).orElseThrow();

        assertTrue(problem.startsWith("Windows build 10.0." + build + " is not supported"), problem);
        assertTrue(
                problem.contains("Windows Server 2019 LTSC (10.0.17763), Windows Server 2022 LTSC (10.0.20348), "
                        + "Windows Server 2025 LTSC (10.0.26100)"),
                problem);
        assertTrue(problem.endsWith("install one of them on the host"), problem);
    }

    @ParameterizedTest
    @CsvSource({"10.0.20348, 20348", "10.0.17763.6414, 17763", " 10.0.26100 , 26100"})
    void parsesVersionsWithOrWithoutRevision(String version, int build) {
        assertEquals(build, WindowsBuilds.parseVersion(version));
    }

    @ParameterizedTest
    @ValueSource(strings = {"20348", "6.3.9600", "10.0", "10.0.x", "", "10.0.20348.1.2"})
    void refusesTextThatIsNotAWindowsVersion(String version) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> WindowsBuilds.parseVersion(version));
        assertTrue(e.getMessage().contains("10.0.<build>"), e.getMessage());
    }

    @Test
    void listsSupportedBuildsOldestFirst() {
        assertEquals(17763, WindowsBuilds.SUPPORTED.get(0).buildNumber());
        for (int i = 1; i < WindowsBuilds.SUPPORTED.size(); i++) {
            assertTrue(WindowsBuilds.SUPPORTED.get(i - 1).buildNumber()
                    < WindowsBuilds.SUPPORTED.get(i).buildNumber());
        }
    }

    @Test
    void refusesNonPositiveBuildNumbers() {
        assertThrows(IllegalArgumentException.class, () -> new WindowsBuilds.WindowsBuild("x", 0));
    }
}
