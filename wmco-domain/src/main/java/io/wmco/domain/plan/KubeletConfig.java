package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.cluster.Ipv4Cidr;
import io.wmco.domain.node.MetadataKeys;
import java.util.Map;

/**
 * Renders the kubelet configuration file ({@code KubeletConfiguration}, written as JSON, which the kubelet reads
 * like YAML). Windows-specific choices: no QoS cgroups and no node-allocatable enforcement (Windows has neither),
 * certificate rotation and serving certificates through CSRs (approved by the operator), webhook authentication
 * and authorization. The node registers with the taint {@code os=Windows:NoSchedule} ({@code registerWithTaints}), so
 * that no pod without a matching toleration lands on it even for a moment; reservations, eviction thresholds and the
 * pod limit come from {@link KubeletSettings}. Pure; thread-safe.
 */
public final class KubeletConfig {
    private KubeletConfig() {}

    /** The cluster's DNS domain. */
    public static final String CLUSTER_DOMAIN = "cluster.local";

    /** The taint every Windows node registers with: key {@code os}, value {@code Windows}, effect NoSchedule. */
    public static final String TAINT_KEY = "os";

    public static final String TAINT_VALUE = MetadataKeys.WINDOWS;
    public static final String TAINT_EFFECT = "NoSchedule";

    /** The configuration file content with {@link KubeletSettings#DEFAULT}. */
    public static String render(String clusterDns, String clientCaFile) {
        return render(clusterDns, clientCaFile, KubeletSettings.DEFAULT);
    }

    /**
     * The configuration file content.
     *
     * @param clusterDns address of the cluster DNS service (IPv4)
     * @param clientCaFile Windows path of the CA bundle that signs API server client certificates
     * @param settings reservations, eviction thresholds and pod limit
     */
    public static String render(String clusterDns, String clientCaFile, KubeletSettings settings) {
        requireNonNull(clusterDns, "clusterDns cannot be null");
        requireNonNull(clientCaFile, "clientCaFile cannot be null");
        requireNonNull(settings, "settings cannot be null");
        if (!Ipv4Cidr.isIpv4Address(clusterDns)) {
            throw new IllegalArgumentException("clusterDns '" + clusterDns + "' must be an IPv4 address");
        }
        return "{\n"
                + "  \"kind\": \"KubeletConfiguration\",\n"
                + "  \"apiVersion\": \"kubelet.config.k8s.io/v1beta1\",\n"
                + "  \"rotateCertificates\": true,\n"
                + "  \"serverTLSBootstrap\": true,\n"
                + "  \"authentication\": {\n"
                + "    \"x509\": {\n"
                + "      \"clientCAFile\": " + Json.string(clientCaFile) + "\n"
                + "    },\n"
                + "    \"webhook\": {\n"
                + "      \"enabled\": true\n"
                + "    },\n"
                + "    \"anonymous\": {\n"
                + "      \"enabled\": false\n"
                + "    }\n"
                + "  },\n"
                + "  \"authorization\": {\n"
                + "    \"mode\": \"Webhook\"\n"
                + "  },\n"
                + "  \"clusterDomain\": " + Json.string(CLUSTER_DOMAIN) + ",\n"
                + "  \"clusterDNS\": [\n"
                + "    " + Json.string(clusterDns) + "\n"
                + "  ],\n"
                + "  \"cgroupsPerQOS\": false,\n"
                + "  \"enforceNodeAllocatable\": [],\n"
                + "  \"runtimeRequestTimeout\": \"10m\",\n"
                + "  \"maxPods\": " + settings.maxPods() + ",\n"
                + "  \"containerLogMaxSize\": \"50Mi\",\n"
                + "  \"systemReserved\": " + object(settings.systemReserved()) + ",\n"
                + "  \"evictionHard\": " + object(settings.evictionHard()) + ",\n"
                + "  \"registerWithTaints\": [\n"
                + "    {\n"
                + "      \"key\": " + Json.string(TAINT_KEY) + ",\n"
                + "      \"value\": " + Json.string(TAINT_VALUE) + ",\n"
                + "      \"effect\": " + Json.string(TAINT_EFFECT) + "\n"
                + "    }\n"
                + "  ]\n"
                + "}\n";
    }

    /** A JSON object of strings at the second level of indentation, entries in the map's order. */
    private static String object(Map<String, String> entries) {
        if (entries.isEmpty()) {
            return "{}";
        }
        StringBuilder sb = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, String> e : entries.entrySet()) {
            sb.append("    ")
                    .append(Json.string(e.getKey()))
                    .append(": ")
                    .append(Json.string(e.getValue()))
                    .append(++i < entries.size() ? ",\n" : "\n");
        }
        return sb.append("  }").toString();
    }
}
