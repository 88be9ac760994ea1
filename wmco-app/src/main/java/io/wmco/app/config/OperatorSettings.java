package io.wmco.app.config;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.hostsettings.ProxySettings;
import io.wmco.domain.plan.NodeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the operator, built once at startup from flags and environment and never changed.
 *
 * @param kubeconfig kubeconfig file; empty means in-cluster configuration
 * @param namespace the operator namespace (ConfigMap, Secrets, Lease, events)
 * @param payloadDir directory holding the Windows binaries handed to hosts
 * @param operatorVersion the version written to configured nodes; a node with another version is upgraded
 * @param maxParallelConfigurations how many instances are configured at once; empty means derived from the machine
 *     at start-up ({@link Parallelism})
 * @param maxParallelUpgrades how many existing Windows nodes may be upgraded or replaced at once
 * @param httpPort port of {@code /healthz} and {@code /readyz} (plain HTTP); 0 picks a free port
 * @param leaderElection whether to take a Lease before acting
 * @param leaseName name of the Lease in the operator namespace
 * @param identity this replica's identity in the Lease
 * @param leaseDuration how long a leader's Lease is valid without renewal
 * @param sshPort SSH port of Windows hosts
 * @param cluster cluster network settings given by flags (used when OpenShift's config APIs are absent)
 * @param allowNewerKubernetes accept API server minor versions above the supported window
 * @param nodeApiServerUrl API server URL written into kubelet kubeconfigs; empty means derive it
 * @param nodeCaFile CA bundle file kubelets trust the API server with; empty means derive it
 * @param csrBootstrapUsers users, besides the operator's own bootstrap token and OpenShift's node-bootstrapper,
 *     whose kubelet client CSRs the operator approves (see {@code io.wmco.domain.csr.BootstrapRequesters})
 * @param proxy the cluster-wide proxy Windows nodes get as machine variables ({@code --http-proxy} etc., which
 *     default to the operator's own {@code HTTP_PROXY}, {@code HTTPS_PROXY}, {@code NO_PROXY}: OLM sets them from
 *     {@code proxies.config.openshift.io/cluster}, on plain Kubernetes the Deployment does)
 * @param nodeSettings what every configured Windows node is tuned with (log rotation, kubelet values)
 * @param metrics how {@code /metrics} is served (port, TLS certificate files, or plain HTTP)
 * @param mirrorPullSecret the Secret whose {@code .dockerconfigjson} gives registry mirrors their credentials
 *     ({@code --mirror-pull-secret}: {@code NAME} in the operator namespace or {@code NAMESPACE/NAME}); empty means
 *     {@code openshift-config/pull-secret} on OpenShift, none on plain Kubernetes
 */
public record OperatorSettings(
        Optional<Path> kubeconfig,
        String namespace,
        Path payloadDir,
        String operatorVersion,
        Optional<Integer> maxParallelConfigurations,
        int maxParallelUpgrades,
        int httpPort,
        boolean leaderElection,
        String leaseName,
        String identity,
        Duration leaseDuration,
        int sshPort,
        ClusterFlags cluster,
        boolean allowNewerKubernetes,
        Optional<String> nodeApiServerUrl,
        Optional<Path> nodeCaFile,
        List<String> csrBootstrapUsers,
        ProxySettings proxy,
        NodeSettings nodeSettings,
        MetricsServing metrics,
        String mirrorPullSecret) {

    public OperatorSettings {
        requireNonNull(proxy, "proxy cannot be null");
        requireNonNull(kubeconfig, "kubeconfig cannot be null");
        requireNonNull(namespace, "namespace cannot be null");
        requireNonNull(payloadDir, "payloadDir cannot be null");
        requireNonNull(operatorVersion, "operatorVersion cannot be null");
        requireNonNull(leaseName, "leaseName cannot be null");
        requireNonNull(identity, "identity cannot be null");
        requireNonNull(leaseDuration, "leaseDuration cannot be null");
        requireNonNull(cluster, "cluster cannot be null");
        requireNonNull(nodeApiServerUrl, "nodeApiServerUrl cannot be null");
        requireNonNull(nodeCaFile, "nodeCaFile cannot be null");
        csrBootstrapUsers = List.copyOf(requireNonNull(csrBootstrapUsers, "csrBootstrapUsers cannot be null"));
        requireNonNull(nodeSettings, "nodeSettings cannot be null");
        requireNonNull(metrics, "metrics cannot be null");
        requireNonNull(mirrorPullSecret, "mirrorPullSecret cannot be null");
        if (!mirrorPullSecret.isEmpty() && !mirrorPullSecret.matches("([a-z0-9][a-z0-9-]*/)?[a-z0-9][a-z0-9.-]*")) {
            throw new IllegalArgumentException(
                    "--mirror-pull-secret must be NAME (operator namespace) or NAMESPACE/NAME, got "
                            + mirrorPullSecret);
        }
        requireNonNull(maxParallelConfigurations, "maxParallelConfigurations cannot be null");
        if (maxParallelConfigurations.filter(n -> n < 1).isPresent()) {
            throw new IllegalArgumentException("--max-parallel-configurations must be at least 1");
        }
        if (maxParallelUpgrades < 1) {
            throw new IllegalArgumentException("--max-parallel-upgrades must be at least 1");
        }
    }

    /**
     * Cluster settings for plain Kubernetes, where {@code networks.operator.openshift.io} and
     * {@code infrastructures.config.openshift.io} do not exist.
     *
     * @param serviceCidr the cluster's service CIDR, e.g. {@code 10.96.0.0/12}
     * @param clusterDns cluster DNS address; empty means the 10th address of the service CIDR
     * @param vxlanPort hybrid-overlay VXLAN port; empty means the default
     * @param platform platform name ({@code none}, {@code aws}, ...)
     */
    public record ClusterFlags(
            String serviceCidr, Optional<String> clusterDns, Optional<Integer> vxlanPort, String platform) {
        public ClusterFlags {
            requireNonNull(serviceCidr, "serviceCidr cannot be null");
            requireNonNull(clusterDns, "clusterDns cannot be null");
            requireNonNull(vxlanPort, "vxlanPort cannot be null");
            requireNonNull(platform, "platform cannot be null");
        }
    }

    /**
     * How {@code /metrics} is served: over TLS by default, with the cluster's TLS security profile and the
     * certificate and key in the given PEM files (a self-signed certificate while they are not given or not there
     * yet); over plain HTTP only with {@code --metrics-insecure}.
     *
     * @param port port of {@code /metrics}; 0 picks a free port
     * @param certFile PEM certificate chain, server certificate first; empty for a self-signed certificate
     * @param keyFile PEM private key (PKCS#1, SEC1 or PKCS#8, not encrypted) of that certificate
     * @param insecure plain HTTP instead of TLS
     */
    public record MetricsServing(int port, Optional<Path> certFile, Optional<Path> keyFile, boolean insecure) {
        public MetricsServing {
            requireNonNull(certFile, "certFile cannot be null");
            requireNonNull(keyFile, "keyFile cannot be null");
            if (certFile.isPresent() != keyFile.isPresent()) {
                throw new IllegalArgumentException(
                        "--metrics-cert-file and --metrics-key-file go together: give both or neither");
            }
        }
    }
}
