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

    /**
     * Makes a {@code monitoring.coreos.com/v1} ServiceMonitor of the given name select the Service of the same name
     * (label {@code name=<name>}) and scrape its named port. Idempotent: writes only on difference.
     *
     * @return false when the cluster does not serve ServiceMonitors (nothing is written)
     * @throws ClusterException when reading or writing fails (e.g. forbidden: the operator's role lacks the rule)
     */
    boolean publishServiceMonitor(String namespace, String name, String portName);
}
