package io.wmco.adapter.k8s;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.wmco.domain.cluster.NetworkFacts;
import io.wmco.domain.tls.TlsSecurityProfile;
import io.wmco.ports.cluster.ClusterInfo;
import java.util.Optional;

/**
 * {@link ClusterInfo} read live from the API server. A missing OpenShift API group and a missing {@code cluster}
 * object both answer 404 and both mean {@code Optional.empty()}.
 */
final class KubeClusterInfo implements ClusterInfo {
    private final VersionApi version;
    private final CustomObjectsApi custom;

    KubeClusterInfo(ApiClient client) {
        requireNonNull(client, "client cannot be null");
        this.version = new VersionApi(client);
        this.custom = new CustomObjectsApi(client);
    }

    @Override
    public String serverVersion() {
        return ApiErrors.call(
                        "read the API server version",
                        false,
                        () -> version.getCode().execute())
                .getGitVersion();
    }

    @Override
    public Optional<NetworkFacts> openshiftNetwork() {
        return ApiErrors.read(
                        "read networks.operator.openshift.io/cluster",
                        false,
                        () -> custom.getClusterCustomObject("operator.openshift.io", "v1", "networks", "cluster")
                                .execute())
                .map(o -> OpenShiftConfigMapping.network(KubeMachineRepository.toJson(o)));
    }

    @Override
    public Optional<String> openshiftPlatform() {
        return ApiErrors.read(
                        "read infrastructures.config.openshift.io/cluster",
                        false,
                        () -> custom.getClusterCustomObject("config.openshift.io", "v1", "infrastructures", "cluster")
                                .execute())
                .flatMap(o -> OpenShiftConfigMapping.platform(KubeMachineRepository.toJson(o)));
    }

    @Override
    public Optional<TlsSecurityProfile> openshiftTlsProfile() {
        return ApiErrors.read(
                        "read apiservers.config.openshift.io/cluster",
                        false,
                        () -> custom.getClusterCustomObject("config.openshift.io", "v1", "apiservers", "cluster")
                                .execute())
                .flatMap(o -> OpenShiftConfigMapping.tlsProfile(KubeMachineRepository.toJson(o)));
    }
}
