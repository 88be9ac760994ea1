package io.wmco.it.byoh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wmco.domain.payload.PayloadFiles;
import io.wmco.domain.remote.CommandKind;
import io.wmco.domain.remote.ServiceState;
import io.wmco.testkit.payload.StandInPayload;
import io.wmco.testkit.sim.ServiceSnapshot;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 9: without csi-proxy.exe in the payload no csi-proxy service exists; with it (an upgrade to a
 * payload holding it) the service runs with its log file, started before the kubelet; with it gone again (another
 * upgrade) the service is deleted.
 */
class ByohCsiProxyIT {
    private ByohEnvironment env;

    @BeforeEach
    void setUp() throws Exception {
        env = new ByohEnvironment();
        assumeTrue(env.cluster().signsCertificates(), "the cluster does not sign kubelet certificates");
    }

    @AfterEach
    void tearDown() throws Exception {
        env.close();
    }

    @Test
    void csiProxyRunsBeforeTheKubeletWhileThePayloadHoldsIt() throws Exception {
        SimulatedWindowsHost host = env.startHost(0);
        String name = env.nodeName(0);
        env.instances(Map.of(env.address(0), "username=Administrator"));
        var v1 = env.startOperator("1.0.0");
        env.awaitConfigured(Duration.ofMinutes(3), "1.0.0", name);
        assertTrue(host.service("csi-proxy").isEmpty(), "no csi-proxy without its binary");

        StandInPayload.add(env.payloadDir(), PayloadFiles.CSI_PROXY, 4096, 7);
        v1.close();
        int before = host.commandLog().size();
        var v2 = env.startOperator("2.0.0");
        env.awaitConfigured(Duration.ofMinutes(3), "2.0.0", name);
        ServiceSnapshot csi = host.service("csi-proxy").orElseThrow();
        assertEquals(ServiceState.RUNNING, csi.state());
        assertEquals("Automatic", csi.startType());
        assertEquals(
                List.of(
                        "C:\\k\\csi-proxy.exe",
                        "-windows-service",
                        "-log_file=C:\\var\\log\\csi-proxy\\csi-proxy.log",
                        "-logtostderr=false"),
                csi.argv());
        assertTrue(Files.readString(host.resolve("C:\\var\\log\\csi-proxy\\csi-proxy.log"))
                .contains("csi-proxy"));
        List<String> starts = host
                .commandLog()
                .subList(before, host.commandLog().size())
                .stream()
                .filter(e -> e.kind() == CommandKind.SERVICE_START && e.exitStatus() == 0)
                .map(e -> e.arguments().get(0))
                .toList();
        assertTrue(
                starts.indexOf("csi-proxy") >= 0 && starts.indexOf("csi-proxy") < starts.indexOf("kubelet"),
                starts::toString);

        StandInPayload.remove(env.payloadDir(), PayloadFiles.CSI_PROXY);
        v2.close();
        env.startOperator("3.0.0");
        env.awaitConfigured(Duration.ofMinutes(3), "3.0.0", name);
        assertTrue(host.service("csi-proxy").isEmpty(), "csi-proxy deleted with its binary gone from the payload");
        assertEquals(List.of(), host.unknownCommands());
        assertEquals(List.of(), host.emulationErrors());
    }
}
