package io.wmco.domain.remote;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builders for every command the operator runs on a Windows host, and parsers for their output. All scripts are
 * PowerShell ({@link Shell#POWERSHELL}); every value is passed through {@link Quoting#powershell}. The templates
 * live in {@link CommandKind}, the single list the simulated Windows host also understands.
 *
 * <p>All state-changing commands are idempotent (ensure, remove-if-present, stop-if-running), except
 * {@link #createService}, which fails when the service exists: query first.
 *
 * <p>Thread-safe; no state.
 */
public final class WindowsCommands {
    private WindowsCommands() {}

    /** Windows service names the operator uses: letters, digits, '_', '-', '.'; no wildcards. */
    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,256}");

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9A-Fa-f]{64}");
    private static final Pattern DRIVE_ROOT = Pattern.compile("[A-Za-z]:\\\\");

    /** Creates a directory and its parents; succeeds when it exists. */
    public static RemoteCommand ensureDirectory(String path) {
        return build(CommandKind.ENSURE_DIRECTORY, path(path));
    }

    /** Removes a directory tree if present. */
    public static RemoteCommand removeDirectory(String path) {
        return build(CommandKind.REMOVE_DIRECTORY, path(path));
    }

    /**
     * Prints the SHA-256 of a file (upper-case hex); prints nothing and exits 0 when the file is missing. Read the
     * result with {@link #parseSha256}.
     */
    public static RemoteCommand fileSha256(String path) {
        return build(CommandKind.FILE_SHA256, path(path));
    }

    /** Renames {@code source} over {@code target}, replacing it (same volume: atomic on NTFS). */
    public static RemoteCommand replaceFile(String source, String target) {
        return build(CommandKind.REPLACE_FILE, path(source), path(target));
    }

    /** Removes a file if present. */
    public static RemoteCommand removeFile(String path) {
        return build(CommandKind.REMOVE_FILE, path(path));
    }

    /** Queries a service; read the result with {@link #parseServiceStatus}. */
    public static RemoteCommand queryService(String name) {
        return build(CommandKind.SERVICE_QUERY, serviceName(name));
    }

    /**
     * Creates a service that starts automatically and is restarted by Windows 10 s after it fails. Fails when the
     * service exists.
     *
     * @param binaryPath the full command line, e.g. built with {@link WindowsCommandLine#join}
     */
    public static RemoteCommand createService(String name, String binaryPath) {
        return build(CommandKind.SERVICE_CREATE, serviceName(name), nonBlank(binaryPath, "binaryPath"));
    }

    /** Sets a service's command line when it differs (effective at the next start). Fails when it is missing. */
    public static RemoteCommand setServiceBinaryPath(String name, String binaryPath) {
        return build(CommandKind.SERVICE_SET_BINARY_PATH, serviceName(name), nonBlank(binaryPath, "binaryPath"));
    }

    /** Starts a service; succeeds when it runs already; fails when it is missing. */
    public static RemoteCommand startService(String name) {
        return build(CommandKind.SERVICE_START, serviceName(name));
    }

    /** Stops a service and waits until it is stopped; succeeds when it is stopped or missing. */
    public static RemoteCommand stopService(String name) {
        return build(CommandKind.SERVICE_STOP, serviceName(name));
    }

    /** Deletes a service if present (stop it first). */
    public static RemoteCommand deleteService(String name) {
        return build(CommandKind.SERVICE_DELETE, serviceName(name));
    }

    /** Prints the host name. */
    public static RemoteCommand hostname() {
        return build(CommandKind.HOSTNAME);
    }

    /** Prints the Windows build number; read it with {@link #parseWindowsBuild}. */
    public static RemoteCommand windowsBuild() {
        return build(CommandKind.WINDOWS_BUILD);
    }

    /** Prints the HNS network names, one a line; read them with {@link #parseLines}. */
    public static RemoteCommand hnsNetworkNames(String hnsModulePath) {
        return build(CommandKind.HNS_NETWORK_NAMES, path(hnsModulePath));
    }

    /** Removes the HNS networks named {@code networkName}, if any. */
    public static RemoteCommand removeHnsNetwork(String hnsModulePath, String networkName) {
        return build(CommandKind.HNS_NETWORK_REMOVE, path(hnsModulePath), nonBlank(networkName, "networkName"));
    }

    /** {@link CommandKind#HNS_ENDPOINT_ENSURE}: ensure an HNS endpoint and print its IPv4 address. */
    public static RemoteCommand ensureHnsEndpoint(String hnsModulePath, String networkName, String endpointName) {
        return build(
                CommandKind.HNS_ENDPOINT_ENSURE,
                path(hnsModulePath),
                nonBlank(networkName, "networkName"),
                nonBlank(endpointName, "endpointName"));
    }

    /**
     * The IPv4 address printed by {@link #ensureHnsEndpoint}.
     *
     * @throws IllegalArgumentException when the command failed or did not print one IPv4 address
     */
    public static String parseHnsEndpointAddress(CommandResult result) {
        String out = succeeded(result, CommandKind.HNS_ENDPOINT_ENSURE).stdout().strip();
        if (!out.matches("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}")) {
            throw new IllegalArgumentException(
                    "expected the endpoint's IPv4 address but the host printed: " + abbreviate(out));
        }
        return out;
    }

    /** {@link CommandKind#DRIVE_FREE_BYTES}: bytes free on a drive; read it with {@link #parseDriveFreeBytes}. */
    public static RemoteCommand driveFreeBytes(String driveRoot) {
        requireNonNull(driveRoot, "driveRoot cannot be null");
        if (!DRIVE_ROOT.matcher(driveRoot).matches()) {
            throw new IllegalArgumentException(
                    "driveRoot '" + abbreviate(driveRoot) + "' must be a drive root such as " + "C:\\");
        }
        return build(CommandKind.DRIVE_FREE_BYTES, driveRoot);
    }

    /**
     * The number printed by {@link #driveFreeBytes}.
     *
     * @throws IllegalArgumentException when the command failed or did not print a non-negative number
     */
    public static long parseDriveFreeBytes(CommandResult result) {
        String out = succeeded(result, CommandKind.DRIVE_FREE_BYTES).stdout().strip();
        try {
            long bytes = Long.parseLong(out);
            if (bytes >= 0) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "expected the free bytes of the drive but the host printed: " + abbreviate(out));
    }

    /** {@link CommandKind#LISTENING_TCP_PORTS}: read the result with {@link #parseListeningTcpPorts}. */
    public static RemoteCommand listeningTcpPorts() {
        return build(CommandKind.LISTENING_TCP_PORTS);
    }

    /**
     * The listening ports printed by {@link #listeningTcpPorts}, in the printed order.
     *
     * @throws IllegalArgumentException when the command failed or a line is not {@code <port> [process]}
     */
    public static List<ListeningPort> parseListeningTcpPorts(CommandResult result) {
        List<ListeningPort> ports = new java.util.ArrayList<>();
        for (String line : parseLines(succeeded(result, CommandKind.LISTENING_TCP_PORTS))) {
            int space = line.indexOf(' ');
            String number = space < 0 ? line : line.substring(0, space);
            try {
                ports.add(new ListeningPort(
                        Integer.parseInt(number),
                        space < 0 ? "" : line.substring(space + 1).strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "expected '<port> <process>' lines but the host printed: " + abbreviate(line), e);
            }
        }
        return List.copyOf(ports);
    }

    /** {@link CommandKind#FIREWALL_INBOUND_RULES}: read the result with {@link #parseFirewallRuleCount}. */
    public static RemoteCommand firewallInboundRules(int port) {
        return build(CommandKind.FIREWALL_INBOUND_RULES, String.valueOf(tcpPort(port)));
    }

    /**
     * The rule count printed by {@link #firewallInboundRules}.
     *
     * @throws IllegalArgumentException when the command failed or did not print a count
     */
    public static int parseFirewallRuleCount(CommandResult result) {
        String out =
                succeeded(result, CommandKind.FIREWALL_INBOUND_RULES).stdout().strip();
        try {
            int count = Integer.parseInt(out);
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "expected a number of firewall rules but the host printed: " + abbreviate(out));
    }

    /** Renames the computer and reboots it (vSphere, Nutanix); the SSH connection drops afterwards. */
    public static RemoteCommand renameComputerAndReboot(String newName) {
        return build(CommandKind.RENAME_COMPUTER_AND_REBOOT, nonBlank(newName, "newName"));
    }

    /**
     * The lower-case SHA-256 printed by {@link #fileSha256}, or empty when the file is missing.
     *
     * @throws IllegalArgumentException when the command failed or printed something that is not a hash
     */
    public static Optional<String> parseSha256(CommandResult result) {
        String out = succeeded(result, CommandKind.FILE_SHA256).stdout().strip();
        if (out.isEmpty()) {
            return Optional.empty();
        }
        if (!SHA256_HEX.matcher(out).matches()) {
            throw new IllegalArgumentException("expected a SHA-256 in hex but the host printed: " + abbreviate(out));
        }
        return Optional.of(out.toLowerCase(Locale.ROOT));
    }

    /**
     * What {@link #queryService} printed.
     *
     * @throws IllegalArgumentException when the command failed or the output has an unexpected form
     */
    public static ServiceStatus parseServiceStatus(CommandResult result) {
        List<String> lines = parseLines(succeeded(result, CommandKind.SERVICE_QUERY));
        if (lines.size() == 1 && lines.get(0).equals("Missing")) {
            return ServiceStatus.MISSING;
        }
        if (lines.size() != 3) {
            throw new IllegalArgumentException("expected 'Missing' or three lines (status, start type, binary path) "
                    + "but the host printed: " + abbreviate(result.stdout()));
        }
        return new ServiceStatus(ServiceState.parse(lines.get(0)), lines.get(1), lines.get(2));
    }

    /**
     * The Windows build number printed by {@link #windowsBuild}.
     *
     * @throws IllegalArgumentException when the command failed or did not print a number
     */
    public static int parseWindowsBuild(CommandResult result) {
        String out = succeeded(result, CommandKind.WINDOWS_BUILD).stdout().strip();
        try {
            return Integer.parseInt(out);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "expected a Windows build number but the host printed: " + abbreviate(out), e);
        }
    }

    /** The non-blank lines of the output, stripped (CRLF or LF). */
    public static List<String> parseLines(CommandResult result) {
        requireNonNull(result, "result cannot be null");
        return result.stdout()
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
    }

    /**
     * A service as reported by {@link #queryService}.
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

    /**
     * A listening TCP port and the process that holds it, as reported by {@link #listeningTcpPorts}.
     *
     * @param port 1..65535
     * @param process the owning process name (e.g. {@code sshd}); empty when unknown
     */
    public record ListeningPort(int port, String process) {
        public ListeningPort {
            tcpPort(port);
            requireNonNull(process, "process cannot be null");
        }
    }

    /** The run state of a Windows service as {@code ServiceController.Status} prints it, plus missing. */
    public enum ServiceState {
        MISSING("Missing"),
        STOPPED("Stopped"),
        START_PENDING("StartPending"),
        STOP_PENDING("StopPending"),
        RUNNING("Running"),
        CONTINUE_PENDING("ContinuePending"),
        PAUSE_PENDING("PausePending"),
        PAUSED("Paused");

        private final String printed;

        ServiceState(String printed) {
            this.printed = printed;
        }

        /** The text PowerShell prints for this state. */
        public String printed() {
            return printed;
        }

        /** The state for PowerShell's text. */
        public static ServiceState parse(String printed) {
            for (ServiceState s : values()) {
                if (s.printed.equals(printed)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown service state '" + abbreviate(printed) + "'");
        }
    }

    private static RemoteCommand build(CommandKind kind, String... arguments) {
        return RemoteCommand.powershell(kind.render(List.of(arguments)));
    }

    private static CommandResult succeeded(CommandResult result, CommandKind kind) {
        requireNonNull(result, "result cannot be null");
        if (!result.succeeded()) {
            throw new IllegalArgumentException(
                    kind + " failed with exit status " + result.exitStatus() + ": " + abbreviate(result.stderr()));
        }
        return result;
    }

    private static String serviceName(String name) {
        requireNonNull(name, "service name cannot be null");
        if (!SERVICE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("service name '" + abbreviate(name) + "' is invalid: use 1 to 256 "
                    + "letters, digits, '_', '-' or '.' (no wildcards)");
        }
        return name;
    }

    private static int tcpPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        return port;
    }

    private static String path(String path) {
        return nonBlank(path, "path");
    }

    private static String nonBlank(String value, String field) {
        requireNonNull(value, field + " cannot be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " cannot be blank");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(field + " holds a NUL character: remove it");
        }
        return value;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
