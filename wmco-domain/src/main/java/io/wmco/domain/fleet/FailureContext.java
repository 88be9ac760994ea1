package io.wmco.domain.fleet;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.instance.InstanceSource;
import io.wmco.domain.node.NodeSnapshot;
import java.util.Optional;

/**
 * What {@link FailurePolicy} needs to know besides the failure itself. Immutable.
 *
 * @param subject who failed, as administrators read it, e.g. {@code instance 10.0.0.5} or {@code Machine m-1}
 * @param source where the instance comes from (a Machine may be replaced, a BYOH host may not)
 * @param action what was being done
 * @param failuresBefore how many times in a row the same instance failed before this failure
 * @param node the instance's node as the cache shows it; empty when it has none
 */
public record FailureContext(
        String subject, InstanceSource source, Action action, int failuresBefore, Optional<NodeSnapshot> node) {

    /** What was being done when the failure happened. */
    public enum Action {
        CONFIGURE,
        UPGRADE,
        DECONFIGURE,
        UPDATE_KEY_ANNOTATIONS,
        REPLACE_MACHINE,
        RELEASE_SLOT,
        APPLY_HOST_SETTINGS,
        REBOOT
    }

    public FailureContext {
        requireNonNull(subject, "subject cannot be null");
        requireNonNull(source, "source cannot be null");
        requireNonNull(action, "action cannot be null");
        requireNonNull(node, "node cannot be null");
        if (failuresBefore < 0) {
            throw new IllegalArgumentException("failuresBefore cannot be negative, got " + failuresBefore);
        }
    }
}
