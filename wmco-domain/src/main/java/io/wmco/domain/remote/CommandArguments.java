package io.wmco.domain.remote;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Argument checks shared by the command families, and the one way they render a {@link CommandKind}: every
 * value is checked here before {@link CommandKind#render} quotes it. Thread-safe; no state.
 */
final class CommandArguments {
    private CommandArguments() {}

    /** Windows service names the operator uses: letters, digits, '_', '-', '.'; no wildcards. */
    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,256}");

    /** A PowerShell command of this kind with these (already checked) arguments. */
    static RemoteCommand build(CommandKind kind, String... arguments) {
        return RemoteCommand.powershell(kind.render(List.of(arguments)));
    }

    static String serviceName(String name) {
        requireNonNull(name, "service name cannot be null");
        if (!SERVICE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("service name '" + CommandOutput.abbreviate(name) + "' is invalid: use"
                    + " 1 to 256 letters, digits, '_', '-' or '.' (no wildcards)");
        }
        return name;
    }

    static int tcpPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        return port;
    }

    static String path(String path) {
        return nonBlank(path, "path");
    }

    static String nonBlank(String value, String field) {
        requireNonNull(value, field + " cannot be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " cannot be blank");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(field + " holds a NUL character: remove it");
        }
        return value;
    }
}
