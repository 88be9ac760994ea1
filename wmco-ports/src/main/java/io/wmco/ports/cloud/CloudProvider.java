package io.wmco.ports.cloud;

import io.wmco.domain.platform.Platform;
import io.wmco.domain.platform.PlatformProfile;
import java.util.Optional;

/**
 * The rules of the infrastructure platform the cluster runs on: SSH user, node naming, kubelet cloud arguments,
 * user-data flavour, extra services. One instance serves the whole operator; the platform is chosen once at
 * startup (from {@code infrastructures.config.openshift.io/cluster} or, on plain Kubernetes, from configuration).
 *
 * <p>Thread-safety: implementations are immutable and safe for concurrent use. Nullability: no method accepts or
 * returns null; absence is {@code Optional.empty()}. Exceptions: the methods here compute from fixed rules and
 * throw only {@link NullPointerException} for null arguments; operations added later that call a cloud API throw
 * the port's {@link io.wmco.ports.PortException} family, whose {@code retryable()} says whether to requeue.
 */
public interface CloudProvider {

    /** The platform this provider serves. */
    Platform platform();

    /** The platform's rules, as the configuration planner consumes them. */
    PlatformProfile profile();

    /** The SSH user of the platform's Windows images; empty on platform None, where each instance names its user. */
    default Optional<String> defaultSshUser() {
        return profile().defaultSshUser();
    }

    /**
     * Checks a node (Windows computer) name against the platform's limits.
     *
     * @return a message naming the problem and the fix, or empty when the name is acceptable
     */
    Optional<String> checkNodeName(String nodeName);

    /**
     * Checks a MachineSet name against the platform's limits (e.g. at most 9 characters where computer names derive
     * from Machine names).
     *
     * @return a message naming the problem and the fix, or empty when the name is acceptable
     */
    Optional<String> checkMachineSetName(String machineSetName);
}
