package io.wmco.it.support;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * A node of the test cluster that runs pods for real (kubelet, container runtime, pod network), as handed out by
 * {@link ClusterFixture#node()}. No image can be pulled: tests import the images their pods use, and give pods
 * {@code imagePullPolicy: Never} or {@code IfNotPresent}.
 *
 * <p>Implementations are thread-safe. The node lives as long as its cluster.
 */
public interface ClusterNode {

    /** The Node's name (its {@code kubernetes.io/hostname} label). */
    String name();

    /**
     * Makes the images of an archive (OCI image layout or {@code docker save} format, as a tar file) available to
     * the node's container runtime under the references the archive names. Idempotent.
     *
     * @throws IllegalStateException naming the archive and the runtime's answer when the import fails
     */
    void importImage(Path archive);

    /**
     * Makes a server of the test JVM (for example a simulated Windows host on a loopback address) reachable from
     * pods, and returns the address pods connect to: a distinct address per call, on {@code podPort}.
     *
     * @throws IllegalStateException when the node cannot forward (more addresses than it can offer)
     */
    InetSocketAddress exposeToPods(InetSocketAddress testSide, int podPort);

    /**
     * The loopback address a test-JVM server should bind to so that {@link #exposeToPods} can forward to it:
     * {@code preferred} where the node forwards any address of 127.0.0.0/8, else the one address it can.
     */
    String bindAddressFor(String preferred);

    /** The cluster's service network (what {@code --service-cluster-ip-range} of its API server says). */
    String serviceCidr();

    /**
     * The reference of the probe image, already imported: one static program that {@code serve}s HTTP on
     * {@code -listen ADDR} (paths {@code /healthz} and any other) or {@code get}s a URL, retrying up to
     * {@code -within DURATION}, optionally with {@code -ca FILE}, {@code -token FILE} and {@code -expect TEXT}, and
     * prints the answer (sources: it-tests/kube/node/probe).
     */
    String probeImage();
}
