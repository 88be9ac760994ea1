package io.wmco.domain.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.cluster.Ipv4Cidr;
import io.wmco.domain.platform.Platform;
import io.wmco.domain.platform.PlatformProfiles;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceSpecTest {

    @Test
    void serviceCommandLinesMatchTheExpectedText() {
        StringBuilder sb = new StringBuilder();
        for (ServiceSpec s : List.of(
                Services.containerd(),
                Services.windowsExporter(),
                Services.kubelet(PlatformProfiles.of(Platform.NONE), PlanFixtures.byoh()),
                Services.kubelet(PlatformProfiles.of(Platform.AWS), PlanFixtures.awsMachine()),
                Services.kubelet(
                        PlatformProfiles.of(Platform.NUTANIX),
                        new NodeTarget("10.1.1.9", "10.1.1.9", "winnutan-x7k2p", false)),
                Services.hybridOverlay("win-byoh-1", PlanFixtures.cluster(Platform.NONE, Optional.empty())),
                Services.hybridOverlay("winvs-abcde", PlanFixtures.cluster(Platform.VSPHERE, Optional.of(9898))),
                new ServiceStep.EnsureKubeProxy("win-byoh-1")
                        .service(new OverlayFacts(Ipv4Cidr.parse("10.132.2.0/24"), "10.132.2.2")),
                Services.cloudNodeManager("winaz-q8w2e"))) {
            sb.append(s.name())
                    .append('\n')
                    .append("  ")
                    .append(s.commandLine())
                    .append('\n')
                    .append("  depends on ")
                    .append(s.dependencies())
                    .append(", auto=")
                    .append(s.startAutomatically())
                    .append(", restart=")
                    .append(s.restartOnFailure())
                    .append('\n');
        }
        Golden.assertMatches("services.txt", sb.toString());
    }

    @Test
    void kubeletCarriesTheRequiredArguments() {
        List<String> args = Services.kubelet(PlatformProfiles.of(Platform.NONE), PlanFixtures.byoh())
                .args();
        // the taint is registered through the configuration file, not a flag (see KubeletSettingsTest)
        assertTrue(args.stream().noneMatch(a -> a.startsWith("--register-with-taints")), args::toString);
        assertTrue(args.contains("--node-labels=node.openshift.io/os_id=Windows"));
        assertTrue(args.contains("--container-runtime-endpoint=npipe:////./pipe/containerd-containerd"));
        assertTrue(args.contains("--node-ip=10.0.0.5"));
        assertTrue(args.stream().noneMatch(a -> a.startsWith("--cloud-provider")), args::toString);
        assertTrue(args.stream().noneMatch(a -> a.startsWith("--hostname-override")), args::toString);
        assertEquals("-log-file=C:\\var\\log\\kubelet\\kubelet.log", args.get(0));
    }

    @Test
    void argumentsWithSpacesAreQuotedInTheCommandLine() {
        ServiceSpec s = new ServiceSpec(
                "demo",
                "C:\\Program Files\\demo\\demo.exe",
                List.of("--dir=C:\\Program Files\\demo\\", "--name", "a \"quoted\" value"),
                List.of(),
                true,
                false);
        assertEquals(
                "\"C:\\Program Files\\demo\\demo.exe\" \"--dir=C:\\Program Files\\demo\\\\\" --name "
                        + "\"a \\\"quoted\\\" value\"",
                s.commandLine());
        assertEquals(
                List.of(
                        "C:\\Program Files\\demo\\demo.exe",
                        "--dir=C:\\Program Files\\demo\\",
                        "--name",
                        "a \"quoted\" value"),
                WindowsArgvTest.parse(s.commandLine()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%PATH%", "line\nbreak", "carriage\rreturn", "nul\0char"})
    void refusesArgumentsAServiceCommandLineCannotCarry(String arg) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new ServiceSpec("demo", "C:\\k\\demo.exe", List.of(arg), List.of(), true, true));
        assertTrue(e.getMessage().contains("of service demo holds"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "kube proxy", "-leading", "a&b", "x\"y"})
    void refusesBadServiceNames(String name) {
        assertThrows(
                IllegalArgumentException.class,
                () -> new ServiceSpec(name, "C:\\k\\demo.exe", List.of(), List.of(), true, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo.exe", "\\k\\demo.exe", "C:\\k\\de\"mo.exe", "C:\\%TEMP%\\demo.exe"})
    void refusesBinaryPathsThatAreNotPlainAbsolutePaths(String path) {
        assertThrows(
                IllegalArgumentException.class, () -> new ServiceSpec("demo", path, List.of(), List.of(), true, true));
    }
}
