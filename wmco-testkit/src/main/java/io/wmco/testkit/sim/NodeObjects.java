package io.wmco.testkit.sim;

import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1NodeSystemInfo;
import io.kubernetes.client.openapi.models.V1Taint;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Node an emulated Windows kubelet registers and reports: labels from {@code --node-labels} plus the well-known
 * Windows ones, taints from {@code --register-with-taints} or the configuration file, and a status with the node's
 * addresses, resources, Ready condition and Windows system info.
 */
final class NodeObjects {
    private NodeObjects() {}

    static Map<String, String> labels(Map<String, String> flags, String nodeName, int windowsBuild) {
        Map<String, String> labels = new LinkedHashMap<>();
        String nodeLabels = flags.get("node-labels");
        if (nodeLabels != null && !nodeLabels.isBlank()) {
            for (String pair : nodeLabels.split(",")) {
                int eq = pair.indexOf('=');
                labels.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        labels.put("kubernetes.io/os", "windows");
        labels.put("kubernetes.io/arch", "amd64");
        labels.put("beta.kubernetes.io/os", "windows");
        labels.put("beta.kubernetes.io/arch", "amd64");
        labels.put("kubernetes.io/hostname", nodeName);
        labels.put("node.kubernetes.io/windows-build", "10.0." + windowsBuild);
        return labels;
    }

    static List<V1Taint> taints(Map<String, String> flags, KubeletConfigFile config) {
        List<V1Taint> taints = new ArrayList<>();
        String spec = flags.get("register-with-taints");
        if (spec == null || spec.isBlank()) {
            // the flag wins over the configuration file, as in the kubelet
            return new ArrayList<>(config.registerWithTaints());
        }
        for (String t : spec.split(",")) {
            int colon = t.lastIndexOf(':');
            String kv = colon < 0 ? t : t.substring(0, colon);
            int eq = kv.indexOf('=');
            taints.add(new V1Taint()
                    .key(eq < 0 ? kv : kv.substring(0, eq))
                    .value(eq < 0 ? null : kv.substring(eq + 1))
                    .effect(colon < 0 ? null : t.substring(colon + 1)));
        }
        return taints;
    }

    static V1NodeStatus status(
            V1NodeStatus previous,
            String nodeName,
            String ip,
            int build,
            KubeletConfigFile config,
            String kubeletVersion) {
        String bootId = previous != null && previous.getNodeInfo() != null
                ? previous.getNodeInfo().getBootID()
                : UUID.randomUUID().toString();
        return new V1NodeStatus()
                .addresses(List.of(
                        new V1NodeAddress().type("InternalIP").address(ip),
                        new V1NodeAddress().type("Hostname").address(nodeName)))
                .capacity(config.capacity())
                .allocatable(config.allocatable())
                .conditions(List.of(readyCondition(
                        previous, "True", "KubeletReady", "kubelet is posting ready status (simulated)")))
                .nodeInfo(new V1NodeSystemInfo()
                        .architecture("amd64")
                        .operatingSystem("windows")
                        .osImage("Windows Server 2022 Datacenter")
                        .kernelVersion("10.0." + build + ".1")
                        .kubeletVersion(kubeletVersion)
                        .kubeProxyVersion(kubeletVersion)
                        .containerRuntimeVersion("containerd://1.7.20")
                        .machineID(nodeName)
                        .systemUUID(UUID.nameUUIDFromBytes(nodeName.getBytes(StandardCharsets.UTF_8))
                                .toString())
                        .bootID(bootId));
    }

    /** The Ready condition now; its transition time is kept from {@code previous} when the status is unchanged. */
    static V1NodeCondition readyCondition(V1NodeStatus previous, String status, String reason, String message) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime transition = now;
        if (previous != null && previous.getConditions() != null) {
            for (V1NodeCondition c : previous.getConditions()) {
                if ("Ready".equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                    transition = c.getLastTransitionTime();
                }
            }
        }
        return new V1NodeCondition()
                .type("Ready")
                .status(status)
                .reason(reason)
                .message(message)
                .lastHeartbeatTime(now)
                .lastTransitionTime(transition);
    }
}
