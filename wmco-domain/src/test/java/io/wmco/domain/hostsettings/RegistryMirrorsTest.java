package io.wmco.domain.hostsettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.hostsettings.MirrorRule.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryMirrorsTest {
    static final List<MirrorRule> RULES = List.of(
            new MirrorRule(
                    Kind.DIGEST,
                    "release",
                    1,
                    "quay.io/openshift-release-dev/ocp-release",
                    List.of("mirror.example.com:5000/ocp/release", "backup.example.com"),
                    false),
            new MirrorRule(Kind.TAG, "tags", 1, "quay.io", List.of("backup.example.com"), false),
            new MirrorRule(
                    Kind.DIGEST,
                    "private",
                    1,
                    "registry.internal:8443",
                    List.of("mirror.example.com:5000", "mirror2.example.com"),
                    true));

    static final Map<String, String> CAS = Map.of("mirror.example.com..5000", TestCertificates.A);

    @Test
    void eachSourceHostGetsOneDirectoryWithItsHostsTomlAndMirrorCas() {
        RegistryMirrors.Rendered r = RegistryMirrors.render(RULES, CAS);
        assertEquals(List.of(), r.problems());
        assertEquals(
                List.of("quay.io", "registry.internal_8443_"),
                r.directories().stream().map(RegistryDirectory::name).toList());
        RegistryDirectory quay = r.directories().get(0);
        assertEquals(
                List.of("hosts.toml", "mirror.example.com_5000_.crt"),
                List.copyOf(quay.files().keySet()));
        assertEquals(TestCertificates.A, quay.files().get("mirror.example.com_5000_.crt"));
        assertGolden("hosts-quay.io.toml", quay.files().get("hosts.toml"));
        assertGolden(
                "hosts-registry.internal_8443_.toml",
                r.directories().get(1).files().get("hosts.toml"));
    }

    @Test
    void badEntriesAreLeftOutNamingThemAndTheRestStays() {
        List<MirrorRule> rules = List.of(
                new MirrorRule(Kind.DIGEST, "a", 1, "*.example.com", List.of("m.example"), false),
                new MirrorRule(
                        Kind.DIGEST, "a", 2, "registry.example/\"quoted\"&<redirect>", List.of("m.example"), false),
                new MirrorRule(Kind.TAG, "b", 1, "docker.io", List.of("mirror.example:5000/'$(x)'"), false),
                new MirrorRule(Kind.TAG, "b", 2, "ghcr.io", List.of("m.example"), false));
        RegistryMirrors.Rendered r = RegistryMirrors.render(rules, Map.of());
        assertEquals(
                List.of("ghcr.io"),
                r.directories().stream().map(RegistryDirectory::name).toList());
        assertEquals(3, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().get(0).startsWith("ImageDigestMirrorSet a entry 1: wildcard source"));
        assertTrue(
                r.problems().get(2).contains("mirror 'mirror.example:5000/'$(x)''"),
                r.problems().get(2));
    }

    @Test
    void aMirrorNamedByBothKindsPullsAndResolves() {
        String toml = RegistryMirrors.render(RULES, Map.of())
                .directories()
                .get(0)
                .files()
                .get("hosts.toml");
        assertTrue(
                toml.contains("[host.\"https://backup.example.com\"]\n  capabilities = [\"pull\", \"resolve\"]"), toml);
    }

    private static void assertGolden(String name, String actual) {
        String expected;
        try (InputStream in = RegistryMirrorsTest.class.getResourceAsStream(name)) {
            if (in == null) {
                Path p = Path.of("target", "golden-actual", name);
                Files.createDirectories(p.getParent());
                Files.writeString(p, actual);
                throw new AssertionError("golden file " + name + " missing; actual in " + p);
            }
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(expected, actual, name);
    }
}
