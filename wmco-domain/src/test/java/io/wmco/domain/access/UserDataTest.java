package io.wmco.domain.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.platform.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class UserDataTest {
    static final AuthorizedKey KEY = AuthorizedKey.parse(
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE0W2Am8iiE9ollepbAbKGrIFOKpRrF0m48JnTb0Ku35 test@example");

    static String golden(String name) throws IOException {
        try (InputStream in = UserDataTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing golden file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "AWS, userdata-aws.txt",
        "AZURE, userdata-aws.txt",
        "NONE, userdata-none.txt",
        "GCP, userdata-none.txt",
        "VSPHERE, userdata-none.txt",
        "NUTANIX, userdata-none.txt",
    })
    void rendersExpectedTextPerPlatform(Platform platform, String goldenFile) throws IOException {
        assertEquals(golden(goldenFile), UserData.render(platform, KEY));
    }

    @ParameterizedTest
    @EnumSource(Platform.class)
    void wrapsInPowershellTagsOnAwsAndAzureOnly(Platform platform) {
        String text = UserData.render(platform, KEY);
        boolean tagged = platform == Platform.AWS || platform == Platform.AZURE;

        assertEquals(tagged, text.startsWith("<powershell>\n"));
        assertEquals(tagged, text.endsWith("</powershell>\n<persist>true</persist>\n"));
        assertEquals(tagged, UserData.wrapsInTags(platform));
    }

    @Test
    void embedsKeyWithoutCommentAsSingleQuotedLiteral() {
        String text = UserData.render(Platform.NONE, KEY);

        assertTrue(text.contains("$authorizedKey = '" + KEY.line() + "'\n"), text);
        assertFalse(text.contains("test@example"));
    }

    @Test
    void opensSshKubeletAndMetricsPortsAndLocksDownTheKeyFile() {
        String text = UserData.render(Platform.NONE, KEY);

        assertTrue(text.contains("foreach ($port in 22, 10250, 9182)"), text);
        assertTrue(text.contains("'PubkeyAuthentication yes', 'PasswordAuthentication no'"), text);
        assertTrue(text.contains("'administrators_authorized_keys'"), text);
        assertTrue(text.contains("foreach ($sid in 'S-1-5-32-544', 'S-1-5-18')"), text);
        assertTrue(text.contains("SetAccessRuleProtection($true, $false)"), text);
        assertTrue(text.trim().endsWith("Restart-Service -Name sshd"), text);
    }

    @Test
    void openedPortsCannotBeChangedByACaller() {
        assertEquals(java.util.List.of(22, 10250, 9182), UserData.OPENED_PORTS);
        org.junit.jupiter.api.Assertions.assertThrows(
                UnsupportedOperationException.class, () -> UserData.OPENED_PORTS.set(0, 2222));
        assertTrue(UserData.render(Platform.NONE, KEY).contains("foreach ($port in 22, 10250, 9182)"));
    }
}
