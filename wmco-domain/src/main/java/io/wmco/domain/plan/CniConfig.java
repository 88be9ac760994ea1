package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.cluster.Ipv4Cidr;

/**
 * Renders the CNI configuration of a Windows node: the {@code win-overlay} plugin on the hybrid-overlay HNS
 * network, {@code host-local} IPAM handing out the node's pod subnet, pod traffic to the service network excluded
 * from outbound NAT and routed through the overlay (encapsulated). Pure; thread-safe.
 */
public final class CniConfig {
    private CniConfig() {}

    /** The CNI specification version the configuration declares. */
    public static final String CNI_VERSION = "0.2.0";

    /**
     * The configuration file content.
     *
     * @param nodeSubnet the node's pod subnet (annotation {@code k8s.ovn.org/hybrid-overlay-node-subnet})
     * @param serviceCidr the cluster's service network
     */
    public static String render(Ipv4Cidr nodeSubnet, Ipv4Cidr serviceCidr) {
        requireNonNull(nodeSubnet, "nodeSubnet cannot be null");
        requireNonNull(serviceCidr, "serviceCidr cannot be null");
        String service = Json.string(serviceCidr.toString());
        return "{\n"
                + "  \"cniVersion\": " + Json.string(CNI_VERSION) + ",\n"
                + "  \"name\": " + Json.string(NodeLayout.HNS_NETWORK) + ",\n"
                + "  \"type\": \"win-overlay\",\n"
                + "  \"apiVersion\": 2,\n"
                + "  \"capabilities\": {\n"
                + "    \"portMappings\": true,\n"
                + "    \"dns\": true\n"
                + "  },\n"
                + "  \"ipam\": {\n"
                + "    \"type\": \"host-local\",\n"
                + "    \"subnet\": " + Json.string(nodeSubnet.toString()) + "\n"
                + "  },\n"
                + "  \"policies\": [\n"
                + "    {\n"
                + "      \"name\": \"EndpointPolicy\",\n"
                + "      \"value\": {\n"
                + "        \"type\": \"OutBoundNAT\",\n"
                + "        \"settings\": {\n"
                + "          \"exceptions\": [\n"
                + "            " + service + "\n"
                + "          ]\n"
                + "        }\n"
                + "      }\n"
                + "    },\n"
                + "    {\n"
                + "      \"name\": \"EndpointPolicy\",\n"
                + "      \"value\": {\n"
                + "        \"type\": \"SDNRoute\",\n"
                + "        \"settings\": {\n"
                + "          \"destinationPrefix\": " + service + ",\n"
                + "          \"needEncap\": true\n"
                + "        }\n"
                + "      }\n"
                + "    }\n"
                + "  ]\n"
                + "}\n";
    }
}
