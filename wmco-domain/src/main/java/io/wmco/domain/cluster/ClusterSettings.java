package io.wmco.domain.cluster;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.platform.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The validated cluster settings a Windows node is configured with: the platform, the service CIDR, the cluster
 * DNS address and the hybrid-overlay VXLAN port. Build it with {@link #derive} (OpenShift) or
 * {@link #forKubernetes} (plain Kubernetes, from operator flags); both return every problem at once.
 *
 * @param platform the infrastructure platform
 * @param serviceCidr the (IPv4) service network
 * @param clusterDns address of the cluster DNS service, inside {@code serviceCidr}
 * @param vxlanPort custom hybrid-overlay VXLAN port; empty means the default 4789
 */
public record ClusterSettings(Platform platform, Ipv4Cidr serviceCidr, String clusterDns, Optional<Integer> vxlanPort) {
    /** The network type that supports Windows nodes. */
    public static final String OVN_KUBERNETES = "OVNKubernetes";
    /** The VXLAN port hybrid overlay uses when none is configured. */
    public static final int DEFAULT_VXLAN_PORT = 4789;
    /** Cluster DNS is this many addresses after the service network address, as OpenShift allocates it. */
    public static final int CLUSTER_DNS_OFFSET = 10;

    public ClusterSettings {
        requireNonNull(platform, "platform cannot be null");
        requireNonNull(serviceCidr, "serviceCidr cannot be null");
        requireNonNull(clusterDns, "clusterDns cannot be null");
        requireNonNull(vxlanPort, "vxlanPort cannot be null");
        if (!serviceCidr.contains(clusterDns)) {
            throw new IllegalArgumentException(
                    "clusterDns " + clusterDns + " must be an IPv4 address inside the service CIDR " + serviceCidr);
        }
        vxlanPort.ifPresent(ClusterSettings::checkPort);
    }

    /** The outcome of building settings: usable, or every reason why not. */
    public sealed interface Result permits Valid, Invalid {}

    /** Usable settings; {@code warnings} are worth an event but do not stop the operator. */
    public record Valid(ClusterSettings settings, List<String> warnings) implements Result {
        public Valid {
            requireNonNull(settings, "settings cannot be null");
            warnings = List.copyOf(requireNonNull(warnings, "warnings cannot be null"));
        }
    }

    /** Not usable; each problem names the setting and the fix. */
    public record Invalid(List<String> problems) implements Result {
        public Invalid {
            problems = List.copyOf(requireNonNull(problems, "problems cannot be null"));
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("problems cannot be empty");
            }
        }
    }

    /**
     * Derives the settings from OpenShift's cluster network, as the reference operator checks it at startup:
     * network type {@code OVNKubernetes} with a hybrid cluster network, service CIDR = {@code serviceNetwork[0]}
     * (IPv4), cluster DNS = its 10th address, VXLAN port from {@code hybridOverlayVXLANPort}, Kubernetes version
     * inside {@code window} (or newer with {@code allowNewerKubernetes}).
     */
    public static Result derive(
            NetworkFacts network,
            Platform platform,
            String kubernetesVersion,
            KubernetesVersionWindow window,
            boolean allowNewerKubernetes) {
        requireNonNull(network, "network cannot be null");
        requireNonNull(platform, "platform cannot be null");
        requireNonNull(window, "window cannot be null");
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        KubernetesVersionWindow.Check versionCheck = window.check(kubernetesVersion, allowNewerKubernetes);
        if (versionCheck instanceof KubernetesVersionWindow.Unsupported u) {
            problems.add(u.reason());
        } else if (versionCheck instanceof KubernetesVersionWindow.AllowedByOverride o) {
            warnings.add(o.warning());
        }
        if (!OVN_KUBERNETES.equals(network.networkType())) {
            problems.add("network type is '" + network.networkType() + "' but Windows nodes need " + OVN_KUBERNETES
                    + "; install the cluster with the OVNKubernetes network type");
        } else if (network.hybridClusterNetworks().isEmpty()) {
            problems.add("hybrid overlay is not configured: set hybridOverlayConfig.hybridClusterNetwork in "
                    + "networks.operator.openshift.io/cluster");
        }
        network.hybridOverlayVxlanPort()
                .flatMap(ClusterSettings::portProblem)
                .ifPresent(p -> problems.add("hybridOverlayVXLANPort: " + p));

        Optional<Ipv4Cidr> serviceCidr = Optional.empty();
        if (network.serviceNetwork().isEmpty()) {
            problems.add("serviceNetwork is empty: the cluster network configuration must list the service CIDR");
        } else {
            serviceCidr = serviceCidr(network.serviceNetwork().get(0), "serviceNetwork[0]", problems);
        }
        Optional<String> dns = serviceCidr.flatMap(c -> tenthAddress(c, "serviceNetwork[0]", problems));
        if (!problems.isEmpty()) {
            return new Invalid(problems);
        }
        return new Valid(
                new ClusterSettings(
                        platform, serviceCidr.orElseThrow(), dns.orElseThrow(), network.hybridOverlayVxlanPort()),
                warnings);
    }

    /**
     * Builds the settings for plain Kubernetes from operator flags.
     *
     * @param serviceCidr the {@code --service-cidr} flag, e.g. {@code 10.96.0.0/12}
     * @param clusterDns the {@code --cluster-dns} flag; null or blank derives the 10th address of the service CIDR
     * @param vxlanPort the {@code --vxlan-port} flag; null for the default
     * @param platform the {@code --platform} flag, already parsed
     */
    public static Result forKubernetes(String serviceCidr, String clusterDns, Integer vxlanPort, Platform platform) {
        requireNonNull(platform, "platform cannot be null");
        List<String> problems = new ArrayList<>();
        Optional<Ipv4Cidr> cidr = serviceCidr == null || serviceCidr.isBlank()
                ? Optional.empty()
                : serviceCidr(serviceCidr.trim(), "service CIDR", problems);
        if (serviceCidr == null || serviceCidr.isBlank()) {
            problems.add("service CIDR is missing: pass the cluster's service network, e.g. 10.96.0.0/12");
        }
        Optional<String> dns;
        if (clusterDns == null || clusterDns.isBlank()) {
            dns = cidr.flatMap(c -> tenthAddress(c, "service CIDR", problems));
        } else if (!Ipv4Cidr.isIpv4Address(clusterDns.trim())) {
            problems.add("cluster DNS '" + clusterDns + "' is not an IPv4 address; pass the address of the cluster DNS "
                    + "service, e.g. 10.96.0.10");
            dns = Optional.empty();
        } else {
            dns = Optional.of(clusterDns.trim());
            cidr.filter(c -> !c.contains(clusterDns.trim()))
                    .ifPresent(c -> problems.add("cluster DNS " + clusterDns.trim() + " is outside the service CIDR "
                            + c + "; pass an address inside it"));
        }
        if (vxlanPort != null) {
            portProblem(vxlanPort).ifPresent(p -> problems.add("VXLAN port: " + p));
        }
        if (!problems.isEmpty()) {
            return new Invalid(problems);
        }
        return new Valid(
                new ClusterSettings(platform, cidr.orElseThrow(), dns.orElseThrow(), Optional.ofNullable(vxlanPort)),
                List.of());
    }

    /** The VXLAN port hybrid overlay uses: the configured one or {@value #DEFAULT_VXLAN_PORT}. */
    public int effectiveVxlanPort() {
        return vxlanPort.orElse(DEFAULT_VXLAN_PORT);
    }

    private static Optional<Ipv4Cidr> serviceCidr(String text, String field, List<String> problems) {
        if (text.indexOf(':') >= 0) {
            problems.add(
                    field + " '" + text + "' is IPv6; Windows nodes need an IPv4 service network first in the list");
            return Optional.empty();
        }
        try {
            return Optional.of(Ipv4Cidr.parse(text));
        } catch (IllegalArgumentException e) {
            problems.add(field + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<String> tenthAddress(Ipv4Cidr cidr, String field, List<String> problems) {
        if (cidr.size() <= CLUSTER_DNS_OFFSET) {
            problems.add(field + " " + cidr + " is too small to hold the cluster DNS address (its " + CLUSTER_DNS_OFFSET
                    + "th address); use a prefix of /28 or shorter");
            return Optional.empty();
        }
        return Optional.of(cidr.addressAt(CLUSTER_DNS_OFFSET));
    }

    private static Optional<String> portProblem(int port) {
        if (port < 1 || port > 65535) {
            return Optional.of(port + " is not a UDP port; use 1..65535");
        }
        return Optional.empty();
    }

    private static void checkPort(int port) {
        portProblem(port).ifPresent(p -> {
            throw new IllegalArgumentException("vxlanPort " + p);
        });
    }
}
