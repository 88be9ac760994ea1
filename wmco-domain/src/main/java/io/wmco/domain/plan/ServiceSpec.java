package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The desired state of one Windows service. The executor creates the service when it is missing, reconfigures
 * and restarts it when its command line or dependencies differ, and starts it when stopped; doing so twice
 * changes nothing.
 *
 * @param name service name, e.g. {@code kubelet}
 * @param binaryPath absolute Windows path of the executable
 * @param args arguments after the executable, unquoted; {@link #commandLine()} quotes them
 * @param dependencies names of services that must run first
 * @param startAutomatically start type automatic (otherwise manual)
 * @param restartOnFailure let the service control manager restart the service when it exits with an error
 */
public record ServiceSpec(
        String name,
        String binaryPath,
        List<String> args,
        List<String> dependencies,
        boolean startAutomatically,
        boolean restartOnFailure) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,79}");
    private static final Pattern ABSOLUTE = Pattern.compile("[A-Za-z]:\\\\.*");

    public ServiceSpec {
        requireNonNull(name, "name cannot be null");
        requireNonNull(binaryPath, "binaryPath cannot be null");
        args = List.copyOf(requireNonNull(args, "args cannot be null"));
        dependencies = List.copyOf(requireNonNull(dependencies, "dependencies cannot be null"));
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("service name '" + name
                    + "' must be 1-80 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        for (String d : dependencies) {
            if (!NAME.matcher(d).matches()) {
                throw new IllegalArgumentException(
                        "dependency '" + d + "' of service " + name + " is not a service name");
            }
        }
        if (!ABSOLUTE.matcher(binaryPath).matches() || binaryPath.indexOf('"') >= 0) {
            throw new IllegalArgumentException("binaryPath '" + binaryPath + "' of service " + name
                    + " must be an absolute Windows path such as C:\\k\\kubelet.exe, without double quotes");
        }
        checkText("binaryPath", binaryPath, name);
        for (String a : args) {
            checkText("argument", requireNonNull(a, "argument cannot be null"), name);
        }
    }

    /**
     * Refuses characters a service command line cannot carry: NUL and line breaks, and {@code %}, because the
     * service control manager stores the command line as an expandable string ({@code REG_EXPAND_SZ}) and would
     * replace {@code %VAR%}.
     */
    private static void checkText(String what, String text, String service) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String problem = switch (c) {
                case '\0' -> "a NUL character";
                case '\n', '\r' -> "a line break";
                case '%' -> "'%' (the service manager expands %VAR% in command lines)";
                default -> null;
            };
            if (problem != null) {
                throw new IllegalArgumentException(what + " '"
                        + text.replace("\0", "\\0").replace("\n", "\\n").replace("\r", "\\r") + "' of service "
                        + service + " holds " + problem + ", which a Windows "
                        + "service command line cannot carry");
            }
        }
    }

    /** The command line the service manager runs, quoted so the program receives exactly {@link #args()}. */
    public String commandLine() {
        return WindowsArgv.join(binaryPath, args);
    }

    /** One line describing the service, e.g. for {@link ConfigurationPlan#describe()}. */
    public String describe() {
        return name + " [" + (startAutomatically ? "auto" : "manual") + (restartOnFailure ? ", restart on failure" : "")
                + (dependencies.isEmpty() ? "" : ", after " + String.join(",", dependencies)) + "] " + commandLine();
    }
}
