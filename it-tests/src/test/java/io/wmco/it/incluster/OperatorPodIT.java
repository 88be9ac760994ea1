package io.wmco.it.incluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.wmco.domain.plan.NodeLayout;
import io.wmco.it.support.Kubectl;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator deployed from {@code deploy/} onto the real node, as on a kubeadm cluster (plain Kubernetes, no
 * OpenShift APIs): the kubelet's own probes make it Ready and keep it alive, it runs with in-cluster configuration
 * (its ServiceAccount's mounted token and CA, no kubeconfig), takes the Lease, turns the listed hosts into Ready
 * nodes with the cluster DNS and service CIDR of its flags and a bootstrap token it manages itself, logs per-instance
 * progress without secrets or user names, and its metrics Service answers from inside the cluster.
 */
class OperatorPodIT {
    private static final Pattern PROBE_COUNT =
            Pattern.compile("^prober_probe_total\\{(?<labels>[^}]*)} (?<value>[0-9.e+]+)$", Pattern.MULTILINE);

    private static InClusterEnvironment env;
    private static CoreV1Api core;
    private static V1Pod pod;
    private static String version;

    @BeforeAll
    static void deploy() throws Exception {
        env = InClusterEnvironment.create();
        core = env.core();
        // The bootstrap token must be the pod's work: whatever an earlier operator of this namespace left goes.
        core.deleteCollectionNamespacedSecret("kube-system")
                .labelSelector("windowsmachineconfig.openshift.io/bootstrap-token=true")
                .execute();
        env.startHost(0);
        env.startHost(1);
        env.listHosts(0, 1);
        env.deploy(1);
        pod = env.awaitReadyPods(1).get(0);
        version = pod.getSpec().getContainers().get(0).getImage().replaceFirst(".*:", "");
    }

    @AfterAll
    static void close() throws Exception {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void kubeletProbesMakeThePodReadyAndKeepItAlive() throws ApiException {
        String name = pod.getMetadata().getName();

        Map<String, Double> counts = await("a liveness probe run by the kubelet")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> probeCounts(name), c -> c.getOrDefault("Liveness/successful", 0.0) >= 1);

        assertTrue(counts.getOrDefault("Readiness/successful", 0.0) >= 1, counts.toString());
        assertEquals(0.0, counts.getOrDefault("Liveness/failed", 0.0), counts.toString());
        V1Pod now = core.readNamespacedPod(name, InClusterEnvironment.NAMESPACE).execute();
        assertEquals(0, now.getStatus().getContainerStatuses().get(0).getRestartCount());
        assertTrue(Pods.ready(now));
    }

    @Test
    void runsWithInClusterConfigurationAndTakesTheLease() throws ApiException {
        V1Container container = pod.getSpec().getContainers().get(0);

        assertTrue(
                container.getArgs().stream().noneMatch(a -> a.startsWith("--kubeconfig")),
                container.getArgs().toString());
        assertTrue(
                container.getEnv().stream().noneMatch(e -> e.getName().equals("KUBECONFIG")),
                String.valueOf(container.getEnv()));
        assertEquals(InClusterEnvironment.SERVICE_ACCOUNT, pod.getSpec().getServiceAccountName());
        assertTrue(
                pod.getSpec().getVolumes().stream()
                        .anyMatch(v -> v.getProjected() != null
                                && v.getProjected().getSources().stream()
                                        .anyMatch(s -> s.getServiceAccountToken() != null)),
                "the ServiceAccount admission mounts the token: "
                        + pod.getSpec().getVolumes());
        String name = pod.getMetadata().getName();
        await("the pod holds the Lease")
                .atMost(InClusterEnvironment.READY)
                .until(() -> env.leader().filter(name::equals).isPresent());
    }

    @Test
    void turnsTheListedHostsIntoReadyNodesAsOnPlainKubernetes() throws Exception {
        env.awaitConfigured(InClusterEnvironment.READY, version, env.nodeName(0), env.nodeName(1));

        for (int i = 0; i < 2; i++) {
            SimulatedWindowsHost host = env.hosts().get(i);
            String kubelet = Files.readString(host.resolve(NodeLayout.KUBELET_CONFIG), UTF_8);
            String dns = tenthAddress(env.clusterNode().serviceCidr());
            assertTrue(
                    kubelet.contains("\"" + dns + "\""), "cluster DNS: 10th address of the service CIDR\n" + kubelet);
            String cni = Files.readString(host.resolve(NodeLayout.CNI_CONFIG), UTF_8);
            assertTrue(cni.contains(env.clusterNode().serviceCidr()), "service CIDR from the flag\n" + cni);
            String address = env.podAddress(i);
            assertTrue(
                    env.node(env.nodeName(i)).orElseThrow().getStatus().getAddresses().stream()
                            .anyMatch(a -> a.getAddress().equals(address)),
                    "the node's address is the instance address pods reached");
        }
        List<V1Secret> tokens = core.listNamespacedSecret("kube-system")
                .labelSelector("windowsmachineconfig.openshift.io/bootstrap-token=true")
                .execute()
                .getItems();
        assertEquals(1, tokens.size(), "the operator created its bootstrap token again");
        assertEquals("bootstrap.kubernetes.io/token", tokens.get(0).getType());
    }

    @Test
    void kubectlLogsShowProgressPerInstanceAndNoSecret() {
        env.awaitConfigured(InClusterEnvironment.READY, version, env.nodeName(0), env.nodeName(1));

        String log = Kubectl.run(
                "logs", "-n", InClusterEnvironment.NAMESPACE, pod.getMetadata().getName());

        for (int i = 0; i < 2; i++) {
            assertTrue(
                    log.contains("[" + env.podAddress(i) + "]"), "no progress for " + env.podAddress(i) + ":\n" + log);
        }
        assertFalse(log.toLowerCase().contains(env.username().toLowerCase()), "the user name is logged:\n" + log);
        for (String line : env.privateKeyPem().lines().toList()) {
            if (!line.startsWith("-----") && line.length() >= 16) {
                assertFalse(log.contains(line), "a line of the private key is logged");
            }
        }
        assertFalse(log.contains("\n\tat "), "a stack trace in the log:\n" + log);
        // The image's payload carries packed forms the operator takes, and the pod says how many slots its limits
        // gave and why.
        assertTrue(
                Pattern.compile("payload: [1-9][0-9]* of [0-9]+ files go packed")
                        .matcher(log)
                        .find(),
                "no packed payload files announced:\n" + log);
        assertTrue(
                Pattern.compile("max-parallel-configurations [1-9][0-9]* \\(")
                        .matcher(log)
                        .find(),
                "no parallelism announced:\n" + log);
    }

    @Test
    void metricsServiceAnswersFromInsideTheCluster() throws ApiException {
        env.awaitConfigured(InClusterEnvironment.READY, version, env.nodeName(0), env.nodeName(1));
        String clusterIp = core.readNamespacedService(
                        InClusterEnvironment.METRICS_SERVICE, InClusterEnvironment.NAMESPACE)
                .execute()
                .getSpec()
                .getClusterIP();
        String namespace = Pods.unique("wmco-metrics");
        Pods.namespace(env.admin(), namespace);
        String client = Pods.unique("scrape");

        core.createNamespacedPod(
                        namespace,
                        Pods.probe(
                                client,
                                env.clusterNode().name(),
                                env.clusterNode().probeImage(),
                                Map.of(),
                                // Over TLS: on plain Kubernetes no service CA writes the Secret deploy/ mounts, so the
                                // operator presents its self-signed certificate, which the probe cannot verify.
                                List.of(
                                        "get",
                                        "-insecure",
                                        "-expect",
                                        "wmco_configured_nodes{source=\"byoh\"} 2",
                                        "https://" + clusterIp + ":8443/metrics")))
                .execute();

        String phase = Pods.awaitFinished(core, namespace, client);
        String log = Pods.log(core, namespace, client);
        Pods.deleteAll(core, namespace);
        assertEquals("Succeeded", phase, log);
        assertTrue(log.contains("wmco_cluster_supported"), log);
    }

    /** The kubelet's probe counters for the operator pod, as "Type/result" to count (through the API server). */
    private static Map<String, Double> probeCounts(String podName) throws ApiException {
        String metrics = core.connectGetNodeProxyWithPath(env.clusterNode().name(), "metrics/probes")
                .execute();
        Map<String, Double> counts = new java.util.HashMap<>();
        Matcher m = PROBE_COUNT.matcher(metrics);
        while (m.find()) {
            String labels = m.group("labels");
            if (labels.contains("pod=\"" + podName + "\"")) {
                counts.merge(
                        label(labels, "probe_type") + "/" + label(labels, "result"),
                        Double.parseDouble(m.group("value")),
                        Double::sum);
            }
        }
        return counts;
    }

    /** The 10th address of an IPv4 CIDR such as 10.0.0.0/24 (10.0.0.10), as a kubeadm cluster's DNS address. */
    private static String tenthAddress(String cidr) {
        String[] octets = cidr.substring(0, cidr.indexOf('/')).split("\\.");
        long base = 0;
        for (String o : octets) {
            base = base * 256 + Integer.parseInt(o);
        }
        long dns = base + 10;
        return (dns >> 24 & 255) + "." + (dns >> 16 & 255) + "." + (dns >> 8 & 255) + "." + (dns & 255);
    }

    private static String label(String labels, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(labels);
        return m.find() ? m.group(1) : "";
    }
}
