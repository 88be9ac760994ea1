package io.wmco.it.support;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The local cluster's own network: a network namespace that holds the control plane, the node's kubelet,
 * containerd, kube-proxy and every pod, joined to the test JVM's namespace only by the {@code relay} program
 * (it-tests/kube/node/relay), like the port mappings of a container engine.
 *
 * <p>Why a namespace: a kubelet refuses a loopback node IP, Endpoints refuse loopback addresses, and kube-proxy
 * rewrites the iptables of the namespace it runs in. Inside a namespace of its own the node gets a real address
 * ({@link #NODE_IP} on a veth pair whose both ends stay inside), the API server advertises that address so the
 * {@code kubernetes} Service routes to it, kube-proxy's rules and the pods' bridge touch nothing of the machine's
 * own network, and any number of runs can do the same side by side. The relay forwards
 * <ul>
 *   <li>into the namespace: the API server's port on 127.0.0.1, so tests, kubectl and locally started operators
 *       use {@code https://127.0.0.1:PORT} as before;</li>
 *   <li>out of it: servers of the test JVM (simulated Windows hosts) appear inside at an address of
 *       {@link #HOSTS_SUBNET} (routed locally in the namespace), where pods reach them like machines on the node's
 *       network.</li>
 * </ul>
 * Not thread-safe except {@link #forwardIn} and {@link #forwardOut}, which serialise on the relay.
 */
final class NodeNetwork implements AutoCloseable {

    /** The node's address inside the namespace (its InternalIP, and the API server's advertised address). */
    static final String NODE_IP = "172.29.0.2";
    /** Addresses inside the namespace at which test-JVM servers are exposed to pods ({@link #forwardOut}). */
    static final String HOSTS_SUBNET = "172.29.1.0/24";

    private final String name;
    private final ManagedProcess relay;
    private final Writer commands;
    private final BufferedReader replies;

    private NodeNetwork(String name, ManagedProcess relay) {
        this.name = name;
        this.relay = relay;
        this.commands = relay.stdin();
        this.replies = new BufferedReader(new InputStreamReader(relay.stdout(), UTF_8));
    }

    /** Creates the namespace {@code wmco-<run id>} and starts the relay; recorded in {@code run} for clean-up. */
    static NodeNetwork create(RunDirectory run, Path relayBinary) {
        String name = "wmco-" + run.id();
        run.recordNetworkNamespace(name);
        Exec.check("ip", "netns", "add", name);
        Exec.check("ip", "-n", name, "link", "set", "lo", "up");
        Exec.check("ip", "-n", name, "link", "add", "node0", "type", "veth", "peer", "name", "node1");
        Exec.check("ip", "-n", name, "addr", "add", NODE_IP + "/24", "dev", "node0");
        Exec.check("ip", "-n", name, "link", "set", "node0", "up");
        Exec.check("ip", "-n", name, "link", "set", "node1", "up");
        // Components that look for a default route (kube-proxy, the kubelet) find one; nothing leaves: node1 ends
        // inside the namespace.
        Exec.check("ip", "-n", name, "route", "add", "default", "dev", "node0");
        Exec.check("ip", "-n", name, "route", "add", "local", HOSTS_SUBNET, "dev", "lo");
        ManagedProcess relay = ManagedProcess.startPiped(
                "relay",
                List.of(relayBinary.toString(), "-netns", path(name).toString()),
                run.path().resolve("relay.log"));
        run.recordProcess("relay", relay.pid());
        return new NodeNetwork(name, relay);
    }

    String name() {
        return name;
    }

    static Path path(String name) {
        return Path.of("/run/netns", name);
    }

    /** The command prefix that runs a program inside the namespace (network only: mounts stay shared). */
    List<String> inside(List<String> command) {
        List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + path(name)));
        full.addAll(command);
        return full;
    }

    /** Listens at {@code listen} in the test JVM's namespace and connects to {@code dial} inside. */
    void forwardIn(InetSocketAddress listen, InetSocketAddress dial) {
        command("in", listen, dial);
    }

    /** Listens at {@code listen} inside the namespace and connects to {@code dial} in the test JVM's namespace. */
    void forwardOut(InetSocketAddress listen, InetSocketAddress dial) {
        command("out", listen, dial);
    }

    private synchronized void command(String direction, InetSocketAddress listen, InetSocketAddress dial) {
        requireNonNull(listen, "listen cannot be null");
        requireNonNull(dial, "dial cannot be null");
        String line = direction + " " + hostPort(listen) + " " + hostPort(dial);
        try {
            commands.write(line + "\n");
            commands.flush();
            String reply = replies.readLine();
            if (reply == null || !reply.startsWith("ok ")) {
                relay.requireAlive();
                throw new IllegalStateException("relay refused \"" + line + "\": " + reply);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "relay did not take \"" + line + "\"; end of its log:\n" + relay.tail(20), e);
        }
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    /** Stops the relay (closing its stdin ends it); the namespace itself goes with the {@link RunDirectory}. */
    @Override
    public void close() {
        try {
            commands.close();
        } catch (IOException e) {
            // the relay is gone already
        }
        relay.close();
    }
}
