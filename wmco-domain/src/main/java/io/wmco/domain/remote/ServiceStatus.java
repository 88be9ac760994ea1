package io.wmco.domain.remote;

import static java.util.Objects.requireNonNull;

/**
 * A service as {@link ServiceCommands#query} reports it. Immutable.
 *
 * @param state its run state
 * @param startType {@code Automatic}, {@code Manual} or {@code Disabled}; empty when missing
 * @param binaryPath its command line; empty when missing
 */
public record ServiceStatus(ServiceState state, String startType, String binaryPath) {
    /** The status of a service that does not exist. */
    public static final ServiceStatus MISSING = new ServiceStatus(ServiceState.MISSING, "", "");

    public ServiceStatus {
        requireNonNull(state, "state cannot be null");
        requireNonNull(startType, "startType cannot be null");
        requireNonNull(binaryPath, "binaryPath cannot be null");
    }

    /** Whether the service exists. */
    public boolean exists() {
        return state != ServiceState.MISSING;
    }
}
