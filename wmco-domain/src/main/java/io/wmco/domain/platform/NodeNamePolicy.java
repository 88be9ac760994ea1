package io.wmco.domain.platform;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How a platform names Windows nodes and what limits the names must respect.
 *
 * <p>Windows computer names (NetBIOS) hold at most 15 characters. Where the computer name comes from the
 * Machine name (vSphere and Nutanix rename the VM's computer to it; Azure uses it as the computer name), a
 * Machine name is the MachineSet name plus a dash and 5 random characters, so the MachineSet name may hold at
 * most 9.
 *
 * @param renameToMachineName whether the computer is renamed to the Machine name (and rebooted) before joining
 * @param maxComputerNameLength longest allowed node/computer name, when the platform limits it
 * @param maxMachineSetNameLength longest allowed MachineSet name, when the platform limits it
 */
public record NodeNamePolicy(
        boolean renameToMachineName,
        Optional<Integer> maxComputerNameLength,
        Optional<Integer> maxMachineSetNameLength) {
    /** Windows' limit on computer names. */
    public static final int WINDOWS_COMPUTER_NAME_LIMIT = 15;
    /** MachineSet names may hold at most this many characters where computer names derive from Machine names. */
    public static final int MACHINESET_NAME_LIMIT = 9;

    public NodeNamePolicy {
        requireNonNull(maxComputerNameLength, "maxComputerNameLength cannot be null");
        requireNonNull(maxMachineSetNameLength, "maxMachineSetNameLength cannot be null");
    }

    /** No renaming and no limits beyond Kubernetes' own: the node is named by its hostname or the cloud. */
    public static NodeNamePolicy unrestricted() {
        return new NodeNamePolicy(false, Optional.empty(), Optional.empty());
    }

    /** Computer names derived from Machine names, limited to 15 characters; renamed when {@code rename}. */
    public static NodeNamePolicy machineDerived(boolean rename) {
        return new NodeNamePolicy(rename, Optional.of(WINDOWS_COMPUTER_NAME_LIMIT), Optional.of(MACHINESET_NAME_LIMIT));
    }

    /** A problem with a node (computer) name under this policy, or empty when it is acceptable. */
    public Optional<String> checkNodeName(String name) {
        requireNonNull(name, "name cannot be null");
        return maxComputerNameLength
                .filter(max -> name.length() > max)
                .map(max -> "node name '" + name + "' has "
                        + name.length() + " characters; Windows computer names on this platform hold at most " + max
                        + ", so shorten the Machine/MachineSet name");
    }

    /** A problem with a MachineSet name under this policy, or empty when it is acceptable. */
    public Optional<String> checkMachineSetName(String name) {
        requireNonNull(name, "name cannot be null");
        return maxMachineSetNameLength
                .filter(max -> name.length() > max)
                .map(max -> "MachineSet name '" + name
                        + "' has " + name.length() + " characters; on this platform it may hold at most " + max
                        + " so that Machine names fit Windows' 15-character computer names");
    }
}
