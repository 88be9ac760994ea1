package io.wmco.it.support;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the same cluster the integration suite uses, outside JUnit, for the sandbox: writes the admin
 * kubeconfig to a file, prints its path, and keeps the cluster until the process is stopped (Ctrl-C or
 * SIGTERM run the shutdown hook that stops the control plane, the node if any, and their containers).
 *
 * <pre>
 *   ./mvnw -B -q install -DskipTests -pl it-tests -am      # once
 *   it-tests/kube/sandbox-cluster.sh [--kubeconfig PATH] [--no-openshift-crds]
 * </pre>
 * which runs {@code java -cp "it-tests/target/test-classes:$(classpath from dependency:build-classpath)"
 * io.wmco.it.support.ClusterMain ...}. The OpenShift CRDs are applied unless {@code --no-openshift-crds};
 * {@code --node} also starts the real Linux node ({@link ClusterFixture#node()}).
 * Default kubeconfig path: {@code it-tests/target/sandbox.kubeconfig} (relative to the working directory
 * if no {@code it-tests} directory exists there). Cluster choice follows {@link ClusterFixture}.
 */
public final class ClusterMain {

    private ClusterMain() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        List<String> arguments = Arrays.asList(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.println("usage: ClusterMain [--kubeconfig PATH] [--no-openshift-crds] [--node]");
            return;
        }
        Path kubeconfig = defaultKubeconfig();
        int index = arguments.indexOf("--kubeconfig");
        if (index >= 0) {
            if (index + 1 >= arguments.size()) {
                throw new IllegalArgumentException(
                        "--kubeconfig needs a file path, e.g. --kubeconfig /tmp/sandbox.kubeconfig");
            }
            kubeconfig = Path.of(arguments.get(index + 1));
        }

        TestCluster cluster = ClusterFixture.shared();
        if (!arguments.contains("--no-openshift-crds")) {
            ClusterFixture.ensureOpenShiftCrds();
        }
        if (arguments.contains("--node")) {
            ClusterNode node = ClusterFixture.node();
            System.out.println("[wmco-it] node " + node.name() + " runs pods; images to import: ctr -n k8s.io images"
                    + " import, or ClusterNode.importImage");
        }
        Path absolute = kubeconfig.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Files.writeString(absolute, cluster.kubeconfigYaml(), UTF_8);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> absolute.toFile().delete(), "wmco-it-kubeconfig-delete"));

        System.out.println("[wmco-it] kind=" + cluster.kind() + " server=" + cluster.apiServerUrl()
                + " signsCertificates=" + cluster.signsCertificates());
        System.out.println("[wmco-it] KUBECONFIG=" + absolute);
        System.out.println("[wmco-it] running; press Ctrl-C to stop");
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static Path defaultKubeconfig() {
        Path module = Path.of("it-tests");
        return Files.isDirectory(module)
                ? module.resolve("target/sandbox.kubeconfig")
                : Path.of("target/sandbox.kubeconfig");
    }
}
