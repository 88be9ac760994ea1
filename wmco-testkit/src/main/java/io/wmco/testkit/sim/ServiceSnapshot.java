package io.wmco.testkit.sim;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.remote.ServiceState;
import io.wmco.domain.remote.WindowsCommandLine;
import java.util.List;

/**
 * A service on the simulated host at one moment.
 *
 * @param name service name
 * @param binaryPath its command line
 * @param startType {@code Automatic}, {@code Manual} or {@code Disabled}
 * @param state its run state
 * @param recoveryActions the failure actions set with {@code sc.exe failure}, e.g. {@code restart/10000}; empty if none
 * @param markedForDeletion deleted while running: it disappears when it stops
 */
public record ServiceSnapshot(
        String name,
        String binaryPath,
        String startType,
        ServiceState state,
        String recoveryActions,
        boolean markedForDeletion) {
    public ServiceSnapshot {
        requireNonNull(name, "name cannot be null");
        requireNonNull(binaryPath, "binaryPath cannot be null");
        requireNonNull(startType, "startType cannot be null");
        requireNonNull(state, "state cannot be null");
        requireNonNull(recoveryActions, "recoveryActions cannot be null");
    }

    /** The command line split by Windows rules, the program first. */
    public List<String> argv() {
        return WindowsCommandLine.split(binaryPath);
    }
}
