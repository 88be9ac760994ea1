package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.cluster.Ipv4Cidr;

/**
 * Renders the kubelet configuration file ({@code KubeletConfiguration}, written as JSON, which the kubelet reads
 * like YAML). Windows-specific choices: no QoS cgroups and no node-allocatable enforcement (Windows has neither),
 * certificate rotation and serving certificates through CSRs (approved by the operator), webhook authentication
 * and authorization, reservations for the system. Pure; thread-safe.
 */
public final class KubeletConfig {
    private KubeletConfig() {}

    /** The cluster's DNS domain. */
    public static final String CLUSTER_DOMAIN = "cluster.local";

    /**
     * The configuration file content.
     *
     * @param clusterDns address of the cluster DNS service (IPv4)
     * @param clientCaFile Windows path of the CA bundle that signs API server client certificates
     */
    public static String render(String clusterDns, String clientCaFile) {
        requireNonNull(clusterDns, "clusterDns cannot be null");
        requireNonNull(clientCaFile, "clientCaFile cannot be null");
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
                + "  \"maxPods\": 250,\n"
                + "  \"containerLogMaxSize\": \"50Mi\",\n"
                + "  \"systemReserved\": {\n"
                + "    \"cpu\": \"500m\",\n"
                + "    \"ephemeral-storage\": \"1Gi\",\n"
                + "    \"memory\": \"1Gi\"\n"
                + "  },\n"
                + "  \"evictionHard\": {\n"
                + "    \"imagefs.available\": \"15%\",\n"
                + "    \"memory.available\": \"500Mi\",\n"
                + "    \"nodefs.available\": \"10%\"\n"
                + "  }\n"
                + "}\n";
    }
}
