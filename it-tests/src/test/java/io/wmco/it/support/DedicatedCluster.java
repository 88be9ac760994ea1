package io.wmco.it.support;

import java.util.Locale;
import org.junit.jupiter.api.Assumptions;

/**
 * A local control plane (etcd, kube-apiserver, kube-controller-manager for CSR signing) of one test alone, for faults
 * that would disturb every other test of the shared {@link ClusterFixture}: its kube-apiserver may be stopped and
 * started again while etcd keeps its data. No node can join it. About as costly to start as the shared plane
 * (seconds); close it when the test ends.
 *
 * <p>Not thread-safe.
 */
public final class DedicatedCluster implements AutoCloseable {
    private final RunDirectory run;
    private final LocalControlPlane plane;
    private final TestCluster cluster;

    private DedicatedCluster(RunDirectory run, LocalControlPlane plane) {
        this.run = run;
        this.plane = plane;
        this.cluster = new TestCluster(
                TestCluster.KUBE_APISERVER,
                plane.kubeconfigYaml(),
                plane.kubeconfigPath(),
                plane.apiServerUrl(),
                plane.caPem(),
                plane.signsCertificates());
    }

    /**
     * Starts one. Aborts the calling test (reported as skipped, with the reason) where the suite does not run local
     * control planes: on an external cluster or k3s, or without the binaries of {@code build-binaries.sh}.
     */
    public static DedicatedCluster start() {
        String kind = ClusterFixture.shared().kind();
        Assumptions.assumeTrue(
                TestCluster.KUBE_APISERVER.equals(kind),
                () -> "a dedicated control plane runs only where the suite runs local ones, not on " + kind);
        Assumptions.assumeTrue(
                LocalControlPlane.binariesPresent(), "no kube-apiserver and etcd binaries for a dedicated plane");
        RunDirectory run = RunDirectory.create();
        try {
            LocalControlPlane plane = LocalControlPlane.start(run, null);
            DedicatedCluster dedicated = new DedicatedCluster(run, plane);
            Manifests.applyBootstrapRbac(dedicated.cluster.adminClient());
            System.out.printf(
                    Locale.ROOT, "[wmco-it] dedicated cluster at %s (%s)%n", plane.apiServerUrl(), plane.timings());
            return dedicated;
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    public TestCluster cluster() {
        return cluster;
    }

    /** Stops kube-apiserver; etcd and the controller manager keep running. */
    public void stopApiServer() {
        plane.stopApiServer();
    }

    /** Starts kube-apiserver again on the same port and data; returns once it answers /readyz. */
    public void startApiServer() {
        long started = System.nanoTime();
        plane.startApiServer();
        System.out.printf(
                Locale.ROOT,
                "[wmco-it] dedicated kube-apiserver ready again in %.1f s%n",
                (System.nanoTime() - started) / 1e9);
    }

    @Override
    public void close() {
        try {
            plane.close();
        } finally {
            run.close();
        }
    }
}
