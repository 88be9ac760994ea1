package io.wmco.it.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
 * The sandbox as README runs it, minus the shell script: {@link SandboxMain} in its own JVM brings up its cluster,
 * three simulated hosts and the operator process, reports the three nodes Ready with a kubectl command, and with
 * {@code --exit-when-ready} tears everything down again: no operator, etcd, kube-apiserver or
 * kube-controller-manager of that sandbox is left running.
 */
class SandboxIT {

    @Test
    void bringsThreeNodesToReadyAndLeavesNoProcessBehind(@TempDir Path tmp) throws Exception {
        Path work = tmp.resolve("sandbox");
        Path out = tmp.resolve("sandbox.out");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process sandbox = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx768m",
                        "-cp",
                        classpath,
                        SandboxMain.class.getName(),
                        "--exit-when-ready",
                        "--work",
                        work.toString(),
                        "--ready-timeout",
                        "300")
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        boolean exited = sandbox.waitFor(8, TimeUnit.MINUTES);
        if (!exited) {
            sandbox.descendants().forEach(ProcessHandle::destroyForcibly);
            sandbox.destroyForcibly();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(exited, "the sandbox did not exit within 8 minutes:\n" + output);
        assertEquals(0, sandbox.exitValue(), output);

        for (int i = 1; i <= 3; i++) {
            assertTrue(output.contains("win-sandbox-" + i + " (127.0.0." + (9 + i) + "): Ready"), output);
        }
        assertTrue(output.contains("all 3 Windows nodes are Ready. Try:"), output);
        assertTrue(output.contains("--kubeconfig " + work.resolve("kubeconfig") + " get nodes -o wide"), output);

        long operatorPid = Long.parseLong(group(output, "operator: pid (\\d+)"));
        assertFalse(
                ProcessHandle.of(operatorPid).map(ProcessHandle::isAlive).orElse(false),
                "operator process " + operatorPid + " still runs");
        String clusterDir = group(output, "kubeconfig (/\\S+)/admin\\.kubeconfig");
        List<String> left = ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains(clusterDir))
                .toList();
        assertEquals(List.of(), left, "processes of the sandbox's cluster still run");
        assertFalse(Files.exists(work.resolve("kubeconfig")), "the sandbox kubeconfig should be removed");
        assertTrue(Files.size(work.resolve("operator.log")) > 0, "the operator log is kept for inspection");
    }

    private static String group(String output, String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(output);
        assertTrue(m.find(), "no match for " + regex + " in:\n" + output);
        return m.group(1);
    }
}
