package io.wmco.it.bench;

import io.kubernetes.client.util.Config;
import io.wmco.domain.remote.CommandKind;
import io.wmco.testkit.sim.ClusterNetworkEmulator;
import io.wmco.testkit.sim.CommandLogEntry;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The simulated side of the onboarding benchmark, in its own process so that the benchmark's JVM measures the
 * operator alone: {@code count} simulated Windows hosts with fixed per-command delays, plus the emulated cluster
 * network. Prints {@code bench-hosts ready}; then answers {@code report} on stdin with one line
 * {@code bench-hosts report delay-ms <min> <max> commands <n> unknown <u> errors <e> sftp-bytes <s> command-bytes <c>
 * kinds <KIND=count,...>} (the simulated delay each host spent, summed over its commands; the file content bytes the
 * hosts received over SFTP and the bytes of the command lines they were sent, summed over all hosts), and stops on
 * {@code exit} or end of input.
 * The hosts' SSH server sets TCP_NODELAY (override with {@code -Dorg.apache.sshd.config.tcp-nodelay=false}).
 *
 * <pre>
 * --count N --first-address A --port P --authorized-key-file F --hostname-prefix P --heartbeat SECONDS
 * --kubeconfig FILE --delays KIND=MILLIS,KIND=MILLIS [--log-level WARN] [--warm-up true]
 * </pre>
 */
public final class BenchHostsMain {
    private BenchHostsMain() {}

    public static void main(String[] args) throws Exception {
        // Answer without Nagle stalls: with MINA's default (no TCP_NODELAY) the simulator's small writes (output,
        // exit status, EOF, close) wait for delayed ACKs, ~85 ms per command on loopback, which is not part of the
        // fixed delays this benchmark simulates. The operator's side keeps its own default.
        System.setProperty(
                "org.apache.sshd.config.tcp-nodelay", System.getProperty("org.apache.sshd.config.tcp-nodelay", "true"));
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs; got '" + args[i] + "'");
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        // one line per run is the output; the simulators' per-step logs would drown it unless asked for
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.wmco"))
                .setLevel(ch.qos.logback.classic.Level.toLevel(
                        o.getOrDefault("log-level", "WARN"), ch.qos.logback.classic.Level.WARN));
        int count = Integer.parseInt(o.get("count"));
        String[] first = o.get("first-address").split("\\.");
        int port = Integer.parseInt(o.get("port"));
        String keyLine = Files.readString(Path.of(o.get("authorized-key-file"))).trim();
        Duration heartbeat = Duration.ofSeconds(Long.parseLong(o.getOrDefault("heartbeat", "3")));
        Map<CommandKind, Duration> delays = parseDelays(o.getOrDefault("delays", ""));

        List<AutoCloseable> running = new ArrayList<>();
        List<SimulatedWindowsHost> hosts = new ArrayList<>();
        String yaml = Files.readString(Path.of(o.get("kubeconfig")));
        running.add(ClusterNetworkEmulator.start(
                Config.fromConfig(new StringReader(yaml)), "10.132.0.0/14", 23, Duration.ofMillis(250)));
        for (int i = 0; i < count; i++) {
            String address = first[0] + "." + first[1] + "." + first[2] + "." + (Integer.parseInt(first[3]) + i);
            SimulatedWindowsHost host = SimulatedWindowsHost.builder()
                    .bindAddress(address)
                    .port(port)
                    .authorizedKeyLine(keyLine)
                    .hostname(o.get("hostname-prefix") + i)
                    .heartbeatInterval(heartbeat)
                    .start();
            delays.forEach((k, d) -> host.faults().delay(k, d));
            hosts.add(host);
            running.add(host);
        }
        if (Boolean.parseBoolean(o.getOrDefault("warm-up", "true"))) {
            warmUp(first, port, o.get("hostname-prefix"));
        }
        System.out.println("bench-hosts ready");
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !line.equals("exit")) {
                if (line.equals("report")) {
                    System.out.println(report(hosts, delays));
                    System.out.flush();
                }
            }
        } finally {
            for (AutoCloseable c : running) {
                c.close();
            }
        }
    }

    /**
     * Warms this JVM's SSH server before the clock starts: a few connections (key exchange, authentication), commands
     * and a 1 MiB SFTP write against one extra host at {@code .250} of the same network, which no entry lists and no
     * report counts. Without it the first connection of each run pays the hosts JVM's class loading and interpreted
     * key exchange (about a second on a loaded machine), which is the simulation's cost, not the operator's.
     */
    private static void warmUp(String[] first, int port, String prefix) throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        java.security.KeyPair key = g.generateKeyPair();
        try (SimulatedWindowsHost warm = SimulatedWindowsHost.builder()
                .bindAddress(first[0] + "." + first[1] + "." + first[2] + ".250")
                .port(port)
                .authorizedKey(key.getPublic())
                .hostname(prefix + "warm-up")
                .emulateKubelet(false)
                .start()) {
            byte[] content = new byte[1 << 20];
            for (int i = 0; i < 5; i++) {
                try (io.wmco.testkit.sim.SimSshClient c =
                        io.wmco.testkit.sim.SimSshClient.connect(warm, warm.username(), key)) {
                    c.runWire("hostname");
                    c.runWire("echo warm-up");
                    c.upload(content, "/C:/warm-up-" + i + ".bin");
                }
            }
        }
    }

    static Map<CommandKind, Duration> parseDelays(String spec) {
        Map<CommandKind, Duration> delays = new EnumMap<>(CommandKind.class);
        for (String item : spec.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            String[] kv = item.split("=");
            delays.put(CommandKind.valueOf(kv[0].trim()), Duration.ofMillis(Long.parseLong(kv[1].trim())));
        }
        return delays;
    }

    private static String report(List<SimulatedWindowsHost> hosts, Map<CommandKind, Duration> delays) {
        long min = Long.MAX_VALUE;
        long max = 0;
        long commands = 0;
        long unknown = 0;
        long errors = 0;
        long sftpBytes = 0;
        long commandBytes = 0;
        Map<CommandKind, Long> kinds = new EnumMap<>(CommandKind.class);
        for (SimulatedWindowsHost h : hosts) {
            long delayMs = 0;
            sftpBytes += h.sftpBytesReceived();
            for (CommandLogEntry e : h.commandLog()) {
                commands++;
                commandBytes += e.wire().getBytes(StandardCharsets.UTF_8).length;
                if (e.recognisedKind().isPresent()) {
                    CommandKind k = e.recognisedKind().get();
                    kinds.merge(k, 1L, Long::sum);
                    delayMs += delays.getOrDefault(k, Duration.ZERO).toMillis();
                }
            }
            unknown += h.unknownCommands().size();
            errors += h.emulationErrors().size();
            min = Math.min(min, delayMs);
            max = Math.max(max, delayMs);
        }
        return "bench-hosts report delay-ms " + min + " " + max + " commands " + commands + " unknown " + unknown
                + " errors " + errors + " sftp-bytes " + sftpBytes + " command-bytes " + commandBytes + " kinds "
                + kinds.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(","));
    }
}
