package io.wmco.testkit.sim;

import io.kubernetes.client.util.Config;
import io.wmco.domain.remote.Shell;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs simulated Windows hosts as a process, for the sandbox: {@code count} hosts on consecutive loopback addresses,
 * optionally with the {@link ClusterNetworkEmulator} against a cluster. Prints one line per host,
 * {@code simulated-host <hostname> <address>:<port>}, then {@code simulated-hosts ready}, and runs until killed.
 *
 * <pre>
 * --authorized-keys FILE   OpenSSH public key lines accepted (required)
 * --count N                number of hosts (1)
 * --first-address A        first loopback address (127.0.0.10); the next hosts count up the last octet
 * --port P                 SSH port of every host (0 = ephemeral; 22 needs the right to bind it)
 * --shell CMD|POWERSHELL   default shell (CMD)
 * --hostname-prefix P      host names P1, P2, ... (win-sim-)
 * --root DIR               keep each host's drive under DIR/&lt;hostname&gt; (default: temporary, deleted on exit)
 * --kubeconfig FILE        admin kubeconfig: also run the cluster network emulator
 * --hybrid-cidr CIDR       hybrid cluster network for the emulator (10.132.0.0/14), --host-prefix N (23)
 * --heartbeat SECONDS      kubelet heartbeat (5)
 * </pre>
 */
public final class SimulatedHostsMain {
    private SimulatedHostsMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        String keysFile = o.get("authorized-keys");
        if (keysFile == null) {
            throw new IllegalArgumentException(
                    "--authorized-keys FILE is required: the public key lines the operator " + "logs in with");
        }
        List<String> keyLines = Files.readAllLines(Path.of(keysFile)).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
        int count = Integer.parseInt(o.getOrDefault("count", "1"));
        String[] first = o.getOrDefault("first-address", "127.0.0.10").split("\\.");
        int port = Integer.parseInt(o.getOrDefault("port", "0"));
        Shell shell = Shell.valueOf(o.getOrDefault("shell", "CMD").toUpperCase(Locale.ROOT));
        String prefix = o.getOrDefault("hostname-prefix", "win-sim-");
        Duration heartbeat = Duration.ofSeconds(Long.parseLong(o.getOrDefault("heartbeat", "5")));

        List<AutoCloseable> running = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable c : running) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("closing " + c + " failed: " + e);
                }
            }
        }));
        if (o.containsKey("kubeconfig")) {
            String yaml = Files.readString(Path.of(o.get("kubeconfig")));
            running.add(ClusterNetworkEmulator.start(
                    Config.fromConfig(new StringReader(yaml)),
                    o.getOrDefault("hybrid-cidr", "10.132.0.0/14"),
                    Integer.parseInt(o.getOrDefault("host-prefix", "23")),
                    Duration.ofSeconds(1)));
        }
        for (int i = 0; i < count; i++) {
            String address = first[0] + "." + first[1] + "." + first[2] + "." + (Integer.parseInt(first[3]) + i);
            String hostname = prefix + (i + 1);
            SimulatedWindowsHost.Builder b = SimulatedWindowsHost.builder()
                    .bindAddress(address)
                    .port(port)
                    .defaultShell(shell)
                    .hostname(hostname)
                    .heartbeatInterval(heartbeat);
            keyLines.forEach(b::authorizedKeyLine);
            if (o.containsKey("root")) {
                b.sftpRoot(createDirectories(Path.of(o.get("root"), hostname)));
            }
            SimulatedWindowsHost host = b.start();
            running.add(host);
            System.out.println("simulated-host " + hostname + " " + address + ":" + host.port());
        }
        System.out.println("simulated-hosts ready");
        new CountDownLatch(1).await();
    }

    private static Path createDirectories(Path p) throws IOException {
        return Files.createDirectories(p);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs; got '" + args[i] + "'");
            }
            o.put(args[i].substring(2), args[++i]);
        }
        return o;
    }
}
