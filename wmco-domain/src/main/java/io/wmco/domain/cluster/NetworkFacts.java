package io.wmco.domain.cluster;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The cluster network settings as read from OpenShift's {@code networks.operator.openshift.io/cluster}, or
 * assembled from operator flags on plain Kubernetes. Raw facts: the domain decides whether they are usable.
 *
 * @param networkType e.g. {@code OVNKubernetes}
 * @param serviceNetwork service CIDRs in order; the first one is the service CIDR
 * @param hybridClusterNetworks CIDRs of {@code hybridOverlayConfig.hybridClusterNetwork}; empty when hybrid
 *     overlay is not configured
 * @param hybridOverlayVxlanPort {@code hybridOverlayVXLANPort}, when set
 */
public record NetworkFacts(
        String networkType,
        List<String> serviceNetwork,
        List<String> hybridClusterNetworks,
        Optional<Integer> hybridOverlayVxlanPort) {

    public NetworkFacts {
        networkType = networkType == null ? "" : networkType;
        serviceNetwork = List.copyOf(requireNonNull(serviceNetwork, "serviceNetwork cannot be null"));
        hybridClusterNetworks =
                List.copyOf(requireNonNull(hybridClusterNetworks, "hybridClusterNetworks cannot be null"));
        requireNonNull(hybridOverlayVxlanPort, "hybridOverlayVxlanPort cannot be null");
    }
}
