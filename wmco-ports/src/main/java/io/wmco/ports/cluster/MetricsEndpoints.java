package io.wmco.ports.cluster;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Service and Endpoints through which Prometheus scrapes windows_exporter. Thread-safe. */
public interface MetricsEndpoints {

    /** The namespace's labels, or empty when it does not exist. */
    Optional<Map<String, String>> namespaceLabels(String namespace);

    /**
     * Makes a headless Service and its Endpoints list exactly the given addresses on one named port. Idempotent.
     */
    void publish(String namespace, String name, String portName, int port, List<String> addresses);
}
