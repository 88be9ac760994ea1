package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.cluster.Ipv4Cidr;

/**
 * Facts the executor learns while configuring a node and that later steps need: the node's pod subnet (from the
 * {@code k8s.ovn.org/hybrid-overlay-node-subnet} annotation) and the source VIP (the address of the
 * {@value NodeLayout#VIP_ENDPOINT} HNS endpoint). Steps that need them ({@link FileStep.RenderCniConfig},
 * {@link ServiceStep.EnsureKubeProxy}) render their content from this value.
 *
 * @param nodeSubnet the node's pod subnet
 * @param sourceVip the source VIP, an IPv4 address; may be empty only for rendering the CNI configuration
 */
public record OverlayFacts(Ipv4Cidr nodeSubnet, String sourceVip) {
    public OverlayFacts {
        requireNonNull(nodeSubnet, "nodeSubnet cannot be null");
        requireNonNull(sourceVip, "sourceVip cannot be null");
        if (!sourceVip.isEmpty() && !Ipv4Cidr.isIpv4Address(sourceVip)) {
            throw new IllegalArgumentException("sourceVip '" + sourceVip + "' is not an IPv4 address; read it from the "
                    + NodeLayout.VIP_ENDPOINT + " HNS endpoint");
        }
    }

    /**
     * Facts from the raw subnet annotation value and VIP text.
     *
     * @throws IllegalArgumentException when the annotation is not an IPv4 CIDR or the VIP not an IPv4 address
     */
    public static OverlayFacts of(String nodeSubnetAnnotation, String sourceVip) {
        requireNonNull(nodeSubnetAnnotation, "nodeSubnetAnnotation cannot be null");
        return new OverlayFacts(Ipv4Cidr.parse(nodeSubnetAnnotation.trim()), sourceVip);
    }
}
