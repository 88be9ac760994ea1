package io.wmco.domain.remote;

import static io.wmco.domain.remote.CommandArguments.build;
import static io.wmco.domain.remote.CommandArguments.nonBlank;
import static io.wmco.domain.remote.CommandArguments.tcpPort;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Facts about a Windows host (name, build, disk, ports, firewall) and the rename that vSphere and Nutanix need:
 * each builder beside the parser of its output. Thread-safe; no state.
 */
public final class HostCommands {
    private HostCommands() {}

    private static final Pattern DRIVE_ROOT = Pattern.compile("[A-Za-z]:\\\\");

    /** {@link CommandKind#HOSTNAME}: read the result with {@link #parseHostname}. */
    public static RemoteCommand hostname() {
        return build(CommandKind.HOSTNAME);
    }

    /**
     * The host name printed by {@link #hostname}, as printed (Windows keeps the case it was given).
     *
     * @throws IllegalArgumentException when the command failed or printed nothing
     */
    public static String parseHostname(CommandResult result) {
        String out = CommandOutput.stdout(result, CommandKind.HOSTNAME);
        if (out.isEmpty()) {
            throw new IllegalArgumentException("expected the host name but the host printed nothing");
        }
        return out;
    }

    /** {@link CommandKind#WINDOWS_BUILD}: read the result with {@link #parseWindowsBuild}. */
    public static RemoteCommand windowsBuild() {
        return build(CommandKind.WINDOWS_BUILD);
    }

    /**
     * The Windows build number printed by {@link #windowsBuild}.
     *
     * @throws IllegalArgumentException when the command failed or did not print a number
     */
    public static int parseWindowsBuild(CommandResult result) {
        String out = CommandOutput.stdout(result, CommandKind.WINDOWS_BUILD);
        try {
            return Integer.parseInt(out);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "expected a Windows build number but the host printed: " + CommandOutput.abbreviate(out), e);
        }
    }

    /**
     * {@link CommandKind#RENAME_COMPUTER}: renames the computer (vSphere, Nutanix); the name takes effect with the
     * next {@link #restartComputer()}. Prints nothing to parse.
     */
    public static RemoteCommand renameComputer(String newName) {
        return build(CommandKind.RENAME_COMPUTER, nonBlank(newName, "newName"));
    }

    /**
     * {@link CommandKind#RESTART_COMPUTER}: reboots the host now; the SSH connection drops soon after. Prints
     * nothing to parse.
     */
    public static RemoteCommand restartComputer() {
        return build(CommandKind.RESTART_COMPUTER);
    }

    /** {@link CommandKind#LAST_BOOT_TIME}: read the result with {@link #parseLastBootTime}. */
    public static RemoteCommand lastBootTime() {
        return build(CommandKind.LAST_BOOT_TIME);
    }

    /**
     * The boot time printed by {@link #lastBootTime}, as printed: compared for equality only (a reboot changes it).
     *
     * @throws IllegalArgumentException when the command failed or printed nothing
     */
    public static String parseLastBootTime(CommandResult result) {
        String out = CommandOutput.stdout(result, CommandKind.LAST_BOOT_TIME);
        if (out.isEmpty()) {
            throw new IllegalArgumentException("expected the last boot time but the host printed nothing");
        }
        return out;
    }

    /** {@link CommandKind#DRIVE_FREE_BYTES}: read the result with {@link #parseDriveFreeBytes}. */
    public static RemoteCommand driveFreeBytes(String driveRoot) {
        requireNonNull(driveRoot, "driveRoot cannot be null");
        if (!DRIVE_ROOT.matcher(driveRoot).matches()) {
            throw new IllegalArgumentException(
                    "driveRoot '" + CommandOutput.abbreviate(driveRoot) + "' must be a drive root such as " + "C:\\");
        }
        return build(CommandKind.DRIVE_FREE_BYTES, driveRoot);
    }

    /**
     * The number printed by {@link #driveFreeBytes}.
     *
     * @throws IllegalArgumentException when the command failed or did not print a non-negative number
     */
    public static long parseDriveFreeBytes(CommandResult result) {
        String out = CommandOutput.stdout(result, CommandKind.DRIVE_FREE_BYTES);
        try {
            long bytes = Long.parseLong(out);
            if (bytes >= 0) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "expected the free bytes of the drive but the host printed: " + CommandOutput.abbreviate(out));
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
        List<ListeningPort> ports = new ArrayList<>();
        for (String line : CommandOutput.lines(CommandOutput.succeeded(result, CommandKind.LISTENING_TCP_PORTS))) {
            int space = line.indexOf(' ');
            String number = space < 0 ? line : line.substring(0, space);
            try {
                ports.add(new ListeningPort(
                        Integer.parseInt(number),
                        space < 0 ? "" : line.substring(space + 1).strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "expected '<port> <process>' lines but the host printed: " + CommandOutput.abbreviate(line), e);
            }
        }
        return List.copyOf(ports);
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
        String out = CommandOutput.stdout(result, CommandKind.FIREWALL_INBOUND_RULES);
        try {
            int count = Integer.parseInt(out);
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "expected a number of firewall rules but the host printed: " + CommandOutput.abbreviate(out));
    }
}
