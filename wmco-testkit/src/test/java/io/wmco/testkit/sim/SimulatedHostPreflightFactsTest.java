package io.wmco.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.wmco.domain.remote.CommandResult;
import io.wmco.domain.remote.HostCommands;
import io.wmco.domain.remote.HostCommands.ListeningPort;
import io.wmco.domain.remote.ServiceCommands;
import io.wmco.domain.remote.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The host facts that {@code wmco preflight} reads: free disk space, listening ports, firewall rules. */
class SimulatedHostPreflightFactsTest {
    private static KeyPair key;
    private SimulatedWindowsHost host;

    @BeforeAll
    static void generateKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        key = g.generateKeyPair();
    }

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
    }

    private SimSshClient connect(SimulatedWindowsHost.Builder builder) throws IOException {
        host = builder.authorizedKey(key.getPublic()).emulateKubelet(false).start();
        return SimSshClient.connect(host, "Administrator", key);
    }

    @Test
    void defaultsLookLikeAFreshHostPreparedByTheUserData() throws IOException {
        try (SimSshClient c = connect(SimulatedWindowsHost.builder())) {
            assertEquals(
                    100L << 30,
                    HostCommands.parseDriveFreeBytes(c.run(HostCommands.driveFreeBytes("C:\\"), Shell.CMD)));
            assertEquals(
                    List.of(new ListeningPort(22, "sshd")),
                    HostCommands.parseListeningTcpPorts(c.run(HostCommands.listeningTcpPorts(), Shell.CMD)));
            for (int port : new int[] {22, 10250, 9182}) {
                assertEquals(
                        1,
                        HostCommands.parseFirewallRuleCount(c.run(HostCommands.firewallInboundRules(port), Shell.CMD)),
                        "port " + port);
            }
            assertEquals(
                    0, HostCommands.parseFirewallRuleCount(c.run(HostCommands.firewallInboundRules(8080), Shell.CMD)));
        }
        assertEquals(List.of(), host.unknownCommands());
    }

    @Test
    void builderKnobsChangeWhatTheHostReports() throws IOException {
        try (SimSshClient c = connect(SimulatedWindowsHost.builder()
                .freeDiskBytes(1234)
                .listeningProcess(10250, "squatter")
                .firewallInboundPorts(22))) {
            assertEquals(1234, HostCommands.parseDriveFreeBytes(c.run(HostCommands.driveFreeBytes("C:\\"), Shell.CMD)));
            assertEquals(
                    List.of(new ListeningPort(22, "sshd"), new ListeningPort(10250, "squatter")),
                    HostCommands.parseListeningTcpPorts(c.run(HostCommands.listeningTcpPorts(), Shell.CMD)));
            assertEquals(
                    0, HostCommands.parseFirewallRuleCount(c.run(HostCommands.firewallInboundRules(10250), Shell.CMD)));
            CommandResult otherDrive = c.run(HostCommands.driveFreeBytes("D:\\"), Shell.CMD);
            assertNotEquals(0, otherDrive.exitStatus());
        }
    }

    @Test
    void runningKubeletAndExporterServicesListenOnTheirPorts() throws IOException {
        try (SimSshClient c = connect(SimulatedWindowsHost.builder())) {
            Files.createDirectories(host.resolve("C:\\k"));
            Files.writeString(host.resolve("C:\\k\\kubelet.exe"), "stand-in");
            c.run(ServiceCommands.create("kubelet", "C:\\k\\kubelet.exe"), Shell.CMD);
            assertEquals(0, c.run(ServiceCommands.start("kubelet"), Shell.CMD).exitStatus());

            assertEquals(
                    List.of(new ListeningPort(22, "sshd"), new ListeningPort(10250, "kubelet")),
                    HostCommands.parseListeningTcpPorts(c.run(HostCommands.listeningTcpPorts(), Shell.CMD)));
        }
    }
}
