package io.wmco.domain.instance;

import static java.util.Objects.requireNonNull;

/**
 * Where the operator learnt about a Windows instance. Immutable and thread-safe.
 */
public sealed interface InstanceSource {

    /** An entry of the {@code windows-instances} ConfigMap (bring your own host). */
    record Byoh() implements InstanceSource {}

    /**
     * A {@code machine.openshift.io} Machine the platform created.
     *
     * @param namespace the Machine's namespace
     * @param name the Machine's name
     */
    record Machine(String namespace, String name) implements InstanceSource {
        public Machine {
            requireNonNull(namespace, "namespace cannot be null");
            requireNonNull(name, "name cannot be null");
            if (name.isBlank()) {
                throw new IllegalArgumentException("Machine name cannot be blank");
            }
        }
    }

    /** The BYOH source. */
    static InstanceSource byoh() {
        return new Byoh();
    }
}
