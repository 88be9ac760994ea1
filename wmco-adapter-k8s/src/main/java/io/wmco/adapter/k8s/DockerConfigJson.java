package io.wmco.adapter.k8s;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.wmco.domain.hostsettings.PullSecretAuths;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code .dockerconfigjson} of a pull secret ({@code {"auths": {"registry": {"auth": ...}}}}) into the
 * domain's {@link PullSecretAuths}, which checks each entry. Used by the operator's cache reader and by
 * {@code wmco plan}. Messages name the origin only: nothing of the document is ever quoted.
 */
public final class DockerConfigJson {
    private DockerConfigJson() {}

    /** The key of a {@code kubernetes.io/dockerconfigjson} Secret's data. */
    public static final String KEY = ".dockerconfigjson";

    /** Reads a {@code .dockerconfigjson}; a document that is not one is a problem naming the Secret only. */
    public static PullSecretAuths parse(String origin, byte[] json) {
        if (json == null) {
            return new PullSecretAuths(
                    Map.of(), List.of(origin + " has no key " + KEY + "; no mirror gets credentials"));
        }
        JsonObject auths;
        try {
            JsonElement doc = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
            if (!(doc instanceof JsonObject o) || !(o.get("auths") instanceof JsonObject a)) {
                throw new JsonParseException("no auths object");
            }
            auths = a;
        } catch (JsonParseException e) {
            // the parser's message may quote the content: never pass it on
            return new PullSecretAuths(
                    Map.of(),
                    List.of(origin + " key " + KEY + " is not a docker config JSON with an auths"
                            + " object; no mirror gets credentials"));
        }
        Map<String, PullSecretAuths.Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : auths.entrySet()) {
            if (e.getValue() instanceof JsonObject entry) {
                entries.put(
                        e.getKey(),
                        new PullSecretAuths.Entry(
                                string(entry, "auth"), string(entry, "username"), string(entry, "password")));
            } else {
                entries.put(e.getKey(), new PullSecretAuths.Entry("", "", ""));
            }
        }
        return PullSecretAuths.from(origin, entries);
    }

    private static String string(JsonObject o, String key) {
        JsonElement v = o.get(key);
        return v != null && v.isJsonPrimitive() ? v.getAsString() : "";
    }
}
