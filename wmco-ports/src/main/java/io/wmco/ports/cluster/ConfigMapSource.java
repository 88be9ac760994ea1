package io.wmco.ports.cluster;

import java.util.Map;
import java.util.Optional;

/** Reads ConfigMaps (the {@code windows-instances} list). Thread-safe; served from an informer cache. */
public interface ConfigMapSource {

    /** The ConfigMap's {@code data}, or empty when the ConfigMap does not exist. */
    Optional<Map<String, String>> data(String namespace, String name);
}
