package io.wmco.it.bench;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CertificatesV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestCondition;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestSpec;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestStatus;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ContainerImage;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeDaemonEndpoints;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1NodeSystemInfo;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Taint;
import io.wmco.it.support.Pki;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * The objects of a large cluster that the operator must not pay for: Nodes shaped like what kubelets report (labels,
 * annotations, conditions, ~25 container images, and the managed fields the API server adds), a share of them
 * Windows; CSRs (half approved, half pending, none for an instance the operator knows); Secrets and ConfigMaps in
 * another namespace. Everything carries {@link #LABEL} so that {@link #deleteAll} finds it. Created by a few
 * threads, because one request at a time would make populating the cluster take longer than the measurement.
 */
final class ClusterNoise {
    static final String LABEL = "wmco-bench/cluster-scale";
    static final String NAMESPACE = "wmco-bench-noise";
    private static final int THREADS = 8;

    private final CoreV1Api core;
    private final CertificatesV1Api certificates;

    ClusterNoise(CoreV1Api core, CertificatesV1Api certificates) {
        this.core = core;
        this.certificates = certificates;
    }

    /** Node {@code i}: Windows for the first {@code windows} indexes, Linux workers (and 3 masters) after. */
    static V1Node node(int i, int windows) {
        boolean win = i < windows;
        String name = (win ? "win-" : "ip-10-0-") + String.format(Locale.ROOT, "%05d", i);
        String ip = "10." + (win ? 128 : 0) + "." + (i / 250) + "." + (i % 250 + 2);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL, "true");
        labels.put("beta.kubernetes.io/arch", "amd64");
        labels.put("beta.kubernetes.io/instance-type", win ? "m5a.large" : "m6i.xlarge");
        labels.put("beta.kubernetes.io/os", win ? "windows" : "linux");
        labels.put("failure-domain.beta.kubernetes.io/region", "us-east-2");
        labels.put("failure-domain.beta.kubernetes.io/zone", "us-east-2" + (char) ('a' + i % 3));
        labels.put("kubernetes.io/arch", "amd64");
        labels.put("kubernetes.io/hostname", name);
        labels.put("kubernetes.io/os", win ? "windows" : "linux");
        labels.put("node-role.kubernetes.io/" + (i >= windows && i < windows + 3 ? "master" : "worker"), "");
        labels.put("node.kubernetes.io/instance-type", win ? "m5a.large" : "m6i.xlarge");
        labels.put("node.openshift.io/os_id", win ? "Windows" : "rhcos");
        labels.put("topology.kubernetes.io/region", "us-east-2");
        labels.put("topology.kubernetes.io/zone", "us-east-2" + (char) ('a' + i % 3));
        if (win) {
            labels.put("node.kubernetes.io/windows-build", "10.0.20348");
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("machine.openshift.io/machine", "openshift-machine-api/cluster-" + name);
        annotations.put("node.alpha.kubernetes.io/ttl", "0");
        annotations.put("volumes.kubernetes.io/controller-managed-attach-detach", "true");
        annotations.put(
                "k8s.ovn.org/node-subnets", "{\"default\":[\"10." + (128 + i / 512) + "." + (i % 256) + ".0/23\"]}");
        annotations.put("k8s.ovn.org/node-primary-ifaddr", "{\"ipv4\":\"" + ip + "/20\"}");
        annotations.put(
                "k8s.ovn.org/l3-gateway-config",
                "{\"default\":{\"mode\":\"shared\",\"interface-id\":\"br-ex_" + name + "\",\"mac-address\":"
                        + "\"02:4e:8a:" + hex(i >> 8) + ":" + hex(i) + ":01\",\"ip-addresses\":[\"" + ip
                        + "/20\"],\"next-hops\":[\"10.0.0.1\"],\"node-port-enable\":\"true\",\"vlan-id\":\"0\"}}");
        annotations.put("machineconfiguration.openshift.io/currentConfig", "rendered-worker-" + hash(i, 32));
        annotations.put("machineconfiguration.openshift.io/desiredConfig", "rendered-worker-" + hash(i, 32));
        annotations.put("machineconfiguration.openshift.io/state", "Done");
        OffsetDateTime t = OffsetDateTime.parse("2026-11-30T10:00:00Z");
        List<V1NodeCondition> conditions = new ArrayList<>();
        for (String[] c : new String[][] {
            {"MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"},
            {"DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"},
            {"PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"},
            {"Ready", "True", "KubeletReady", "kubelet is posting ready status"}
        }) {
            conditions.add(new V1NodeCondition()
                    .type(c[0])
                    .status(c[1])
                    .reason(c[2])
                    .message(c[3])
                    .lastHeartbeatTime(t)
                    .lastTransitionTime(t));
        }
        List<V1ContainerImage> images = new ArrayList<>();
        for (int k = 0; k < 25; k++) {
            String repo = (win ? "mcr.microsoft.com/windows/" : "quay.io/openshift-release-dev/ocp-v4.0-art-dev")
                    + (k % 5 == 0 ? "servercore" : "");
            images.add(new V1ContainerImage()
                    .names(List.of(repo + "@sha256:" + hash(k, 64), repo + ":4.18-" + k))
                    .sizeBytes(100_000_000L + k * 7_654_321L));
        }
        Map<String, Quantity> capacity = Map.of(
                "cpu", Quantity.fromString("4"),
                "memory", Quantity.fromString("16106172Ki"),
                "ephemeral-storage", Quantity.fromString("125238252Ki"),
                "pods", Quantity.fromString("250"),
                "hugepages-1Gi", Quantity.fromString("0"),
                "hugepages-2Mi", Quantity.fromString("0"));
        return new V1Node()
                .metadata(new V1ObjectMeta().name(name).labels(labels).annotations(annotations))
                .spec(new V1NodeSpec()
                        .providerID("aws:///us-east-2" + (char) ('a' + i % 3) + "/i-0" + hash(i, 16))
                        .taints(
                                win
                                        ? List.of(new V1Taint()
                                                .key("os")
                                                .value("Windows")
                                                .effect("NoSchedule"))
                                        : null))
                .status(new V1NodeStatus()
                        .addresses(List.of(
                                new V1NodeAddress().type("InternalIP").address(ip),
                                new V1NodeAddress().type("Hostname").address(name),
                                new V1NodeAddress().type("InternalDNS").address(name + ".us-east-2.compute.internal")))
                        .capacity(capacity)
                        .allocatable(capacity)
                        .conditions(conditions)
                        .daemonEndpoints(new V1NodeDaemonEndpoints()
                                .kubeletEndpoint(
                                        new io.kubernetes.client.openapi.models.V1DaemonEndpoint().port(10250)))
                        .images(images)
                        .nodeInfo(new V1NodeSystemInfo()
                                .architecture("amd64")
                                .bootID(hash(i + 7, 36))
                                .machineID(hash(i + 11, 32))
                                .systemUUID(hash(i + 13, 36))
                                .containerRuntimeVersion("containerd://1.7.20")
                                .kernelVersion(win ? "10.0.20348.2700" : "5.14.0-427.el9.x86_64")
                                .kubeletVersion("v1.31.4")
                                .kubeProxyVersion("v1.31.4")
                                .operatingSystem(win ? "windows" : "linux")
                                .osImage(
                                        win
                                                ? "Windows Server 2022 Datacenter"
                                                : "Red Hat Enterprise Linux CoreOS 418.94")));
    }

    void createNodes(int count, int windows) throws Exception {
        parallel(count, i -> () -> core.createNode(node(i, windows)).execute());
    }

    /** CSRs for Linux node names: even ones approved (the kubelet's client CSR of the past), odd ones pending. */
    void createCsrs(int count) throws Exception {
        KeyPair keys = Pki.newKeyPair();
        parallel(count, i -> () -> {
            String node = "ip-10-0-" + String.format(Locale.ROOT, "%05d", 20_000 + i);
            boolean client = i % 4 < 2;
            String pem = Pki.certificateRequestPem("O=system:nodes,CN=system:node:" + node, keys);
            V1CertificateSigningRequest csr = certificates
                    .createCertificateSigningRequest(new V1CertificateSigningRequest()
                            .metadata(new V1ObjectMeta().generateName("csr-").labels(Map.of(LABEL, "true")))
                            .spec(new V1CertificateSigningRequestSpec()
                                    .request(pem.getBytes(StandardCharsets.US_ASCII))
                                    .signerName(
                                            client
                                                    ? "kubernetes.io/kube-apiserver-client-kubelet"
                                                    : "kubernetes.io/kubelet-serving")
                                    .usages(
                                            client
                                                    ? List.of("digital signature", "client auth")
                                                    : List.of("digital signature", "server auth"))))
                    .execute();
            if (i % 2 == 0) {
                csr.status(new V1CertificateSigningRequestStatus()
                        .addConditionsItem(new V1CertificateSigningRequestCondition()
                                .type("Approved")
                                .status("True")
                                .reason("NodeCSRApprove")
                                .message("approved by the bench")));
                certificates
                        .replaceCertificateSigningRequestApproval(
                                csr.getMetadata().getName(), csr)
                        .execute();
            }
            return csr;
        });
    }

    /** Secrets and ConfigMaps (half each) of ~2 KB in {@link #NAMESPACE}, which the operator does not watch. */
    void createSecretsAndConfigMaps(int count) throws Exception {
        String blob = hash(1, 2048);
        parallel(count, i -> () -> {
            V1ObjectMeta meta =
                    new V1ObjectMeta().name("noise-" + i).namespace(NAMESPACE).labels(Map.of(LABEL, "true"));
            if (i % 2 == 0) {
                return core.createNamespacedSecret(
                                NAMESPACE,
                                new V1Secret()
                                        .metadata(meta)
                                        .putDataItem("tls.key", blob.getBytes(StandardCharsets.US_ASCII)))
                        .execute();
            }
            return core.createNamespacedConfigMap(
                            NAMESPACE, new V1ConfigMap().metadata(meta).putDataItem("config", blob))
                    .execute();
        });
    }

    /** Deletes every object made here (best effort: the bench's cluster is usually thrown away anyway). */
    void deleteAll() {
        String selector = LABEL + "=true";
        try {
            core.deleteCollectionNode().labelSelector(selector).execute();
            certificates
                    .deleteCollectionCertificateSigningRequest()
                    .labelSelector(selector)
                    .execute();
            core.deleteNamespace(NAMESPACE).execute();
        } catch (ApiException e) {
            System.err.println("cluster-scale: clean-up incomplete (HTTP " + e.getCode() + ")");
        }
    }

    private interface Call {
        Object call() throws Exception;
    }

    private static void parallel(int count, IntFunction<Call> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = t;
                futures.add(pool.submit(() -> {
                    for (int i = first; i < count; i += THREADS) {
                        call.apply(i).call();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String hex(int b) {
        return String.format(Locale.ROOT, "%02x", b & 0xff);
    }

    /** A deterministic hex string of {@code length} characters (stands in for digests and IDs). */
    private static String hash(int seed, int length) {
        StringBuilder sb = new StringBuilder(length);
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        while (sb.length() < length) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            sb.append(Long.toHexString(x & 0xffffffffL));
        }
        return sb.substring(0, length);
    }
}
