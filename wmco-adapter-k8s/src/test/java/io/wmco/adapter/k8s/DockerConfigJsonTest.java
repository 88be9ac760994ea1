package io.wmco.adapter.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.wmco.domain.hostsettings.PullSecretAuths;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DockerConfigJsonTest {
    private static final String TOKEN =
            Base64.getEncoder().encodeToString("robot:json-secret".getBytes(StandardCharsets.UTF_8));

    @Test
    void authsBecomeCredentialsByRegistry() {
        String json = "{\"auths\": {\"mirror.example:5000\": {\"auth\": \"" + TOKEN + "\", \"email\": \"x\"},"
                + " \"other.example\": {\"username\": \"robot\", \"password\": \"json-secret\"}}}";
        PullSecretAuths a = DockerConfigJson.parse("Secret s/p", json.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), a.problems());
        assertEquals(Map.of("mirror.example:5000", TOKEN, "other.example", TOKEN), a.byAuthority());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json json-secret", "[\"json-secret\"]", "{\"auths\": \"json-secret\"}", "{\"x\": 1}"})
    void aDocumentThatIsNotADockerConfigIsOneProblemThatQuotesNothing(String json) {
        PullSecretAuths a = DockerConfigJson.parse("Secret s/p", json.getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of(), a.byAuthority());
        assertEquals(1, a.problems().size());
        assertFalse(a.problems().get(0).contains("json-secret"), a.problems().get(0));
    }

    @Test
    void aMissingKeyIsAProblem() {
        PullSecretAuths a = DockerConfigJson.parse("Secret s/p", null);
        assertEquals(List.of("Secret s/p has no key .dockerconfigjson; no mirror gets credentials"), a.problems());
    }

    @Test
    void anEntryThatIsNotAnObjectIsLeftOutWithoutItsValue() {
        PullSecretAuths a = DockerConfigJson.parse(
                "Secret s/p", "{\"auths\": {\"m.example\": \"json-secret\"}}".getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of(), a.byAuthority());
        assertFalse(
                a.problems().toString().contains("json-secret"), a.problems().toString());
    }
}
