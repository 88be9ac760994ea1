package io.wmco.it.support;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The one {@link TestCluster} of this JVM, started on first use and stopped by a shutdown hook.
 *
 * <p>Choice, first that applies:
 * <ol>
 *   <li>{@code WMCO_IT_KUBECONFIG}: an external cluster (nothing is started or stopped);</li>
 *   <li>a Docker engine answers: k3s through Testcontainers ({@code WMCO_IT_K3S_IMAGE} overrides the image);</li>
 *   <li>the binaries of {@code it-tests/kube/build-binaries.sh} exist: etcd + kube-apiserver (+ kube-controller-manager
 *       for CSR signing) as local processes.</li>
 * </ol>
 * {@code WMCO_IT_CLUSTER=k3s|kube-apiserver} forces one of the last two. When none applies,
 * {@link #shared()} throws with one line naming what to provide; a failed start is remembered, so the
 * rest of the suite fails fast with the same cause instead of passing.
 *
 * <p>Thread-safe: all methods synchronize on the class. The OpenShift CRDs are not applied by default,
 * because the operator must also work on plain Kubernetes where they are absent; tests that need them
 * call {@link #ensureOpenShiftCrds()}, tests that need their absence call {@link #removeOpenShiftCrds()}.
 */
public final class ClusterFixture {

    private static TestCluster shared;
    private static RuntimeException startFailure;
    private static boolean openShiftCrdsApplied;
    private static LocalCluster local;
    private static final List<Runnable> BEFORE_STOP = new CopyOnWriteArrayList<>();
    private static K3sContainer k3sContainer;
    private static ClusterNode k3sNode;

    private ClusterFixture() {}

    /**
     * Runs {@code action} in the cluster's shutdown hook before the cluster stops (shutdown hooks run concurrently, so
     * a process that must stop its clients first, such as the sandbox's operator, registers that here). Actions
     * run in registration order; one that throws does not keep the others or the stop from running.
     */
    public static void beforeStop(Runnable action) {
        BEFORE_STOP.add(Objects.requireNonNull(action, "action cannot be null"));
    }

    private static Runnable withActionsFirst(Runnable stop) {
        return () -> {
            for (Runnable r : BEFORE_STOP) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    System.err.println("wmco-it: a before-stop action failed: " + e);
                }
            }
            stop.run();
        };
    }

    /** The cluster of this JVM, started on the first call. Throws {@link IllegalStateException} if none can run. */
    public static synchronized TestCluster shared() {
        if (shared != null) {
            return shared;
        }
        if (startFailure != null) {
            throw new IllegalStateException(
                    "the test cluster failed to start earlier in this JVM: " + startFailure.getMessage(), startFailure);
        }
        try {
            shared = start();
            return shared;
        } catch (RuntimeException e) {
            startFailure = e;
            throw e;
        }
    }

    /**
     * Applies the CRDs under {@code crds/} (machine.openshift.io Machine/MachineSet, config.openshift.io
     * Infrastructure/Network, operator.openshift.io Network) to the shared cluster and waits until they are
     * Established. Idempotent. On an external cluster existing definitions are left untouched.
     */
    public static synchronized void ensureOpenShiftCrds() {
        TestCluster cluster = shared();
        if (!openShiftCrdsApplied) {
            Manifests.applyOpenShiftCrds(cluster.adminClient(), !TestCluster.EXTERNAL.equals(cluster.kind()));
            openShiftCrdsApplied = true;
        }
    }

    /**
     * Installs {@code images.config.openshift.io} (apart from {@link #ensureOpenShiftCrds()}: where it is served,
     * operators watch {@code openshift-config}); a test that calls this calls {@link #removeImageConfigCrd()} when
     * done. Refused on an external cluster.
     */
    public static synchronized void ensureImageConfigCrd() {
        TestCluster cluster = shared();
        if (TestCluster.EXTERNAL.equals(cluster.kind())) {
            throw new IllegalStateException("will not add CRDs to the external cluster named by WMCO_IT_KUBECONFIG");
        }
        Manifests.applyCrds(cluster.adminClient(), true, Manifests.IMAGE_CONFIG_CRD);
        // operators find the API by discovery when they connect: wait until discovery lists it
        org.awaitility.Awaitility.await("images.config.openshift.io in discovery")
                .atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> {
                    var resources = new io.kubernetes.client.openapi.apis.CustomObjectsApi(cluster.adminClient())
                            .getAPIResources("config.openshift.io", "v1")
                            .execute()
                            .getResources();
                    return resources != null && resources.stream().anyMatch(r -> "images".equals(r.getName()));
                });
    }

    /** Deletes {@code images.config.openshift.io} again, with its objects, and waits until it is gone. */
    public static synchronized void removeImageConfigCrd() {
        Manifests.deleteCrds(shared().adminClient(), Manifests.IMAGE_CONFIG_CRD);
    }

    /**
     * Deletes the OpenShift CRDs again (with all their objects) and waits until they are gone, for tests of
     * the plain-Kubernetes behaviour. Refused on an external cluster, which is not ours to change.
     */
    public static synchronized void removeOpenShiftCrds() {
        TestCluster cluster = shared();
        if (TestCluster.EXTERNAL.equals(cluster.kind())) {
            throw new IllegalStateException("will not delete CRDs of the external cluster named by WMCO_IT_KUBECONFIG");
        }
        Manifests.deleteOpenShiftCrds(cluster.adminClient());
        openShiftCrdsApplied = false;
    }

    private static TestCluster start() {
        String external = env("WMCO_IT_KUBECONFIG");
        String forced =
                env("WMCO_IT_CLUSTER") == null ? null : env("WMCO_IT_CLUSTER").toLowerCase(Locale.ROOT);
        long started = System.nanoTime();
        if (external != null && (forced == null || forced.equals(TestCluster.EXTERNAL))) {
            TestCluster cluster = external(Path.of(external));
            announce(cluster, "kubeconfig " + external, started, "");
            return cluster;
        }
        if (forced != null && !forced.equals(TestCluster.K3S) && !forced.equals(TestCluster.KUBE_APISERVER)) {
            throw new IllegalStateException(
                    "WMCO_IT_CLUSTER=" + forced + " is not one of k3s, kube-apiserver, external");
        }
        if (TestCluster.K3S.equals(forced) || (forced == null && dockerAvailable())) {
            return k3s(started);
        }
        if (!LocalControlPlane.binariesPresent()) {
            throw new IllegalStateException(
                    "No Kubernetes API server for the integration suite: set WMCO_IT_KUBECONFIG to a "
                            + "kubeconfig, start a Docker engine (k3s via Testcontainers), or run it-tests/kube/build-binaries.sh "
                            + "(Go needed) to build kube-apiserver, etcd and kubectl into "
                            + LocalControlPlane.binaryDir());
        }
        return local(started);
    }

    private static TestCluster external(Path kubeconfig) {
        if (!Files.isReadable(kubeconfig)) {
            throw new IllegalStateException(
                    "WMCO_IT_KUBECONFIG=" + kubeconfig + " is not a readable file; point it at a "
                            + "kubeconfig of the cluster to test against, or unset it");
        }
        try {
            String yaml = Files.readString(kubeconfig, UTF_8);
            KubeConfig config = KubeConfig.loadKubeConfig(new StringReader(yaml));
            config.setFile(kubeconfig.toAbsolutePath().toFile());
            boolean signs = !"false".equalsIgnoreCase(env("WMCO_IT_SIGNS_CERTIFICATES"));
            return new TestCluster(
                    TestCluster.EXTERNAL, yaml, kubeconfig.toAbsolutePath(), config.getServer(), ca(config), signs);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read WMCO_IT_KUBECONFIG=" + kubeconfig, e);
        }
    }

    private static TestCluster k3s(long started) {
        String image = env("WMCO_IT_K3S_IMAGE") == null ? "rancher/k3s:v1.34.1-k3s1" : env("WMCO_IT_K3S_IMAGE");
        // Access to the host: K3sNode exposes test-JVM servers (simulated Windows hosts) to pods through it.
        K3sContainer container = new K3sContainer(DockerImageName.parse(image)).withAccessToHost(true);
        container.start();
        k3sContainer = container;
        Runtime.getRuntime().addShutdownHook(new Thread(withActionsFirst(container::stop), "wmco-it-k3s-stop"));
        try {
            String yaml = container.getKubeConfigYaml();
            KubeConfig config = KubeConfig.loadKubeConfig(new StringReader(yaml));
            Path file = Files.createTempFile("wmco-it-k3s-", ".kubeconfig");
            Files.writeString(file, yaml, UTF_8);
            file.toFile().deleteOnExit();
            TestCluster cluster = new TestCluster(TestCluster.K3S, yaml, file, config.getServer(), ca(config), true);
            Manifests.applyBootstrapRbac(cluster.adminClient());
            announce(cluster, "container " + image, started, "");
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the kubeconfig of the k3s container", e);
        }
    }

    /**
     * A node of the shared cluster that runs pods for real, started on the first call: the {@link LinuxNode} of the
     * local cluster, or the {@link K3sNode} of the k3s container. Where none can run (see {@link LocalCluster}) and on
     * an external cluster the calling test is aborted with the reason (reported as skipped).
     */
    public static synchronized ClusterNode node() {
        TestCluster cluster = shared();
        if (k3sContainer != null) {
            if (k3sNode == null) {
                Optional<Path> tools = NodeTools.dir();
                Assumptions.assumeTrue(
                        tools.isPresent(),
                        "no node tools (probe image): run it-tests/kube/build-node-tools.sh it-tests/target/node-tools");
                k3sNode = K3sNode.start(k3sContainer, cluster.adminClient(), tools.get());
            }
            return k3sNode;
        }
        Assumptions.assumeTrue(
                local != null, () -> "no node runs pods in the cluster named by WMCO_IT_KUBECONFIG (" + cluster + ")");
        return local.node();
    }

    private static TestCluster local(long started) {
        local = LocalCluster.start();
        Runtime.getRuntime().addShutdownHook(new Thread(withActionsFirst(local::close), "wmco-it-kube-stop"));
        LocalControlPlane plane = local.plane();
        TestCluster cluster = new TestCluster(
                TestCluster.KUBE_APISERVER,
                plane.kubeconfigYaml(),
                plane.kubeconfigPath(),
                plane.apiServerUrl(),
                plane.caPem(),
                plane.signsCertificates());
        Manifests.applyBootstrapRbac(cluster.adminClient());
        announce(
                cluster,
                "v" + LocalControlPlane.K8S_VERSION + " binaries in " + LocalControlPlane.binaryDir()
                        + (local.nodeCapable() ? ", in its own network namespace, ready for a node" : ""),
                started,
                " (" + plane.timings() + ")");
        return cluster;
    }

    private static void announce(TestCluster cluster, String source, long startedNanos, String details) {
        System.out.printf(
                Locale.ROOT,
                "[wmco-it] cluster: %s (%s) at %s ready in %.1f s%s; kubeconfig %s%n",
                cluster.kind(),
                source,
                cluster.apiServerUrl(),
                (System.nanoTime() - startedNanos) / 1e9,
                details,
                cluster.kubeconfigPath());
    }

    private static byte[] ca(KubeConfig config) throws IOException {
        byte[] data = config.getDataOrFileRelative(
                config.getCertificateAuthorityData(), config.getCertificateAuthorityFile());
        return data == null ? new byte[0] : data;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
