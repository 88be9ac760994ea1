package io.wmco.adapter.k8s;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.node.MetadataKeys;
import java.util.Optional;

/**
 * Where the adapter looks and how it names itself.
 *
 * @param operatorNamespace namespace whose ConfigMaps and Secrets are cached (the instances ConfigMap, the private
 *     key Secret)
 * @param machineApiNamespace namespace of the Machines and of the user-data Secret
 * @param userDataSecretName the one Secret of the Machine API namespace that is cached
 * @param eventComponent {@code source.component} of recorded events
 * @param mirrorPullSecret the Secret whose {@code .dockerconfigjson} gives registry mirrors their credentials:
 *     {@code NAME} (operator namespace) or {@code NAMESPACE/NAME}; empty: {@code openshift-config/pull-secret} where
 *     the image config API ({@code images.config.openshift.io}) is served, none elsewhere
 */
public record ClusterOptions(
        String operatorNamespace,
        String machineApiNamespace,
        String userDataSecretName,
        String eventComponent,
        String mirrorPullSecret) {

    public ClusterOptions {
        requireNonBlank(operatorNamespace, "operatorNamespace");
        requireNonBlank(machineApiNamespace, "machineApiNamespace");
        requireNonBlank(userDataSecretName, "userDataSecretName");
        requireNonBlank(eventComponent, "eventComponent");
        requireNonNull(mirrorPullSecret, "mirrorPullSecret cannot be null");
        if (!mirrorPullSecret.isEmpty() && !mirrorPullSecret.matches("([a-z0-9][a-z0-9-]*/)?[a-z0-9][a-z0-9.-]*")) {
            throw new IllegalArgumentException(
                    "mirror pull secret must be NAME or NAMESPACE/NAME, got " + mirrorPullSecret);
        }
    }

    /** Options with the default mirror pull secret. */
    public ClusterOptions(
            String operatorNamespace, String machineApiNamespace, String userDataSecretName, String eventComponent) {
        this(operatorNamespace, machineApiNamespace, userDataSecretName, eventComponent, "");
    }

    /** These options with another mirror pull secret ({@code ""}, {@code NAME} or {@code NAMESPACE/NAME}). */
    public ClusterOptions withMirrorPullSecret(String secret) {
        return new ClusterOptions(operatorNamespace, machineApiNamespace, userDataSecretName, eventComponent, secret);
    }

    /** The mirror pull secret to read, given whether the image config API is served. */
    Optional<KubeRegistryAccess.SecretRef> pullSecret(boolean imageConfigServed) {
        if (mirrorPullSecret.isEmpty()) {
            return imageConfigServed
                    ? Optional.of(new KubeRegistryAccess.SecretRef(
                            KubeRegistryAccess.OPENSHIFT_CONFIG, KubeRegistryAccess.DEFAULT_PULL_SECRET))
                    : Optional.empty();
        }
        int slash = mirrorPullSecret.indexOf('/');
        return Optional.of(
                slash < 0
                        ? new KubeRegistryAccess.SecretRef(operatorNamespace, mirrorPullSecret)
                        : new KubeRegistryAccess.SecretRef(
                                mirrorPullSecret.substring(0, slash), mirrorPullSecret.substring(slash + 1)));
    }

    /** Defaults for everything but the operator namespace. */
    public static ClusterOptions forNamespace(String operatorNamespace) {
        return new ClusterOptions(
                operatorNamespace,
                MetadataKeys.MACHINE_API_NAMESPACE,
                MetadataKeys.USER_DATA_SECRET,
                "windows-machine-config-operator");
    }

    private static void requireNonBlank(String value, String field) {
        requireNonNull(value, field + " cannot be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " cannot be blank; give a Kubernetes object name");
        }
    }
}
