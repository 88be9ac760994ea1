package io.wmco.domain.instance;

import static java.util.Objects.requireNonNull;

/**
 * A Windows host the operator should turn into a node. Immutable and thread-safe.
 *
 * @param address where the operator reaches it over SSH
 * @param username the account the operator logs in as
 * @param source where the operator learnt about it
 */
public record WindowsInstance(InstanceAddress address, Username username, InstanceSource source) {
    public WindowsInstance {
        requireNonNull(address, "address cannot be null");
        requireNonNull(username, "username cannot be null");
        requireNonNull(source, "source cannot be null");
    }

    /** Whether the instance comes from the {@code windows-instances} ConfigMap. */
    public boolean isByoh() {
        return source instanceof InstanceSource.Byoh;
    }
}
