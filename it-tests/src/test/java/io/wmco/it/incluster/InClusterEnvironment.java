package io.wmco.it.incluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.wmco.it.deploy.DeployFiles;
import io.wmco.it.support.ClusterFixture;
import io.wmco.it.support.ClusterNode;
import io.wmco.it.support.OperatorImageArchive;
import io.wmco.it.support.SandboxParts;
import io.wmco.it.support.ScenarioEnvironment;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The operator as an administrator runs it on plain Kubernetes (no OpenShift config APIs), on the test cluster's
 * real node: the image that {@code scripts/build-image.sh} built, imported into the node's runtime, and every
 * manifest of {@code deploy/} applied as ADMIN.md says (the two OpenShift namespaces created empty first). What is
 * changed from the manifests, as an administrator changes it: the image reference, the replica count, and the
 * plain-Kubernetes flags ADMIN.md tells them to add to the Deployment's args (platform, service CIDR of this cluster,
 * and the API server URL the Windows hosts' kubelets use, which here is the test side's {@code 127.0.0.1:PORT}
 * because the simulated hosts run in the test JVM). The pods run on the pod network with their ServiceAccount's
 * mounted token and in-cluster configuration; simulated Windows hosts of the test JVM are exposed to them at
 * addresses of the node's network ({@link ClusterNode#exposeToPods}) on port 22, and those addresses are what the
 * {@code windows-instances} ConfigMap lists.
 *
 * <p>Hosts accept one user name made up per environment, so that tests can look for it in logs. {@link #close()}
 * removes the Deployment, its ReplicaSets and pods (the cluster runs no garbage collector) before the scenario's
 * hosts and nodes. Not thread-safe.
 */
final class InClusterEnvironment extends ScenarioEnvironment {
    static final String NAMESPACE = "openshift-windows-machine-config-operator";
    static final String DEPLOYMENT = "windows-machine-config-operator";
    static final String SERVICE_ACCOUNT = "windows-machine-config-operator";
    static final String METRICS_SERVICE = "windows-machine-config-operator-metrics";
    static final String SELECTOR = "app.kubernetes.io/name=wmco";
    static final Duration READY = Duration.ofMinutes(3);
    private static final int MAX_HOSTS = 8;
    private static final Map<Path, Boolean> IMPORTED = new ConcurrentHashMap<>();

    private final ClusterNode node;
    private final OperatorImageArchive image;
    private final String username;
    private final Map<Integer, InetSocketAddress> inside = new ConcurrentHashMap<>();
    private final AppsV1Api apps;

    private InClusterEnvironment(ClusterNode node, OperatorImageArchive image, Setup setup) throws Exception {
        super(setup);
        this.node = node;
        this.image = image;
        this.username = "wmcoit" + id();
        this.apps = new AppsV1Api(admin());
    }

    /**
     * The environment on the shared cluster's node; aborts the test (skipped, with the reason) where no node runs
     * pods or no operator image was built.
     */
    static InClusterEnvironment create() throws Exception {
        ClusterNode node = ClusterFixture.node();
        Optional<OperatorImageArchive> image = OperatorImageArchive.find();
        assumeTrue(
                image.isPresent(),
                () -> "no operator image (scripts/build-image.sh writes " + OperatorImageArchive.expectedAt() + ")");
        IMPORTED.computeIfAbsent(image.get().archive(), archive -> {
            node.importImage(archive);
            return true;
        });
        ClusterFixture.removeOpenShiftCrds();
        String id = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
        return new InClusterEnvironment(
                node, image.get(), new Setup(id, NAMESPACE, Map.of(), true, "wmco-incluster-", "none"));
    }

    ClusterNode clusterNode() {
        return node;
    }

    /** The only user name the hosts accept (what the instances ConfigMap says). */
    String username() {
        return username;
    }

    String nodeName(int index) {
        return "win-" + id() + "-" + index;
    }

    /** Starts host {@code index} on its loopback address and exposes it to pods; see {@link #podAddress(int)}. */
    SimulatedWindowsHost startHost(int index) {
        String bind = node.bindAddressFor(address(index));
        SimulatedWindowsHost host = adopt(SimulatedWindowsHost.builder()
                .bindAddress(bind)
                .port(bind.equals(address(index)) ? sshPort() : SandboxParts.freePort())
                .username(username)
                .authorizedKey(key().getPublic())
                .hostname(nodeName(index))
                .heartbeatInterval(Duration.ofSeconds(1))
                .start());
        inside.put(index, node.exposeToPods(host.address(), 22));
        return host;
    }

    /** The address at which pods reach host {@code index} on port 22: its key in the instances ConfigMap. */
    String podAddress(int index) {
        return inside.get(index).getHostString();
    }

    /** Lists the given hosts in {@code windows-instances}, each as {@code username=<the user>}. */
    void listHosts(int... indexes) throws ApiException {
        Map<String, String> data = new java.util.LinkedHashMap<>();
        for (int i : indexes) {
            data.put(podAddress(i), "username=" + username);
        }
        instances(data);
    }

    /** Applies deploy/ with the operator image, {@code replicas} replicas and the plain-Kubernetes flags. */
    void deploy(int replicas) throws ApiException {
        for (String ns : List.of("openshift-machine-api", "openshift-machine-config-operator", "openshift-config")) {
            try {
                core().createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(ns)))
                        .execute();
            } catch (ApiException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
        List<String> refused = new ArrayList<>();
        for (Path file : DeployFiles.yamlFiles(DeployFiles.deployDir())) {
            for (DeployFiles.Doc doc : DeployFiles.read(file)) {
                DeployFiles.Doc applied = doc.kind().equals("Deployment") ? asAdministratorSetsIt(doc, replicas) : doc;
                KubernetesApiResponse<DynamicKubernetesObject> r = DeployFiles.apply(admin(), applied, false);
                if (!r.isSuccess()) {
                    refused.add(doc + ": " + DeployFiles.failure(r));
                }
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalStateException("the API server refused manifests of deploy/: " + refused);
        }
    }

    private DeployFiles.Doc asAdministratorSetsIt(DeployFiles.Doc deployment, int replicas) {
        JsonObject copy = deployment.object().deepCopy();
        JsonObject spec = copy.getAsJsonObject("spec");
        spec.addProperty("replicas", replicas);
        JsonObject container = spec.getAsJsonObject("template")
                .getAsJsonObject("spec")
                .getAsJsonArray("containers")
                .get(0)
                .getAsJsonObject();
        container.addProperty("image", image.reference());
        JsonArray args = container.getAsJsonArray("args");
        for (String flag : List.of(
                "--platform=none",
                "--service-cidr=" + node.serviceCidr(),
                "--node-api-server-url=" + cluster().apiServerUrl())) {
            args.add(flag);
        }
        return new DeployFiles.Doc(deployment.file(), copy);
    }

    /** The operator's pods that are not being deleted. */
    List<V1Pod> pods() throws ApiException {
        return core().listNamespacedPod(NAMESPACE).labelSelector(SELECTOR).execute().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    /** Waits until exactly {@code count} operator pods exist and are Ready, and returns them. */
    List<V1Pod> awaitReadyPods(int count) {
        return await(count + " operator pods Ready")
                .atMost(READY)
                .pollInterval(Duration.ofMillis(500))
                .until(this::pods, pods -> pods.size() == count && pods.stream().allMatch(Pods::ready));
    }

    /** The holder of the operator's Lease, or empty while none holds it. */
    Optional<String> leader() throws ApiException {
        try {
            V1Lease lease = new CoordinationV1Api(admin())
                    .readNamespacedLease("wmco-leader", NAMESPACE)
                    .execute();
            return Optional.ofNullable(
                    lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity());
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    protected ApiClient operatorClient() {
        throw new UnsupportedOperationException("the operator runs as a pod here, not in the test JVM");
    }

    @Override
    protected Iterable<String> scenarioNodes() {
        return java.util.stream.IntStream.range(0, MAX_HOSTS)
                .mapToObj(this::nodeName)
                .toList();
    }

    /** Removes the Deployment, its ReplicaSets and pods, then what the scenario started. */
    @Override
    public void close() throws Exception {
        try {
            try {
                apps.deleteNamespacedDeployment(DEPLOYMENT, NAMESPACE).execute();
            } catch (ApiException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
            apps.deleteCollectionNamespacedReplicaSet(NAMESPACE)
                    .labelSelector(SELECTOR)
                    .execute();
            core().deleteCollectionNamespacedPod(NAMESPACE)
                    .labelSelector(SELECTOR)
                    .execute();
            await("operator pods gone")
                    .atMost(READY)
                    .until(() -> core().listNamespacedPod(NAMESPACE)
                            .labelSelector(SELECTOR)
                            .execute()
                            .getItems()
                            .isEmpty());
            try {
                deleteInstances();
            } catch (ApiException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        } finally {
            super.close();
        }
    }
}
