package io.wmco.adapter.k8s;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.node.MetadataKeys;

/**
 * Where the adapter looks and how it names itself.
 *
 * @param operatorNamespace namespace whose ConfigMaps and Secrets are cached (the instances ConfigMap, the private
 *     key Secret)
 * @param machineApiNamespace namespace of the Machines and of the user-data Secret
 * @param userDataSecretName the one Secret of the Machine API namespace that is cached
 * @param eventComponent {@code source.component} of recorded events
 */
public record ClusterOptions(
        String operatorNamespace, String machineApiNamespace, String userDataSecretName, String eventComponent) {

    public ClusterOptions {
        requireNonBlank(operatorNamespace, "operatorNamespace");
        requireNonBlank(machineApiNamespace, "machineApiNamespace");
        requireNonBlank(userDataSecretName, "userDataSecretName");
        requireNonBlank(eventComponent, "eventComponent");
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
