package io.wmco.it.incluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wmco.it.support.ClusterFixture;
import io.wmco.it.support.OperatorImageArchive;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sandbox.sh --in-cluster} minus the shell script: {@link InClusterSandboxMain} in its own JVM brings up its
 * own cluster with a real node, the operator pod and a simulated host, reports the pod, the Lease and the node Ready
 * with the kubectl commands to watch them, and with {@code --exit-when-ready} stops cleanly (no stack trace) and
 * leaves none of its processes or state behind.
 */
class InClusterSandboxIT {

    @Test
    void showsTheOperatorPodBringingAHostToReadyAndLeavesNothingBehind(@TempDir Path tmp) throws Exception {
        ClusterFixture.node(); // skipped, with the reason, where no node can run
        assumeTrue(OperatorImageArchive.find().isPresent(), "no operator image (scripts/build-image.sh)");
        Path out = tmp.resolve("sandbox.out");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx768m",
                        "-Dwmco.it.nodeTools=" + System.getProperty("wmco.it.nodeTools", ""),
                        "-cp",
                        classpath,
                        InClusterSandboxMain.class.getName(),
                        "--hosts",
                        "1",
                        "--exit-when-ready",
                        "--ready-timeout",
                        "300")
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        builder.environment().put("WMCO_IT_CLUSTER", "kube-apiserver");
        builder.environment().put("WMCO_IT_NODE", "on");
        Process sandbox = builder.start();
        boolean exited = sandbox.waitFor(8, TimeUnit.MINUTES);
        if (!exited) {
            sandbox.descendants().forEach(ProcessHandle::destroyForcibly);
            sandbox.destroyForcibly();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(exited, "the sandbox did not exit within 8 minutes:\n" + output);
        assertEquals(0, sandbox.exitValue(), output);

        assertTrue(
                Pattern.compile("pod windows-machine-config-operator-\\S+: Running, Ready")
                        .matcher(output)
                        .find(),
                output);
        assertTrue(output.contains("Lease wmco-leader: held by windows-machine-config-operator-"), output);
        assertTrue(
                Pattern.compile("node win-\\S+ \\(172\\.29\\.1\\.10\\): Ready")
                        .matcher(output)
                        .find(),
                output);
        assertTrue(output.contains("all 1 Windows nodes are Ready. Watch the operator pod:"), output);
        assertTrue(
                output.contains("-n openshift-windows-machine-config-operator logs deploy/"
                        + "windows-machine-config-operator -f"),
                output);
        assertFalse(output.contains("\tat "), "a stack trace:\n" + output);

        Matcher state = Pattern.compile("its state and logs \\(.*\\) in (\\S+)").matcher(output);
        assertTrue(state.find(), output);
        Path run = Path.of(state.group(1));
        assertFalse(Files.exists(run), run + " is left behind");
        List<ProcessHandle> left = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(run.toString()))
                .toList();
        assertEquals(List.of(), left, "processes of the sandbox's cluster still run");
    }
}
