package io.wmco.it.sandbox;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.wmco.ports.cluster.SecretStore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link SecretStore} that reads and writes straight through the API (no cache), for the sandbox and the benchmark
 * to prepare what the operator would otherwise create. Thread-safe as the client is.
 */
final class ApiSecretStore implements SecretStore {
    private final CoreV1Api core;

    ApiSecretStore(CoreV1Api core) {
        this.core = requireNonNull(core, "core cannot be null");
    }

    @Override
    public Optional<Map<String, byte[]>> data(String namespace, String name) {
        try {
            V1Secret s = core.readNamespacedSecret(name, namespace).execute();
            return Optional.of(s.getData() == null ? Map.of() : new HashMap<>(s.getData()));
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw failure("read", namespace, name, e);
        }
    }

    @Override
    public boolean apply(String namespace, String name, String type, Map<String, byte[]> data,
            Map<String, String> labels) {
        V1Secret s = new V1Secret().type(type).data(new LinkedHashMap<>(data))
                .metadata(new V1ObjectMeta().name(name).namespace(namespace).labels(new HashMap<>(labels)));
        try {
            core.replaceNamespacedSecret(name, namespace, s).execute();
            return true;
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw failure("replace", namespace, name, e);
            }
        }
        try {
            core.createNamespacedSecret(namespace, s).execute();
            return true;
        } catch (ApiException e) {
            throw failure("create", namespace, name, e);
        }
    }

    @Override
    public void delete(String namespace, String name) {
        try {
            core.deleteNamespacedSecret(name, namespace).execute();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw failure("delete", namespace, name, e);
            }
        }
    }

    private static RuntimeException failure(String verb, String namespace, String name, ApiException e) {
        return new IllegalStateException("could not " + verb + " Secret " + namespace + "/" + name + ": HTTP "
                + e.getCode(), e);
    }
}
