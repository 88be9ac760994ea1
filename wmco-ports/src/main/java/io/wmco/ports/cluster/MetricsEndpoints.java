package io.wmco.ports.cluster;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Service and EndpointSlice through which Prometheus scrapes windows_exporter. Thread-safe. */
public interface MetricsEndpoints {

    /** The namespace's labels, or empty when it does not exist. */
    Optional<Map<String, String>> namespaceLabels(String namespace);

    /**
     * Makes a headless Service and its EndpointSlice ({@code discovery.k8s.io/v1}) list exactly the given IPv4
     * addresses on one named port, and removes the Endpoints object of the same name that earlier versions wrote.
     * Idempotent: writes only on difference.
     *
     * @throws ClusterException when reading or writing fails
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
