package io.wmco.ports.cluster;

import io.wmco.domain.machine.MachineSnapshot;
import java.util.List;
import java.util.Optional;

/** {@code machine.openshift.io/v1beta1} Machines. Thread-safe. */
public interface MachineRepository {

    /** Whether the Machine API is installed in this cluster. When false every other method returns nothing. */
    boolean available();

    /** Machines labelled {@code machine.openshift.io/os-id=Windows}. */
    List<MachineSnapshot> windowsMachines();

    Optional<MachineSnapshot> get(String namespace, String name);

    /** Deletes a Machine (the Machine API then replaces it). Idempotent. */
    void delete(String namespace, String name);
}
