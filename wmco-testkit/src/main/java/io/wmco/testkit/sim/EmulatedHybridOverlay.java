package io.wmco.testkit.sim;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.util.PatchUtils;
import io.wmco.domain.remote.WindowsCommandLine;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the {@code hybrid-overlay-node} service as {@link KubeletEmulation} plays it: with {@code --node <name>},
 * polls the Node until it has the subnet annotation, then sets the gateway-MAC annotation and creates the two HNS
 * networks. It uses {@code --k8s-kubeconfig} or else the kubelet's kubeconfig.
 */
final class EmulatedHybridOverlay {
    private static final Logger LOG = LoggerFactory.getLogger(EmulatedHybridOverlay.class);

    private final KubeletEmulation emulation;
    private final KubeletEmulation.HostView host;
    private final Map<String, String> flags;
    volatile boolean stopped;

    EmulatedHybridOverlay(KubeletEmulation emulation, List<String> argv) {
        this.emulation = emulation;
        this.host = emulation.host;
        this.flags = KubeletEmulation.flags(argv);
    }

    void poll() {
        if (stopped) {
            return;
        }
        String node = flags.get("node");
        if (node == null) {
            emulation.fail("hybrid-overlay-node: --node is missing from the service command line");
            return;
        }
        try {
            String kubeconfig = flags.get("k8s-kubeconfig");
            if (kubeconfig == null) {
                kubeconfig = host.machine()
                        .service(KubeletEmulation.KUBELET_SERVICE)
                        .map(s -> KubeletEmulation.flags(WindowsCommandLine.split(s.binaryPath()))
                                .get("kubeconfig"))
                        .orElse(null);
            }
            if (kubeconfig == null) {
                emulation.fail("hybrid-overlay-node: no --k8s-kubeconfig and no kubelet --kubeconfig to use");
                return;
            }
            if (!Files.isRegularFile(host.drive().resolve(kubeconfig))) {
                reschedule();
                return;
            }
            ApiClient client = DriveKubeconfig.read(host.drive(), kubeconfig).client();
            CoreV1Api api = new CoreV1Api(client);
            V1Node n = api.readNode(node).execute();
            Map<String, String> annotations = n.getMetadata().getAnnotations();
            String subnet = annotations == null ? null : annotations.get(KubeletEmulation.SUBNET_ANNOTATION);
            if (subnet == null) {
                reschedule();
                return;
            }
            if (annotations.get(KubeletEmulation.GATEWAY_MAC_ANNOTATION) == null) {
                String patch = "{\"metadata\":{\"annotations\":{\"" + KubeletEmulation.GATEWAY_MAC_ANNOTATION + "\":\""
                        + randomMac() + "\"}}}";
                PatchUtils.patch(
                        V1Node.class,
                        () -> api.patchNode(node, new V1Patch(patch)).buildCall(null),
                        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                        client);
            }
            KubeletEmulation.HNS_NETWORKS.forEach(network -> host.machine().addHnsNetwork(network, subnet));
            LOG.info("simulated hybrid-overlay on {} set up subnet {}", node, subnet);
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                emulation.fail("hybrid-overlay-node " + flags.get("node") + ": API call failed", e);
            }
            reschedule();
        } catch (IOException | RuntimeException e) {
            emulation.fail("hybrid-overlay-node " + flags.get("node") + ": failed", e);
            reschedule();
        }
    }

    private void reschedule() {
        if (!stopped) {
            emulation.scheduler.schedule(this::poll, KubeletEmulation.POLL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static String randomMac() {
        byte[] b = new byte[3];
        ThreadLocalRandom.current().nextBytes(b);
        return "00:15:5d:" + HexFormat.ofDelimiter(":").formatHex(b);
    }
}
