package io.wmco.domain.hostsettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.hostsettings.PullSecretAuths.Entry;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PullSecretAuthsTest {
    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keysAreReducedToTheRegistryAuthorityAndRepositoryKeysAreLeftOut() {
        PullSecretAuths a = PullSecretAuths.from(
                "s",
                Map.of(
                        "https://Mirror.Example.com:5000/", new Entry(b64("u:p"), "", ""),
                        "https://index.docker.io/v1/", new Entry(b64("d:p"), "", ""),
                        "quay.io/some-org", new Entry(b64("q:p"), "", ""),
                        "robot.example", new Entry("", "robot", "pw")));
        assertEquals(List.of(), a.problems());
        assertEquals(
                Map.of(
                        "mirror.example.com:5000", b64("u:p"),
                        "index.docker.io", b64("d:p"),
                        "robot.example", b64("robot:pw")),
                a.byAuthority());
    }

    static Stream<Arguments> hostile() {
        return Stream.of(
                Arguments.of("quoted key", "m\"x.example", new Entry(b64("u:secret1"), "", "")),
                Arguments.of("TOML breaking auth", "m.example", new Entry("abc\"\n[x]\nk = \"secret1", "", "")),
                Arguments.of("auth without colon", "m.example", new Entry(b64("secret1"), "", "")),
                Arguments.of("auth not base64", "m.example", new Entry("secret1!", "", "")),
                Arguments.of("auth with a line break", "m.example", new Entry(b64("u:secret1\nX: y"), "", "")),
                Arguments.of("user with colon", "m.example", new Entry("", "a:b", "secret1")),
                Arguments.of("password missing", "m.example", new Entry("", "secret1", "")),
                Arguments.of("control character in password", "m.example", new Entry("", "u", "secret1\r\n")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void unusableEntriesAreLeftOutWithAProblemThatShowsNoValue(String what, String key, Entry entry) {
        PullSecretAuths a = PullSecretAuths.from("Secret ns/pull", Map.of(key, entry));
        assertEquals(Map.of(), a.byAuthority(), what);
        assertEquals(1, a.problems().size(), what);
        String problem = a.problems().get(0);
        assertTrue(problem.startsWith("Secret ns/pull: "), problem);
        assertFalse(problem.contains("secret1"), problem);
        assertFalse(problem.contains(b64("u:secret1")), problem);
        assertFalse(a.toString().contains("secret1"), a.toString());
        assertFalse(entry.toString().contains("secret1"), entry.toString());
    }

    @Test
    void hostileTokensNeverReachHostsToml() {
        PullSecretAuths a = PullSecretAuths.from(
                "s", Map.of("m.example", new Entry("abc\"\n[host.\"https://evil\"]\nx = \"", "", "")));
        String toml = RegistryMirrors.render(
                        List.of(new MirrorRule(MirrorRule.Kind.DIGEST, "a", 1, "quay.io", List.of("m.example"), false)),
                        Map.of(),
                        a)
                .directories()
                .get(0)
                .files()
                .get("hosts.toml");
        assertFalse(toml.contains("evil"), toml);
        assertFalse(toml.contains("Authorization"), toml);
    }
}
