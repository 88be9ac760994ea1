package io.wmco.adapter.k8s;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.wmco.ports.cluster.SecretStore;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SecretStore}: reads come from informer caches where one covers the Secret (the operator namespace, and the
 * user-data Secret selected by name), otherwise from the API server. {@link #apply} returns at once when a covering
 * cache already holds the wanted data and labels; otherwise it reads the live object, writes only when data or labels
 * differ, and retries a few times on conflict (then a CONFLICT {@code ClusterException} escapes). Error messages
 * never include the server's text for Secrets, and nothing here logs values.
 */
final class KubeSecretStore implements SecretStore {
    private static final Logger LOG = LoggerFactory.getLogger(KubeSecretStore.class);
    static final int MAX_ATTEMPTS = 5;

    /** A cache covering some Secrets. */
    record CachedSecrets(String namespace, Optional<String> onlyName, Lister<V1Secret> lister) {
        CachedSecrets {
            requireNonNull(namespace, "namespace cannot be null");
            requireNonNull(onlyName, "onlyName cannot be null");
            requireNonNull(lister, "lister cannot be null");
        }

        boolean covers(String ns, String name) {
            return namespace.equals(ns) && onlyName.map(name::equals).orElse(true);
        }
    }

    private final CoreV1Api core;
    private final ApiClient client;
    private final List<CachedSecrets> caches;

    KubeSecretStore(ApiClient client, List<CachedSecrets> caches) {
        this.client = requireNonNull(client, "client cannot be null");
        this.core = new CoreV1Api(client);
        this.caches = List.copyOf(requireNonNull(caches, "caches cannot be null"));
    }

    @Override
    public Optional<Map<String, byte[]>> data(String namespace, String name) {
        requireNonNull(namespace, "namespace cannot be null");
        requireNonNull(name, "name cannot be null");
        Optional<V1Secret> secret = caches.stream()
                .filter(c -> c.covers(namespace, name))
                .findFirst()
                .map(c -> Optional.ofNullable(c.lister().namespace(namespace).get(name)))
                .orElseGet(() -> readLive(namespace, name));
        return secret.map(KubeSecretStore::copyData);
    }

    @Override
    public boolean apply(
            String namespace, String name, String type, Map<String, byte[]> data, Map<String, String> labels) {
        requireNonNull(type, "type cannot be null");
        requireNonNull(namespace, "namespace cannot be null");
        requireNonNull(name, "name cannot be null");
        requireNonNull(data, "data cannot be null");
        requireNonNull(labels, "labels cannot be null");
        String what = "Secret " + namespace + "/" + name;
        Optional<V1Secret> cached = caches.stream()
                .filter(c -> c.covers(namespace, name))
                .findFirst()
                .map(c -> c.lister().namespace(namespace).get(name));
        if (cached.isPresent()
                && type.equals(typeOf(cached.get()))
                && sameData(cached.get().getData(), data)
                && NodeMapping.orEmpty(cached.get().getMetadata().getLabels()).equals(labels)) {
            // Steady state answered from the cache; a lagging cache is followed by an event and another reconcile.
            return false;
        }
        for (int attempt = 1; ; attempt++) {
            Optional<V1Secret> live = readLive(namespace, name);
            try {
                if (live.isEmpty()) {
                    V1Secret fresh = new V1Secret()
                            .metadata(new V1ObjectMeta()
                                    .name(name)
                                    .namespace(namespace)
                                    .labels(new HashMap<>(labels)))
                            .type(type)
                            .data(new LinkedHashMap<>(data));
                    core.createNamespacedSecret(namespace, fresh).execute();
                    LOG.info("created {} with keys {}", what, data.keySet());
                    return true;
                }
                V1Secret current = live.get();
                if (!type.equals(typeOf(current))) {
                    // The type of a Secret is immutable: replace the object.
                    core.deleteNamespacedSecret(name, namespace).execute();
                    LOG.info("deleted {} of type {} to recreate it as {}", what, typeOf(current), type);
                    continue;
                }
                if (sameData(current.getData(), data)
                        && NodeMapping.orEmpty(current.getMetadata().getLabels())
                                .equals(labels)) {
                    return false;
                }
                current.getMetadata().setLabels(new HashMap<>(labels));
                current.setData(new LinkedHashMap<>(data));
                current.setStringData(null);
                core.replaceNamespacedSecret(name, namespace, current).execute();
                LOG.info("updated {} with keys {}", what, data.keySet());
                return true;
            } catch (ApiException e) {
                // 409 on create (someone else created it) or on replace (stale resourceVersion): read again.
                if (e.getCode() == 409 && attempt < MAX_ATTEMPTS) {
                    continue;
                }
                throw ApiErrors.translate((live.isEmpty() ? "create " : "update ") + what, e, true);
            }
        }
    }

    @Override
    public void delete(String namespace, String name) {
        requireNonNull(namespace, "namespace cannot be null");
        requireNonNull(name, "name cannot be null");
        ApiErrors.delete(
                "delete Secret " + namespace + "/" + name,
                () -> client.execute(
                        core.deleteNamespacedSecret(name, namespace).buildCall(null)));
    }

    private Optional<V1Secret> readLive(String namespace, String name) {
        return ApiErrors.read(
                "read Secret " + namespace + "/" + name,
                true,
                () -> core.readNamespacedSecret(name, namespace).execute());
    }

    private static String typeOf(V1Secret s) {
        return s.getType() == null || s.getType().isEmpty() ? "Opaque" : s.getType();
    }

    static boolean sameData(Map<String, byte[]> current, Map<String, byte[]> wanted) {
        Map<String, byte[]> c = current == null ? Map.of() : current;
        if (!c.keySet().equals(wanted.keySet())) {
            return false;
        }
        return wanted.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), c.get(e.getKey())));
    }

    private static Map<String, byte[]> copyData(V1Secret secret) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> out.put(k, v == null ? new byte[0] : v.clone()));
        }
        return out;
    }
}
