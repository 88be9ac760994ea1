package io.wmco.domain.hostsettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** user:secret-of-the-mirror, as a pull secret's auth. */
    static final String TOKEN =
            java.util.Base64.getEncoder().encodeToString("user:secret-of-the-mirror".getBytes(StandardCharsets.UTF_8));

    static final PullSecretAuths AUTHS = PullSecretAuths.from(
            "test",
            Map.of(
                    "mirror.example.com:5000", new PullSecretAuths.Entry(TOKEN, "", ""),
                    "https://mirror2.example.com", new PullSecretAuths.Entry("", "robot", "p4ss"),
                    "quay.io", new PullSecretAuths.Entry(TOKEN, "", "")));

    @Test
    void aMirrorWithCredentialsGetsAnAuthorizationHeaderAndItsHostsTomlIsSensitive() {
        RegistryMirrors.Rendered r = RegistryMirrors.render(RULES, CAS, AUTHS);
        assertEquals(List.of(), r.problems());
        RegistryDirectory quay = r.directories().get(0);
        RegistryDirectory internal = r.directories().get(1);
        assertGolden("hosts-quay.io-auth.toml", quay.files().get("hosts.toml"));
        assertGolden("hosts-registry.internal_8443_-auth.toml", internal.files().get("hosts.toml"));
        assertEquals(java.util.Set.of("hosts.toml"), quay.sensitive());
        assertEquals(java.util.Set.of("hosts.toml"), internal.sensitive());
        // the source's own credentials are the kubelet's business: never sent to a mirror
        assertEquals(1, quay.files().get("hosts.toml").split("Authorization").length - 1);
        assertFalse(quay.toString().contains(TOKEN), quay.toString());
    }

    @Test
    void withoutCredentialsForItsMirrorsADirectoryIsNotSensitive() {
        RegistryMirrors.Rendered r = RegistryMirrors.render(
                RULES,
                CAS,
                PullSecretAuths.from("test", Map.of("other.example", new PullSecretAuths.Entry(TOKEN, "", ""))));
        r.directories().forEach(d -> {
            assertEquals(java.util.Set.of(), d.sensitive(), d.name());
            assertFalse(d.files().get("hosts.toml").contains("header"), d.name());
        });
    }

    @Test
    void theImageConfigsCaWinsOverWmcoRegistryCasForTheSameHostAndTheOtherKeysStay() {
        RegistryMirrors.MergedCas merged = RegistryMirrors.mergeCas(
                Map.of("mirror.example.com..5000", TestCertificates.B, "only-image.example", TestCertificates.A),
                "ConfigMap openshift-config/registry-cas",
                Map.of("mirror.example.com..5000", TestCertificates.A, "only-ours.example", TestCertificates.A),
                "ConfigMap ns/wmco-registry-cas");
        assertEquals(
                Map.of(
                        "mirror.example.com..5000", TestCertificates.B,
                        "only-image.example", TestCertificates.A,
                        "only-ours.example", TestCertificates.A),
                merged.cas());
        assertEquals(
                List.of("ConfigMap ns/wmco-registry-cas key mirror.example.com..5000 is not used:"
                        + " ConfigMap openshift-config/registry-cas has a CA for the same registry, which wins;"
                        + " remove one of them"),
                merged.problems());
        RegistryDirectory quay =
                RegistryMirrors.render(RULES, merged.cas()).directories().get(0);
        assertEquals(TestCertificates.B, quay.files().get("mirror.example.com_5000_.crt"));
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
