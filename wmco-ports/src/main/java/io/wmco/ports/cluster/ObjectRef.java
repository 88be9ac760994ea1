package io.wmco.ports.cluster;

import static java.util.Objects.requireNonNull;

/**
 * Names an API object, for events.
 *
 * @param apiVersion e.g. {@code v1}
 * @param kind e.g. {@code ConfigMap}
 * @param namespace namespace, or empty for cluster-scoped objects
 * @param name object name
 * @param uid object UID, or empty when unknown
 */
public record ObjectRef(String apiVersion, String kind, String namespace, String name, String uid) {
    public ObjectRef {
        requireNonNull(apiVersion, "apiVersion cannot be null");
        requireNonNull(kind, "kind cannot be null");
        namespace = namespace == null ? "" : namespace;
        requireNonNull(name, "name cannot be null");
        uid = uid == null ? "" : uid;
    }

    public static ObjectRef node(String name) {
        return new ObjectRef("v1", "Node", "", name, "");
    }

    public static ObjectRef configMap(String namespace, String name) {
        return new ObjectRef("v1", "ConfigMap", namespace, name, "");
    }

    public static ObjectRef machine(String namespace, String name) {
        return new ObjectRef("machine.openshift.io/v1beta1", "Machine", namespace, name, "");
    }
}
