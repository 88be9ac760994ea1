package io.wmco.it.bench;

import io.wmco.adapter.ssh.InMemoryHostKeyStore;
import io.wmco.adapter.ssh.MinaSshConnector;
import io.wmco.adapter.ssh.SshSettings;
import io.wmco.domain.remote.HostCommands;
import io.wmco.it.support.SandboxParts;
import io.wmco.ports.remote.HostEndpoint;
import io.wmco.ports.remote.RemoteHost;
import io.wmco.ports.remote.SshCredentials;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Locale;

/**
 * How long one remote command costs through the production SSH adapter against one simulated host (no delays, no
 * kubelet), on one connection and with a connection per command: the floor under each of the ~89 commands of an
 * onboarding. Prints median and mean milliseconds. Usage: {@code CommandLatencyProbe [commands (200)]}.
 */
public final class CommandLatencyProbe {
    private CommandLatencyProbe() {}

    public static void main(String[] args) {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.wmco"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        KeyPair key = SandboxParts.rsaKeyPair();
        SshCredentials credentials = SshCredentials.ofPem(SandboxParts.privateKeyPem(key));
        try (SimulatedWindowsHost host = SimulatedWindowsHost.builder()
                        .authorizedKey(key.getPublic())
                        .hostname("probe")
                        .emulateKubelet(false)
                        .start();
                MinaSshConnector connector = new MinaSshConnector(SshSettings.defaults(), new InMemoryHostKeyStore())) {
            HostEndpoint endpoint = new HostEndpoint(host.host(), host.port(), "Administrator");
            for (int round = 0; round < 2; round++) { // the first round warms the JIT
                long[] shared = new long[count];
                try (RemoteHost remote = connector.connect(endpoint, credentials)) {
                    for (int i = 0; i < count; i++) {
                        long t = System.nanoTime();
                        remote.sha256("C:\\k\\missing.exe");
                        shared[i] = System.nanoTime() - t;
                    }
                }
                long[] fresh = new long[count / 4];
                for (int i = 0; i < fresh.length; i++) {
                    long t = System.nanoTime();
                    try (RemoteHost remote = connector.connect(endpoint, credentials)) {
                        remote.runChecked("hostname", HostCommands.hostname());
                    }
                    fresh[i] = System.nanoTime() - t;
                }
                if (round == 1) {
                    print("one connection, " + count + " commands", shared);
                    print("connect + command + close, " + fresh.length + " times", fresh);
                }
            }
        }
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "command-latency: %s: median %.1f ms, mean %.1f ms, p90 %.1f ms%n",
                what,
                sorted[sorted.length / 2] / 1e6,
                Arrays.stream(nanos).average().orElse(0) / 1e6,
                sorted[(int) (sorted.length * 0.9)] / 1e6);
    }
}
