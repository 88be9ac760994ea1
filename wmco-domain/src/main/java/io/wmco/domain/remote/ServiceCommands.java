package io.wmco.domain.remote;

import static io.wmco.domain.remote.CommandArguments.build;
import static io.wmco.domain.remote.CommandArguments.nonBlank;
import static io.wmco.domain.remote.CommandArguments.serviceName;

import java.util.List;

/**
 * Windows services: each builder beside the parser of its output. All are idempotent except {@link #create},
 * which fails when the service exists (query first). Thread-safe; no state.
 */
public final class ServiceCommands {
    private ServiceCommands() {}

    /** {@link CommandKind#SERVICE_QUERY}: read the result with {@link #parseQuery}. */
    public static RemoteCommand query(String name) {
        return build(CommandKind.SERVICE_QUERY, serviceName(name));
    }

    /**
     * What {@link #query} printed.
     *
     * @throws IllegalArgumentException when the command failed or the output has an unexpected form
     */
    public static ServiceStatus parseQuery(CommandResult result) {
        List<String> lines = CommandOutput.lines(CommandOutput.succeeded(result, CommandKind.SERVICE_QUERY));
        if (lines.size() == 1 && lines.get(0).equals("Missing")) {
            return ServiceStatus.MISSING;
        }
        if (lines.size() != 3) {
            throw new IllegalArgumentException("expected 'Missing' or three lines (status, start type, binary path) "
                    + "but the host printed: " + CommandOutput.abbreviate(result.stdout()));
        }
        return new ServiceStatus(ServiceState.parse(lines.get(0)), lines.get(1), lines.get(2));
    }

    /**
     * {@link CommandKind#SERVICE_CREATE}: a service that starts automatically and that Windows restarts 10 s after
     * it fails; created stopped. Fails when the service exists.
     *
     * @param binaryPath the full command line, e.g. built with {@link WindowsCommandLine#join}
     */
    public static RemoteCommand create(String name, String binaryPath) {
        return build(CommandKind.SERVICE_CREATE, serviceName(name), nonBlank(binaryPath, "binaryPath"));
    }

    /**
     * {@link CommandKind#SERVICE_SET_BINARY_PATH}: sets the command line when it differs (effective at the next
     * start). Fails when the service is missing.
     */
    public static RemoteCommand setBinaryPath(String name, String binaryPath) {
        return build(CommandKind.SERVICE_SET_BINARY_PATH, serviceName(name), nonBlank(binaryPath, "binaryPath"));
    }

    /** {@link CommandKind#SERVICE_START}: succeeds when it runs already; fails when it is missing. */
    public static RemoteCommand start(String name) {
        return build(CommandKind.SERVICE_START, serviceName(name));
    }

    /** {@link CommandKind#SERVICE_STOP}: stops and waits until stopped; succeeds when stopped or missing. */
    public static RemoteCommand stop(String name) {
        return build(CommandKind.SERVICE_STOP, serviceName(name));
    }

    /** {@link CommandKind#SERVICE_DELETE}: deletes the service if present (stop it first). */
    public static RemoteCommand delete(String name) {
        return build(CommandKind.SERVICE_DELETE, serviceName(name));
    }
}
