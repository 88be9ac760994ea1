package io.wmco.it.support;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real Linux worker node of the local cluster, inside the cluster's {@link NodeNetwork}: containerd 1.7 (built by
 * build-binaries.sh) with Debian's runc and CNI plugins, the kubelet (cgroup v1, cgroupfs, under a cgroup root of
 * its own), kube-proxy in iptables mode, and what workloads need beyond the control plane's CSR signing:
 * kube-scheduler and a second kube-controller-manager running the Deployment, ReplicaSet, Endpoints, EndpointSlice
 * and node-lifecycle controllers (the last removes the kubelet's initial not-ready taint; its grace periods are an
 * hour, so Node objects that tests create without a kubelet are never marked unreachable during a run).
 *
 * <p>Pod networking: the CNI bridge with host-local addresses from {@link #POD_CIDR}; Services route through
 * kube-proxy, so in-cluster clients reach the API server through the {@code kubernetes} Service exactly as on any
 * cluster. No image can be pulled: the sandbox image {@link #SANDBOX_IMAGE} and the {@link #PROBE_IMAGE} are built
 * here from the suite's own sources and imported at start; tests import their own with {@link #importImage}.
 *
 * <p>Started by {@link ClusterFixture} on first use; its processes belong to the control plane's list and its
 * containers, mounts and cgroups to the {@link RunDirectory}, which end with the cluster. Thread-safe.
 *
 * <p>Over 300 lines: the check of what a node needs and the start sequence name the same binaries, directories and
 * cgroup root, and the start launches five processes with their flags; the configuration files come from
 * {@link NodeConfigs}.
 */
final class LinuxNode implements ClusterNode {

    static final String NAME = "wmco-it-linux";
    static final String POD_CIDR = "10.244.0.0/24";
    static final String SANDBOX_IMAGE = "wmco.local/pause:1";
    static final String PROBE_IMAGE = "wmco.local/probe:1";
    private static final List<String> CNI_PLUGINS = List.of("bridge", "host-local", "loopback");
    private static final List<Path> CNI_DIRS = List.of(Path.of("/usr/lib/cni"), Path.of("/opt/cni/bin"));
    private static final Duration READY = Duration.ofSeconds(120);

    private final NodeNetwork network;
    private final Path containerdSocket;
    private final AtomicInteger nextHostAddress = new AtomicInteger(10);

    private LinuxNode(NodeNetwork network, Path containerdSocket) {
        this.network = network;
        this.containerdSocket = containerdSocket;
    }

    /** Why no node can run here (first missing piece, with the fix), or empty when everything is present. */
    static Optional<String> unavailableReason(Optional<Path> tools) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("a kubelet needs root (network namespaces, mounts, cgroups); this JVM runs as "
                    + System.getProperty("user.name"));
        }
        if (!Files.isDirectory(Path.of("/sys/fs/cgroup/memory")) || !Files.isDirectory(Path.of("/sys/fs/cgroup/cpu"))) {
            return Optional.of("no cgroup v1 memory and cpu hierarchies under /sys/fs/cgroup (the node's kubelet is"
                    + " configured for cgroup v1 with cgroupfs)");
        }
        List<String> missing = new ArrayList<>();
        for (String binary : List.of("kubelet", "kube-proxy", "kube-scheduler")) {
            if (!Files.isExecutable(LocalControlPlane.extraBinary(binary))) {
                missing.add(LocalControlPlane.extraBinary(binary).toString());
            }
        }
        for (String binary : List.of("containerd", "containerd-shim-runc-v2", "ctr")) {
            if (!Files.isExecutable(containerdDir().resolve(binary))) {
                missing.add(containerdDir().resolve(binary).toString());
            }
        }
        if (!missing.isEmpty()) {
            return Optional.of("missing " + String.join(", ", missing) + ": run it-tests/kube/build-binaries.sh");
        }
        for (String command : List.of("runc", "iptables", "ip", "nsenter", "umount")) {
            if (onPath(command).isEmpty()) {
                return Optional.of(command + " is not installed: run scripts/prerequisites.sh");
            }
        }
        if (cniDir().isEmpty()) {
            return Optional.of("no CNI plugins " + CNI_PLUGINS + " in " + CNI_DIRS + ": run scripts/prerequisites.sh");
        }
        if (tools.isEmpty()
                || !Files.isRegularFile(NodeTools.pauseImage(tools.get()))
                || !Files.isRegularFile(NodeTools.probeImage(tools.get()))) {
            return Optional.of("no node tools (relay, pause and probe images): run it-tests/kube/build-node-tools.sh"
                    + " it-tests/target/node-tools");
        }
        return Optional.empty();
    }

    /** Starts the node and waits until it is Ready and schedulable. */
    static LinuxNode start(LocalControlPlane plane, NodeNetwork network, RunDirectory run, Path tools) {
        Instant now = Instant.now();
        Path dir = run.path().resolve("node");
        Path containerd = dir.resolve("containerd");
        Path socket = containerd.resolve("containerd.sock");
        String cgroup = "wmco-it-" + run.id();
        run.recordCgroup(cgroup);
        createCgroupRoot(cgroup);

        Pki.Issued ca = plane.ca();
        Path pki = dir.resolve("pki");
        Pki.Issued serving = Pki.issueServing(ca, NAME, List.of(NAME), List.of(NodeNetwork.NODE_IP), now);
        Path servingCrt = write(pki.resolve("kubelet.crt"), serving.certificatePem());
        Path servingKey = write(pki.resolve("kubelet.key"), serving.privateKeyPem());
        Path caCrt = write(pki.resolve("ca.crt"), ca.certificatePem());
        Path kubeletKubeconfig = plane.writeKubeconfig(
                "node/kubelet.kubeconfig", Pki.issueClient(ca, "system:node:" + NAME, "system:nodes", now));
        Path proxyKubeconfig = plane.writeKubeconfig(
                "node/kube-proxy.kubeconfig", Pki.issueClient(ca, "system:kube-proxy", "wmco-it", now));

        Path containerdConfig = write(
                dir.resolve("containerd.toml"),
                NodeConfigs.containerd(
                        containerd,
                        run.path().resolve("runc"),
                        SANDBOX_IMAGE,
                        onPath("runc").orElseThrow().toString(),
                        cniDir().orElseThrow().toString()));
        write(containerd.resolve("cni/net.d/10-wmco-pods.conflist"), NodeConfigs.cni(POD_CIDR, dir.resolve("ipam")));
        write(dir.resolve("resolv.conf"), "");
        Path kubeletConfig = write(
                dir.resolve("kubelet.yaml"),
                NodeConfigs.kubelet(NodeNetwork.NODE_IP, caCrt, servingCrt, servingKey, cgroup, socket, dir));
        Path proxyConfig =
                write(dir.resolve("kube-proxy.yaml"), NodeConfigs.kubeProxy(proxyKubeconfig, POD_CIDR, NAME));

        String path = containerdDir() + ":" + System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        ManagedProcess runtime = plane.launch(
                "containerd",
                List.of(containerdDir().resolve("containerd").toString(), "--config", containerdConfig.toString()),
                Map.of("PATH", path));
        LinuxNode node = new LinuxNode(network, socket);
        runtime.awaitReady("containerd to answer on " + socket, READY, node::runtimeAnswers);
        node.importImage(NodeTools.pauseImage(tools));
        node.importImage(NodeTools.probeImage(tools));

        ManagedProcess kubelet = plane.launch(
                "kubelet",
                List.of(
                        LocalControlPlane.extraBinary("kubelet").toString(),
                        "--config=" + kubeletConfig,
                        "--kubeconfig=" + kubeletKubeconfig,
                        "--hostname-override=" + NAME,
                        "--node-ip=" + NodeNetwork.NODE_IP,
                        "--root-dir=" + dir.resolve("kubelet")),
                Map.of("PATH", path));
        plane.launch(
                "kube-proxy",
                List.of(LocalControlPlane.extraBinary("kube-proxy").toString(), "--config=" + proxyConfig),
                Map.of());
        String admin = plane.kubeconfigPath().toString();
        plane.launch(
                "kube-scheduler",
                List.of(
                        LocalControlPlane.extraBinary("kube-scheduler").toString(),
                        "--kubeconfig=" + admin,
                        "--leader-elect=false",
                        "--secure-port=0"),
                Map.of());
        plane.launch(
                "kube-controller-manager-workloads",
                List.of(
                        LocalControlPlane.controllerManagerBinary().toString(),
                        "--kubeconfig=" + admin,
                        "--controllers=deployment,replicaset,endpoint,endpointslice,nodelifecycle",
                        "--node-monitor-grace-period=1h",
                        "--node-startup-grace-period=1h",
                        "--use-service-account-credentials=false",
                        "--leader-elect=false",
                        "--secure-port=0"),
                Map.of());
        CoreV1Api core = new CoreV1Api(plane.adminClient());
        kubelet.awaitReady(
                "node " + NAME + " to be Ready without the not-ready taint", READY, () -> readyAndUntainted(core));
        return node;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void importImage(Path archive) {
        Exec.Result result = Exec.run(
                List.of(
                        containerdDir().resolve("ctr").toString(),
                        "--address",
                        containerdSocket.toString(),
                        "-n",
                        "k8s.io",
                        "images",
                        "import",
                        archive.toString()),
                Duration.ofMinutes(5));
        if (!result.ok()) {
            throw new IllegalStateException("containerd refused the image archive " + archive + ": " + result.output());
        }
    }

    @Override
    public InetSocketAddress exposeToPods(InetSocketAddress testSide, int podPort) {
        int last = nextHostAddress.getAndIncrement();
        if (last > 254) {
            throw new IllegalStateException("all addresses of " + NodeNetwork.HOSTS_SUBNET + " are in use");
        }
        InetSocketAddress inside = new InetSocketAddress("172.29.1." + last, podPort);
        network.forwardOut(inside, testSide);
        return inside;
    }

    @Override
    public String bindAddressFor(String preferred) {
        return preferred;
    }

    @Override
    public String serviceCidr() {
        return LocalControlPlane.SERVICE_CIDR;
    }

    @Override
    public String probeImage() {
        return PROBE_IMAGE;
    }

    private boolean runtimeAnswers() {
        return Exec.run(
                        List.of(
                                containerdDir().resolve("ctr").toString(),
                                "--address",
                                containerdSocket.toString(),
                                "version"),
                        Duration.ofSeconds(10))
                .ok();
    }

    private static boolean readyAndUntainted(CoreV1Api core) throws ApiException {
        V1Node node;
        try {
            node = core.readNode(NAME).execute();
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
        boolean tainted = node.getSpec() != null
                && node.getSpec().getTaints() != null
                && node.getSpec().getTaints().stream().anyMatch(t -> "node.kubernetes.io/not-ready".equals(t.getKey()));
        return SandboxParts.isReady(node) && !tainted;
    }

    /** Creates {@code /<cgroup>} in every v1 hierarchy; cpuset children start empty, so it copies its parent's. */
    private static void createCgroupRoot(String cgroup) {
        try {
            for (Path hierarchy : RunCleanup.hierarchies()) {
                Path dir = Files.createDirectories(hierarchy.resolve(cgroup));
                for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
                    if (Files.exists(hierarchy.resolve(file))) {
                        Files.writeString(dir.resolve(file), Files.readString(hierarchy.resolve(file), UTF_8), UTF_8);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the node's cgroup root /" + cgroup, e);
        }
    }

    static Path containerdDir() {
        return LocalControlPlane.testDir()
                .resolve("node")
                .resolve("containerd-" + System.getenv().getOrDefault("WMCO_CONTAINERD_VERSION", "1.7.30"));
    }

    private static Optional<Path> cniDir() {
        return CNI_DIRS.stream()
                .filter(d -> CNI_PLUGINS.stream().allMatch(p -> Files.isExecutable(d.resolve(p))))
                .findFirst();
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        return Stream.of(path.split(":"))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, command))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
