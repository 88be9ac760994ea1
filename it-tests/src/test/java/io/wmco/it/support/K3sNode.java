package io.wmco.it.support;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.DiscoveryV1Api;
import io.kubernetes.client.openapi.models.DiscoveryV1EndpointPort;
import io.kubernetes.client.openapi.models.V1Endpoint;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.Container;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.MountableFile;

/**
 * The node of a k3s container (Testcontainers, where a Docker engine runs) as a {@link ClusterNode}: images are
 * copied into the container and imported with its {@code ctr}; a test-JVM server is exposed to pods through
 * Testcontainers' host port forwarding (the container is started with access to the host) behind a Service without
 * selector whose one endpoint is the forwarder, so each exposed server gets an address of its own (the Service's
 * ClusterIP) on the port pods ask for. The forwarder reaches only {@code 127.0.0.1} of the test JVM: see
 * {@link #bindAddressFor}.
 *
 * <p>Not run on the project's own machine, which has no Docker engine; written against the Testcontainers 2.0 and
 * k3s 1.34 APIs. Thread-safe.
 */
final class K3sNode implements ClusterNode {
    private static final String EXPOSED = "wmco-it-exposed";

    private final K3sContainer container;
    private final ApiClient admin;
    private final String name;
    private final String forwarder;
    private final AtomicInteger exposed = new AtomicInteger();

    private K3sNode(K3sContainer container, ApiClient admin, String name, String forwarder) {
        this.container = container;
        this.admin = admin;
        this.name = name;
        this.forwarder = forwarder;
    }

    /** The container's node, with the probe image imported from {@code tools}. */
    static K3sNode start(K3sContainer container, ApiClient admin, Path tools) {
        try {
            String name = new CoreV1Api(admin)
                    .listNode()
                    .execute()
                    .getItems()
                    .get(0)
                    .getMetadata()
                    .getName();
            Container.ExecResult hosts = container.execInContainer("getent", "hosts", "host.testcontainers.internal");
            if (hosts.getExitCode() != 0) {
                throw new IllegalStateException("the k3s container has no host.testcontainers.internal: " + hosts);
            }
            K3sNode node =
                    new K3sNode(container, admin, name, hosts.getStdout().trim().split("\\s+")[0]);
            node.importImage(NodeTools.probeImage(tools));
            new CoreV1Api(admin)
                    .createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(EXPOSED)))
                    .execute();
            return node;
        } catch (IOException | ApiException e) {
            throw new IllegalStateException("cannot prepare the k3s node: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing the k3s node", e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void importImage(Path archive) {
        String inside = "/tmp/" + archive.getFileName();
        container.copyFileToContainer(MountableFile.forHostPath(archive), inside);
        try {
            Container.ExecResult r = container.execInContainer("ctr", "-n", "k8s.io", "images", "import", inside);
            container.execInContainer("rm", "-f", inside);
            if (r.getExitCode() != 0) {
                throw new IllegalStateException("k3s refused the image archive " + archive + ": " + r.getStderr());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot import " + archive + " into k3s: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while importing " + archive, e);
        }
    }

    @Override
    public InetSocketAddress exposeToPods(InetSocketAddress testSide, int podPort) {
        if (!testSide.getAddress().getHostAddress().equals("127.0.0.1")) {
            throw new IllegalStateException("k3s pods reach test-JVM servers on 127.0.0.1 only, not " + testSide
                    + "; bind them to bindAddressFor(...)");
        }
        Testcontainers.exposeHostPorts(testSide.getPort());
        String service = "exposed-" + exposed.incrementAndGet();
        try {
            V1Service created = new CoreV1Api(admin)
                    .createNamespacedService(
                            EXPOSED,
                            new V1Service()
                                    .metadata(new V1ObjectMeta().name(service))
                                    .spec(new V1ServiceSpec()
                                            .ports(List.of(new V1ServicePort()
                                                    .name("tcp")
                                                    .port(podPort)
                                                    .targetPort(new io.kubernetes.client.custom.IntOrString(
                                                            testSide.getPort()))))))
                    .execute();
            new DiscoveryV1Api(admin)
                    .createNamespacedEndpointSlice(
                            EXPOSED,
                            new V1EndpointSlice()
                                    .metadata(new V1ObjectMeta()
                                            .name(service)
                                            .labels(Map.of("kubernetes.io/service-name", service)))
                                    .addressType("IPv4")
                                    .endpoints(List.of(new V1Endpoint().addresses(List.of(forwarder))))
                                    .ports(List.of(new DiscoveryV1EndpointPort()
                                            .name("tcp")
                                            .port(testSide.getPort()))))
                    .execute();
            return new InetSocketAddress(created.getSpec().getClusterIP(), podPort);
        } catch (ApiException e) {
            throw new IllegalStateException("cannot expose " + testSide + " in k3s: " + e.getResponseBody(), e);
        }
    }

    @Override
    public String bindAddressFor(String preferred) {
        return "127.0.0.1";
    }

    @Override
    public String serviceCidr() {
        return "10.43.0.0/16";
    }

    @Override
    public String probeImage() {
        return LinuxNode.PROBE_IMAGE;
    }
}
