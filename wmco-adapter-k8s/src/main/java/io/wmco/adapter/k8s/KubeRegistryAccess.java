package io.wmco.adapter.k8s;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonObject;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.wmco.domain.hostsettings.PullSecretAuths;
import io.wmco.ports.cluster.ObjectRef;
import io.wmco.ports.cluster.RegistryAccessSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link RegistryAccessSource} on informer caches: the {@code images.config.openshift.io} objects and the ConfigMaps
 * of {@code openshift-config} (both only where the image config API is served), and the one pull-secret Secret
 * (selected by name). The pull secret is parsed once per resource version; nothing of its content is logged or put in
 * a message.
 */
final class KubeRegistryAccess implements RegistryAccessSource {
    static final String GROUP = "config.openshift.io";
    static final String VERSION = "v1";
    static final String IMAGES_PLURAL = "images";
    static final String OPENSHIFT_CONFIG = "openshift-config";
    static final String DEFAULT_PULL_SECRET = "pull-secret";

    /** A Secret by namespace and name. */
    record SecretRef(String namespace, String name) {
        SecretRef {
            requireNonNull(namespace, "namespace cannot be null");
            requireNonNull(name, "name cannot be null");
        }

        @Override
        public String toString() {
            return namespace + "/" + name;
        }
    }

    private final Optional<Lister<DynamicKubernetesObject>> images;
    private final Optional<Lister<V1ConfigMap>> openshiftConfigMaps;
    private final Optional<SecretRef> pullSecret;
    private final Optional<Lister<V1Secret>> pullSecretLister;
    private final AtomicReference<Parsed> lastParsed = new AtomicReference<>();

    private record Parsed(String uid, String resourceVersion, PullSecretAuths auths) {}

    KubeRegistryAccess(
            Optional<Lister<DynamicKubernetesObject>> images,
            Optional<Lister<V1ConfigMap>> openshiftConfigMaps,
            Optional<SecretRef> pullSecret,
            Optional<Lister<V1Secret>> pullSecretLister) {
        this.images = requireNonNull(images, "images cannot be null");
        this.openshiftConfigMaps = requireNonNull(openshiftConfigMaps, "openshiftConfigMaps cannot be null");
        this.pullSecret = requireNonNull(pullSecret, "pullSecret cannot be null");
        this.pullSecretLister = requireNonNull(pullSecretLister, "pullSecretLister cannot be null");
    }

    @Override
    public Optional<ImageConfigCas> imageConfigCas() {
        if (images.isEmpty() || openshiftConfigMaps.isEmpty()) {
            return Optional.empty();
        }
        DynamicKubernetesObject cluster = images.get().get("cluster");
        Optional<String> name = cluster == null ? Optional.empty() : additionalTrustedCa(cluster.getRaw());
        return name.flatMap(n -> Optional.ofNullable(
                        openshiftConfigMaps.get().namespace(OPENSHIFT_CONFIG).get(n))
                .map(cm -> new ImageConfigCas(
                        "ConfigMap " + OPENSHIFT_CONFIG + "/" + n + " (image.config.openshift.io/cluster"
                                + " additionalTrustedCA)",
                        NodeMapping.orEmpty(cm.getData()))));
    }

    /** {@code spec.additionalTrustedCA.name} of an image config, when set. */
    static Optional<String> additionalTrustedCa(JsonObject image) {
        if (image.get("spec") instanceof JsonObject spec
                && spec.get("additionalTrustedCA") instanceof JsonObject ca
                && ca.get("name") != null
                && ca.get("name").isJsonPrimitive()
                && !ca.get("name").getAsString().isBlank()) {
            return Optional.of(ca.get("name").getAsString());
        }
        return Optional.empty();
    }

    @Override
    public PullSecretAuths pullSecretAuths() {
        if (pullSecret.isEmpty() || pullSecretLister.isEmpty()) {
            return PullSecretAuths.NONE;
        }
        SecretRef ref = pullSecret.get();
        V1Secret secret = pullSecretLister.get().namespace(ref.namespace()).get(ref.name());
        if (secret == null) {
            return PullSecretAuths.NONE;
        }
        String uid = String.valueOf(secret.getMetadata().getUid());
        String rv = String.valueOf(secret.getMetadata().getResourceVersion());
        Parsed last = lastParsed.get();
        if (last != null && last.uid().equals(uid) && last.resourceVersion().equals(rv)) {
            return last.auths();
        }
        byte[] json = secret.getData() == null ? null : secret.getData().get(DockerConfigJson.KEY);
        PullSecretAuths auths = DockerConfigJson.parse("Secret " + ref, json);
        lastParsed.set(new Parsed(uid, rv, auths));
        return auths;
    }

    @Override
    public Optional<ObjectRef> pullSecretRef() {
        return pullSecret.map(r -> new ObjectRef("v1", "Secret", r.namespace(), r.name(), ""));
    }
}
