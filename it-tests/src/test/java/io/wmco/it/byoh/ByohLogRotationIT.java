package io.wmco.it.byoh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.util.PatchUtils;
import io.wmco.domain.remote.ServiceState;
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
 * Issue 13 item 4: with the operator's rotation settings the kubelet and kube-proxy services run under
 * kube-log-runner with its rotation flags before the program (the simulated host's kube-log-runner refuses flags it
 * does not define and a log directory that does not exist); the log files are written under {@code C:\var\log\};
 * reconfiguring the node without the settings (here: its version annotation removed, the lever docs/ADMIN.md names)
 * re-creates the command lines without them.
 */
class ByohLogRotationIT {
    private static final String VERSION = "1.0.0";
    private static final List<String> ROTATION =
            List.of("-log-file-size=50M", "-log-file-age=168h", "-flush-interval=5s");
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
    void rotationFlagsReachBothRunnersAndLeaveWhenTheSettingsDo() throws Exception {
        SimulatedWindowsHost host = env.startHost(0);
        String name = env.nodeName(0);
        env.instances(Map.of(env.address(0), "username=Administrator"));
        var first = env.startOperator(
                VERSION,
                "--services-log-file-size=50M",
                "--services-log-file-age=168h",
                "--services-log-flush-interval=5s");
        env.awaitConfigured(Duration.ofMinutes(3), VERSION, name);

        List<String> kubelet = runnerArgs(host, "kubelet");
        assertEquals("-log-file=C:\\var\\log\\kubelet\\kubelet.log", kubelet.get(1));
        assertEquals(ROTATION, kubelet.subList(2, 5));
        assertEquals("C:\\k\\kubelet.exe", kubelet.get(5));
        List<String> proxy = runnerArgs(host, "kube-proxy");
        assertEquals("-log-file=C:\\var\\log\\kube-proxy\\kube-proxy.log", proxy.get(1));
        assertEquals(ROTATION, proxy.subList(2, 5));
        assertEquals("C:\\k\\kube-proxy.exe", proxy.get(5));
        assertTrue(Files.readString(host.resolve("C:\\var\\log\\kubelet\\kubelet.log"))
                .contains("kubelet.exe"));
        assertTrue(Files.readString(host.resolve("C:\\var\\log\\kube-proxy\\kube-proxy.log"))
                .contains("kube-proxy.exe"));
        assertEquals(List.of(), host.unknownCommands());
        assertEquals(List.of(), host.emulationErrors());

        // rotation turned off: the node configured again at the same version loses the flags
        first.close();
        env.startOperator(VERSION);
        PatchUtils.patch(
                V1Node.class,
                () -> env.core()
                        .patchNode(
                                name,
                                new V1Patch("{\"metadata\":{\"annotations\":"
                                        + "{\"windowsmachineconfig.openshift.io/version\":null}}}"))
                        .buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                env.admin());
        org.awaitility.Awaitility.await("the node configured again without rotation")
                .atMost(Duration.ofMinutes(3))
                .until(() -> env.configured(name, VERSION)
                        && running(host, "kubelet")
                        && running(host, "kube-proxy")
                        && host.service("kubelet").orElseThrow().argv().stream().noneMatch(ROTATION::contains)
                        && host.service("kube-proxy").orElseThrow().argv().stream()
                                .noneMatch(ROTATION::contains));
        assertEquals("C:\\k\\kubelet.exe", runnerArgs(host, "kubelet").get(2));
        assertEquals("C:\\k\\kube-proxy.exe", runnerArgs(host, "kube-proxy").get(2));
        assertEquals(List.of(), host.unknownCommands());
        assertEquals(List.of(), host.emulationErrors());
    }

    private static boolean running(SimulatedWindowsHost host, String service) {
        return host.service(service)
                .filter(s -> s.state() == ServiceState.RUNNING)
                .isPresent();
    }

    /** The service's command line; it runs kube-log-runner and is running. */
    private static List<String> runnerArgs(SimulatedWindowsHost host, String service) {
        ServiceSnapshot s = host.service(service).orElseThrow();
        assertEquals(ServiceState.RUNNING, s.state(), service);
        assertEquals("C:\\k\\kube-log-runner.exe", s.argv().get(0));
        return s.argv();
    }
}
