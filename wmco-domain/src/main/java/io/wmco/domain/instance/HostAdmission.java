package io.wmco.domain.instance;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.platform.NodeNamePolicy;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a Windows host may become a node, and under which name. Checked in two parts because the second needs
 * the host itself:
 * <ol>
 *   <li>{@link #reachable}: before connecting, the instance needs an IPv4 address (its own, or one its DNS name
 *       resolves to; IPv6 is not supported, and IPv6 entries never get this far: see {@link InstanceAddress});</li>
 *   <li>{@link #admit}: with what the host reported, the Windows build must be supported ({@link WindowsBuilds}),
 *       and the node name must be usable: an existing node keeps its name; on platforms that rename the computer
 *       the node is named after the Machine; otherwise after the host name, which must be an RFC 1123 label (the
 *       kubelet lower-cases it); names the platform limits (Windows computer names) must fit.</li>
 * </ol>
 * Thread-safe; no state.
 */
public final class HostAdmission {
    private HostAdmission() {}

    /** The verdict on a host. */
    public sealed interface Admission {}

    /**
     * The host may be configured.
     *
     * @param ipv4 the address the node is expected at
     * @param nodeName the name the node registers (or is registered) with
     */
    public record Admitted(String ipv4, String nodeName) implements Admission {
        public Admitted {
            requireNonNull(ipv4, "ipv4 cannot be null");
            requireNonNull(nodeName, "nodeName cannot be null");
        }
    }

    /**
     * The host may not be configured.
     *
     * @param reason what is wrong and how to fix it, as a phrase that follows the instance's name (the caller names
     *     it), e.g. {@code is refused: Windows build 10.0.14393 is not supported; ...}
     * @param retryable whether the condition may clear by itself (a DNS name that resolves later)
     */
    public record Refused(String reason, boolean retryable) implements Admission {
        public Refused {
            requireNonNull(reason, "reason cannot be null");
        }
    }

    /**
     * What the host reported over SSH.
     *
     * @param hostname its host name as printed, when it was read (only needed when the node name comes from it)
     * @param windowsBuild its Windows build number
     */
    public record HostFacts(Optional<String> hostname, int windowsBuild) {
        public HostFacts {
            requireNonNull(hostname, "hostname cannot be null");
        }
    }

    /**
     * The IPv4 address to configure the instance at, or why there is none (retryable: a name may resolve later).
     */
    public static Admission reachable(WindowsInstance instance, ResolvedAddress resolved) {
        requireNonNull(instance, "instance cannot be null");
        requireNonNull(resolved, "resolved cannot be null");
        return InstanceMatcher.ipv4s(instance, resolved).stream()
                .findFirst()
                .<Admission>map(ip -> new Admitted(ip, ""))
                .orElseGet(() -> new Refused(
                        "has no IPv4 address: make the name resolve to an IPv4 address (IPv6 is not supported)", true));
    }

    /**
     * Where the node name comes from: the existing node's name, else the Machine name on platforms that rename the
     * computer to it, else the host name (which must then be read from the host).
     */
    public static Optional<String> nodeNameWithoutTheHost(
            WindowsInstance instance, Optional<String> existingNodeName, NodeNamePolicy policy) {
        requireNonNull(instance, "instance cannot be null");
        requireNonNull(existingNodeName, "existingNodeName cannot be null");
        requireNonNull(policy, "policy cannot be null");
        if (existingNodeName.isPresent()) {
            return existingNodeName;
        }
        if (instance.source() instanceof InstanceSource.Machine m && policy.renameToMachineName()) {
            return Optional.of(m.name().toLowerCase(Locale.ROOT));
        }
        return Optional.empty();
    }

    /**
     * The verdict once the host has reported its facts.
     *
     * @param ipv4 the address {@link #reachable} admitted
     * @param existingNodeName the name of the instance's node when it already exists
     * @param policy the platform's node naming rules
     */
    public static Admission admit(
            WindowsInstance instance,
            String ipv4,
            Optional<String> existingNodeName,
            HostFacts facts,
            NodeNamePolicy policy) {
        requireNonNull(ipv4, "ipv4 cannot be null");
        requireNonNull(facts, "facts cannot be null");
        Optional<String> build = WindowsBuilds.problem(facts.windowsBuild());
        if (build.isPresent()) {
            return new Refused("is refused: " + build.get(), false);
        }
        Optional<String> given = nodeNameWithoutTheHost(instance, existingNodeName, policy);
        String nodeName;
        if (given.isPresent()) {
            nodeName = given.get();
        } else {
            String hostname = facts.hostname()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "the node name comes from the host name here: read it from the host first"));
            Optional<String> problem = InstanceMatcher.hostnameProblem(hostname);
            if (problem.isPresent()) {
                return new Refused("is refused: " + problem.get(), false);
            }
            nodeName = hostname.toLowerCase(Locale.ROOT);
        }
        if (!instance.isByoh()) {
            Optional<String> problem = policy.checkNodeName(nodeName);
            if (problem.isPresent()) {
                return new Refused("is refused: " + problem.get(), false);
            }
        }
        return new Admitted(ipv4, nodeName);
    }
}
