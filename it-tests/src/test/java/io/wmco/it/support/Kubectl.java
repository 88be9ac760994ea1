package io.wmco.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real {@code kubectl} against the shared cluster, as an administrator types it: the binary that
 * build-binaries.sh built (else {@code kubectl} on PATH) with {@code --kubeconfig} of {@link ClusterFixture#shared()}.
 * Stateless and thread-safe.
 */
public final class Kubectl {

    private Kubectl() {}

    /**
     * Runs {@code kubectl --kubeconfig <cluster> args...} and returns its output (stdout and stderr).
     *
     * @throws IllegalStateException naming the command, its status and output when it fails
     */
    public static String run(String... args) {
        Path local = LocalControlPlane.binaryDir().resolve("kubectl");
        List<String> command = new ArrayList<>();
        command.add(Files.isExecutable(local) ? local.toString() : "kubectl");
        command.add("--kubeconfig=" + ClusterFixture.shared().kubeconfigPath());
        command.addAll(List.of(args));
        return Exec.run(command, Duration.ofMinutes(2)).orThrow().output();
    }
}
