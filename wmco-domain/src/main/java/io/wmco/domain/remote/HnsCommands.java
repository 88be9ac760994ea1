package io.wmco.domain.remote;

import static io.wmco.domain.remote.CommandArguments.build;
import static io.wmco.domain.remote.CommandArguments.nonBlank;
import static io.wmco.domain.remote.CommandArguments.path;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The Host Networking Service through the {@code hns.psm1} module: each builder beside the parser of its output.
 * Thread-safe; no state.
 */
public final class HnsCommands {
    private HnsCommands() {}

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    /** {@link CommandKind#HNS_NETWORK_NAMES}: read the result with {@link #parseNetworkNames}. */
    public static RemoteCommand networkNames(String hnsModulePath) {
        return build(CommandKind.HNS_NETWORK_NAMES, path(hnsModulePath));
    }

    /**
     * The network names printed by {@link #networkNames}, in the printed order.
     *
     * @throws IllegalArgumentException when the command failed
     */
    public static List<String> parseNetworkNames(CommandResult result) {
        return CommandOutput.lines(CommandOutput.succeeded(result, CommandKind.HNS_NETWORK_NAMES));
    }

    /** {@link CommandKind#HNS_NETWORK_REMOVE}: removes the networks named {@code networkName}, if any. */
    public static RemoteCommand removeNetwork(String hnsModulePath, String networkName) {
        return build(CommandKind.HNS_NETWORK_REMOVE, path(hnsModulePath), nonBlank(networkName, "networkName"));
    }

    /**
     * {@link CommandKind#HNS_ENDPOINT_ENSURE}: makes sure the endpoint exists on the network and prints its IPv4
     * address; read it with {@link #parseEndpointAddress}.
     */
    public static RemoteCommand ensureEndpoint(String hnsModulePath, String networkName, String endpointName) {
        return build(
                CommandKind.HNS_ENDPOINT_ENSURE,
                path(hnsModulePath),
                nonBlank(networkName, "networkName"),
                nonBlank(endpointName, "endpointName"));
    }

    /**
     * The IPv4 address printed by {@link #ensureEndpoint}.
     *
     * @throws IllegalArgumentException when the command failed or did not print one IPv4 address
     */
    public static String parseEndpointAddress(CommandResult result) {
        String out = CommandOutput.stdout(result, CommandKind.HNS_ENDPOINT_ENSURE);
        if (!IPV4.matcher(out).matches()) {
            throw new IllegalArgumentException(
                    "expected the endpoint's IPv4 address but the host printed: " + CommandOutput.abbreviate(out));
        }
        return out;
    }
}
