package io.wmco.domain.remote;

import static io.wmco.domain.remote.CommandArguments.build;
import static io.wmco.domain.remote.CommandArguments.path;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Host-wide settings of a Windows node that are not files: machine-level environment variables (the proxy
 * variables containerd and the kubelet read), the trusted root certificate store, and listing a directory (to find
 * what the operator wrote earlier and must now remove). Each builder beside the parser of its output. Thread-safe;
 * no state.
 */
public final class HostConfigCommands {
    private HostConfigCommands() {}

    /** Environment variable names the operator sets: a letter or '_' first, then letters, digits, '_'. */
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

    private static final Pattern THUMBPRINT = Pattern.compile("[0-9A-F]{40}");

    /** What {@link #MACHINE_ENV_SET} and {@link #MACHINE_ENV_REMOVE} print when they changed the variable. */
    private static final String CHANGED = "Changed";

    /**
     * {@link CommandKind#MACHINE_ENV_SET}: sets a machine-level variable when it differs; read the result with
     * {@link #parseChanged}.
     *
     * @throws IllegalArgumentException when the name is not a plain variable name or the value is empty or holds NUL
     */
    public static RemoteCommand setMachineVariable(String name, String value) {
        requireNonNull(value, "value cannot be null");
        if (value.isEmpty()) {
            // SetEnvironmentVariable with an empty value deletes the variable: say what is meant instead
            throw new IllegalArgumentException("value of " + name + " cannot be empty; remove the variable instead");
        }
        return build(CommandKind.MACHINE_ENV_SET, variableName(name), CommandArguments.nonBlank(value, "value"));
    }

    /**
     * {@link CommandKind#MACHINE_ENV_REMOVE}: removes a machine-level variable when set; read the result with
     * {@link #parseChanged}.
     */
    public static RemoteCommand removeMachineVariable(String name) {
        return build(CommandKind.MACHINE_ENV_REMOVE, variableName(name));
    }

    /**
     * Whether {@link #setMachineVariable} or {@link #removeMachineVariable} changed the variable.
     *
     * @throws IllegalArgumentException when the command failed or printed something else
     */
    public static boolean parseChanged(CommandResult result) {
        requireNonNull(result, "result cannot be null");
        String out = CommandOutput.stdout(result, CommandKind.MACHINE_ENV_SET);
        if (out.isEmpty()) {
            return false;
        }
        if (out.equals(CHANGED)) {
            return true;
        }
        throw new IllegalArgumentException(
                "expected nothing or '" + CHANGED + "' but the host printed: " + CommandOutput.abbreviate(out));
    }

    /** {@link CommandKind#ROOT_CERT_IMPORT}: imports a certificate file into {@code Cert:\LocalMachine\Root}. */
    public static RemoteCommand importRootCertificate(String certificatePath) {
        return build(CommandKind.ROOT_CERT_IMPORT, path(certificatePath));
    }

    /**
     * {@link CommandKind#ROOT_CERT_REMOVE}: removes a certificate from {@code Cert:\LocalMachine\Root}.
     *
     * @param thumbprint 40 upper-case hex digits (the SHA-1 of the certificate's DER form)
     */
    public static RemoteCommand removeRootCertificate(String thumbprint) {
        requireNonNull(thumbprint, "thumbprint cannot be null");
        if (!THUMBPRINT.matcher(thumbprint).matches()) {
            throw new IllegalArgumentException("thumbprint '" + CommandOutput.abbreviate(thumbprint)
                    + "' must be 40 upper-case hex digits (SHA-1 of the certificate)");
        }
        return build(CommandKind.ROOT_CERT_REMOVE, thumbprint);
    }

    /** {@link CommandKind#CHILD_NAMES}: lists a directory's entries; read the result with {@link #parseNames}. */
    public static RemoteCommand childNames(String directory) {
        return build(CommandKind.CHILD_NAMES, path(directory));
    }

    /**
     * The entry names printed by {@link #childNames}, in the printed order; empty when the directory is missing.
     *
     * @throws IllegalArgumentException when the command failed
     */
    public static List<String> parseNames(CommandResult result) {
        return CommandOutput.lines(CommandOutput.succeeded(result, CommandKind.CHILD_NAMES));
    }

    static String variableName(String name) {
        requireNonNull(name, "variable name cannot be null");
        if (!VARIABLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("environment variable name '" + CommandOutput.abbreviate(name)
                    + "' is invalid: use letters, digits and '_', not starting with a digit");
        }
        return name;
    }
}
