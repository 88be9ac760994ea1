package io.wmco.domain.machine;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable view of a {@code machine.openshift.io/v1beta1} Machine.
 *
 * @param namespace namespace (normally {@code openshift-machine-api})
 * @param name Machine name
 * @param labels labels
 * @param phase {@code status.phase} ({@code Provisioning}, {@code Provisioned}, {@code Running}, {@code Deleting},
 *     {@code Failed}) or empty when unset
 * @param internalIps the InternalIP entries of {@code status.addresses}, in order
 * @param nodeName {@code status.nodeRef.name}, or empty when no node is linked yet
 * @param machineSet name of the owning MachineSet, or empty
 * @param deleting whether a deletion timestamp is set
 */
public record MachineSnapshot(
        String namespace,
        String name,
        Map<String, String> labels,
        String phase,
        List<String> internalIps,
        Optional<String> nodeName,
        Optional<String> machineSet,
        boolean deleting) {

    public MachineSnapshot {
        requireNonNull(namespace, "namespace cannot be null");
        requireNonNull(name, "name cannot be null");
        labels = Map.copyOf(requireNonNull(labels, "labels cannot be null"));
        phase = phase == null ? "" : phase;
        internalIps = List.copyOf(requireNonNull(internalIps, "internalIps cannot be null"));
        requireNonNull(nodeName, "nodeName cannot be null");
        requireNonNull(machineSet, "machineSet cannot be null");
    }
}
