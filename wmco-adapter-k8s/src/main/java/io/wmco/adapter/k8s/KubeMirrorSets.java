package io.wmco.adapter.k8s;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.wmco.domain.hostsettings.MirrorRule;
import io.wmco.ports.cluster.MirrorSetSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@link MirrorSetSource} on the caches of the {@code imagedigestmirrorsets} and {@code imagetagmirrorsets}
 * informers (absent when the API is not served: no rules). Entries that lack a source are read with an empty one,
 * which the domain reports.
 */
final class KubeMirrorSets implements MirrorSetSource {
    static final String GROUP = "config.openshift.io";
    static final String VERSION = "v1";
    static final String DIGEST_PLURAL = "imagedigestmirrorsets";
    static final String TAG_PLURAL = "imagetagmirrorsets";

    private final Optional<Lister<DynamicKubernetesObject>> digest;
    private final Optional<Lister<DynamicKubernetesObject>> tag;

    KubeMirrorSets(Optional<Lister<DynamicKubernetesObject>> digest, Optional<Lister<DynamicKubernetesObject>> tag) {
        this.digest = requireNonNull(digest, "digest cannot be null");
        this.tag = requireNonNull(tag, "tag cannot be null");
    }

    @Override
    public List<MirrorRule> rules() {
        List<MirrorRule> out = new ArrayList<>();
        digest.ifPresent(l -> read(l.list(), MirrorRule.Kind.DIGEST, "imageDigestMirrors", out));
        tag.ifPresent(l -> read(l.list(), MirrorRule.Kind.TAG, "imageTagMirrors", out));
        return List.copyOf(out);
    }

    static void read(List<DynamicKubernetesObject> sets, MirrorRule.Kind kind, String field, List<MirrorRule> out) {
        List<DynamicKubernetesObject> sorted = new ArrayList<>(sets);
        sorted.sort(Comparator.comparing(o -> o.getMetadata().getName()));
        for (DynamicKubernetesObject set : sorted) {
            JsonObject spec = set.getRaw().getAsJsonObject("spec");
            if (spec == null || !(spec.get(field) instanceof JsonArray entries)) {
                continue;
            }
            int index = 0;
            for (JsonElement e : entries) {
                index++;
                if (!e.isJsonObject()) {
                    continue;
                }
                JsonObject entry = e.getAsJsonObject();
                List<String> mirrors = new ArrayList<>();
                if (entry.get("mirrors") instanceof JsonArray m) {
                    m.forEach(x -> mirrors.add(x.isJsonPrimitive() ? x.getAsString() : ""));
                }
                out.add(new MirrorRule(
                        kind,
                        set.getMetadata().getName(),
                        index,
                        string(entry, "source"),
                        mirrors,
                        "NeverContactSource".equals(string(entry, "mirrorSourcePolicy"))));
            }
        }
    }

    private static String string(JsonObject o, String key) {
        JsonElement v = o.get(key);
        return v != null && v.isJsonPrimitive() ? v.getAsString() : "";
    }
}
