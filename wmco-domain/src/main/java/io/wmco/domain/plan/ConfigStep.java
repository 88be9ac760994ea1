package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.cluster.Ipv4Cidr;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.MetadataPatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One step of configuring or deconfiguring a Windows node, as data. An executor in the application turns each
 * step into remote commands and cluster calls. Every step is idempotent: the executor checks the current state
 * and acts only when it differs, so an interrupted plan is simply run again from the start.
 *
 * <p>{@link #phase()} is a stable name for metrics and logs; {@link #describe()} is a one-line human rendering
 * that never contains a secret.
 */
public sealed interface ConfigStep {

    /** Stable name of the kind of step, e.g. {@code ensure-service}. */
    String phase();

    /** One line describing what the step does; secrets are redacted. */
    String describe();

    /** Cordon the node registered for {@code address}, when one exists (a reconfiguration or upgrade). */
    record CordonIfNodeExists(String address) implements ConfigStep {
        public CordonIfNodeExists {
            requireNonNull(address, "address cannot be null");
        }

        @Override
        public String phase() {
            return "cordon-existing-node";
        }

        @Override
        public String describe() {
            return "cordon the node of " + address + " if it exists";
        }
    }

    /** Drain the node (evict its pods) within {@code timeout}. */
    record DrainNode(Duration timeout) implements ConfigStep {
        public DrainNode {
            requireNonNull(timeout, "timeout cannot be null");
        }

        @Override
        public String phase() {
            return "drain-node";
        }

        @Override
        public String describe() {
            return "drain the node within " + Durations.human(timeout);
        }
    }

    /** Stop these services, one after the other in this order; a missing service counts as stopped. */
    record StopServices(List<String> names) implements ConfigStep {
        public StopServices {
            names = List.copyOf(requireNonNull(names, "names cannot be null"));
        }

        @Override
        public String phase() {
            return "stop-services";
        }

        @Override
        public String describe() {
            return "stop " + String.join(", ", names);
        }
    }

    /** Delete these services (already stopped); a missing service counts as deleted. */
    record DeleteServices(List<String> names) implements ConfigStep {
        public DeleteServices {
            names = List.copyOf(requireNonNull(names, "names cannot be null"));
        }

        @Override
        public String phase() {
            return "delete-services";
        }

        @Override
        public String describe() {
            return "delete " + String.join(", ", names);
        }
    }

    /** Rename the computer to {@code computerName} and reboot, when its hostname differs (case-insensitively). */
    record RenameComputer(String computerName) implements ConfigStep {
        public RenameComputer {
            requireNonNull(computerName, "computerName cannot be null");
        }

        @Override
        public String phase() {
            return "rename-computer";
        }

        @Override
        public String describe() {
            return "rename the computer to " + computerName + " and reboot if its hostname differs";
        }
    }

    /** Create these directories when missing, in order. */
    record EnsureDirectories(List<String> paths) implements ConfigStep {
        public EnsureDirectories {
            paths = List.copyOf(requireNonNull(paths, "paths cannot be null"));
        }

        @Override
        public String phase() {
            return "ensure-directories";
        }

        @Override
        public String describe() {
            return "create directories " + String.join(" ", paths);
        }
    }

    /** Remove these directories with their content, in order; missing ones are fine. */
    record RemoveDirectories(List<String> paths) implements ConfigStep {
        public RemoveDirectories {
            paths = List.copyOf(requireNonNull(paths, "paths cannot be null"));
        }

        @Override
        public String phase() {
            return "remove-directories";
        }

        @Override
        public String describe() {
            return "remove directories " + String.join(" ", paths);
        }
    }

    /** Make {@code remotePath} equal to the payload file {@code payloadName}, copying only when the hash differs. */
    record TransferFile(String payloadName, String remotePath, String sha256, long size) implements ConfigStep {
        public TransferFile {
            requireNonNull(payloadName, "payloadName cannot be null");
            requireNonNull(remotePath, "remotePath cannot be null");
            requireNonNull(sha256, "sha256 cannot be null");
        }

        @Override
        public String phase() {
            return "transfer-file";
        }

        @Override
        public String describe() {
            return "copy " + payloadName + " to " + remotePath + " unless its sha256 is " + sha256 + " (" + size
                    + " bytes)";
        }
    }

    /**
     * Make {@code remotePath} hold exactly {@code content}, writing only when the hash differs. A
     * {@code sensitive} content (credentials) is never shown, not even its hash.
     */
    record WriteFile(String remotePath, byte[] content, String description, boolean sensitive) implements ConfigStep {
        public WriteFile {
            requireNonNull(remotePath, "remotePath cannot be null");
            content = requireNonNull(content, "content cannot be null").clone();
            requireNonNull(description, "description cannot be null");
        }

        /** A non-sensitive file holding {@code text} as UTF-8. */
        public static WriteFile text(String remotePath, String text, String description) {
            return new WriteFile(remotePath, text.getBytes(StandardCharsets.UTF_8), description, false);
        }

        /** A copy of the content. */
        @Override
        public byte[] content() {
            return content.clone();
        }

        /** Lower-case hex SHA-256 of the content. */
        public String sha256() {
            return Sha256.hex(content);
        }

        @Override
        public String phase() {
            return "write-file";
        }

        @Override
        public String describe() {
            return "write " + description + " to " + remotePath
                    + (sensitive ? " (content redacted)" : " sha256 " + sha256() + " (" + content.length + " bytes)");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WriteFile w
                    && remotePath.equals(w.remotePath)
                    && Arrays.equals(content, w.content)
                    && description.equals(w.description)
                    && sensitive == w.sensitive;
        }

        @Override
        public int hashCode() {
            return 31 * (31 * remotePath.hashCode() + Arrays.hashCode(content)) + description.hashCode();
        }

        @Override
        public String toString() {
            return "WriteFile[" + describe() + "]";
        }
    }

    /** Make the service match {@code spec} and run it (see {@link ServiceSpec}). */
    record EnsureService(ServiceSpec spec) implements ConfigStep {
        public EnsureService {
            requireNonNull(spec, "spec cannot be null");
        }

        @Override
        public String phase() {
            return "ensure-service";
        }

        @Override
        public String describe() {
            return "run service " + spec.describe();
        }
    }

    /** Wait until a node with label {@code node.openshift.io/os_id=Windows} has an address equal to {@code address}. */
    record WaitForNode(String address, Duration timeout) implements ConfigStep {
        public WaitForNode {
            requireNonNull(address, "address cannot be null");
            requireNonNull(timeout, "timeout cannot be null");
        }

        @Override
        public String phase() {
            return "wait-for-node";
        }

        @Override
        public String describe() {
            return "wait up to " + Durations.human(timeout) + " for the node with address " + address;
        }
    }

    /** Cordon the node (after it registered, before it is fully configured). */
    record CordonNode() implements ConfigStep {
        @Override
        public String phase() {
            return "cordon-node";
        }

        @Override
        public String describe() {
            return "cordon the node";
        }
    }

    /** Apply labels and annotations to the node. */
    record ApplyNodeMetadata(MetadataPatch patch) implements ConfigStep {
        public ApplyNodeMetadata {
            requireNonNull(patch, "patch cannot be null");
        }

        @Override
        public String phase() {
            return "apply-node-metadata";
        }

        @Override
        public String describe() {
            StringBuilder sb = new StringBuilder("patch node metadata:");
            new TreeMap<>(patch.setLabels())
                    .forEach(
                            (k, v) -> sb.append(" label ").append(k).append('=').append(v));
            new TreeMap<>(patch.setAnnotations())
                    .forEach((k, v) ->
                            sb.append(" annotation ").append(k).append('=').append(v));
            new TreeSet<>(patch.removeLabels())
                    .forEach(k -> sb.append(" remove label ").append(k));
            new TreeSet<>(patch.removeAnnotations())
                    .forEach(k -> sb.append(" remove annotation ").append(k));
            return sb.toString();
        }
    }

    /** Wait until the node carries annotation {@code key} with a non-empty value. */
    record WaitForNodeAnnotation(String key, Duration timeout) implements ConfigStep {
        public WaitForNodeAnnotation {
            requireNonNull(key, "key cannot be null");
            requireNonNull(timeout, "timeout cannot be null");
        }

        @Override
        public String phase() {
            return "wait-for-node-annotation";
        }

        @Override
        public String describe() {
            return "wait up to " + Durations.human(timeout) + " for node annotation " + key;
        }
    }

    /** Wait until all these HNS networks exist on the host. */
    record WaitForHnsNetworks(List<String> names, Duration timeout) implements ConfigStep {
        public WaitForHnsNetworks {
            names = List.copyOf(requireNonNull(names, "names cannot be null"));
            requireNonNull(timeout, "timeout cannot be null");
        }

        @Override
        public String phase() {
            return "wait-for-hns-networks";
        }

        @Override
        public String describe() {
            return "wait up to " + Durations.human(timeout) + " for HNS networks " + String.join(", ", names);
        }
    }

    /** Remove these HNS networks when present (needs {@code hns.psm1}, so runs before its directory goes). */
    record RemoveHnsNetworks(List<String> names) implements ConfigStep {
        public RemoveHnsNetworks {
            names = List.copyOf(requireNonNull(names, "names cannot be null"));
        }

        @Override
        public String phase() {
            return "remove-hns-networks";
        }

        @Override
        public String describe() {
            return "remove HNS networks " + String.join(", ", names);
        }
    }

    /**
     * Make sure an HNS endpoint named {@code endpointName} exists on {@code networkName} and read its IPv4
     * address: that is the source VIP of {@link OverlayFacts} for the following steps.
     */
    record EnsureSourceVip(String networkName, String endpointName) implements ConfigStep {
        public EnsureSourceVip {
            requireNonNull(networkName, "networkName cannot be null");
            requireNonNull(endpointName, "endpointName cannot be null");
        }

        @Override
        public String phase() {
            return "ensure-source-vip";
        }

        @Override
        public String describe() {
            return "ensure HNS endpoint " + endpointName + " on " + networkName + " and read its address as source VIP";
        }
    }

    /**
     * Write the CNI configuration, whose content depends on the node subnet learned during execution: the executor
     * passes the {@link OverlayFacts} it gathered to {@link #content}.
     */
    record RenderCniConfig(String remotePath, Ipv4Cidr serviceCidr) implements ConfigStep {
        public RenderCniConfig {
            requireNonNull(remotePath, "remotePath cannot be null");
            requireNonNull(serviceCidr, "serviceCidr cannot be null");
        }

        /** The file content for the node's facts. */
        public byte[] content(OverlayFacts facts) {
            requireNonNull(facts, "facts cannot be null");
            return CniConfig.render(facts.nodeSubnet(), serviceCidr).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String phase() {
            return "render-cni-config";
        }

        @Override
        public String describe() {
            return "write CNI configuration for <node-subnet> with service CIDR " + serviceCidr + " to " + remotePath;
        }
    }

    /**
     * Run kube-proxy, whose arguments depend on the node subnet and source VIP learned during execution: the
     * executor passes the {@link OverlayFacts} it gathered to {@link #service}.
     */
    record EnsureKubeProxy(String nodeName) implements ConfigStep {
        /** Stand-ins shown by {@link #describe()} for values known only at execution time. */
        static final String SUBNET_PLACEHOLDER = "<node-subnet>";

        static final String VIP_PLACEHOLDER = "<source-vip>";

        public EnsureKubeProxy {
            requireNonNull(nodeName, "nodeName cannot be null");
        }

        /**
         * The kube-proxy service for the node's facts.
         *
         * @throws IllegalArgumentException when the facts lack the source VIP
         */
        public ServiceSpec service(OverlayFacts facts) {
            requireNonNull(facts, "facts cannot be null");
            if (facts.sourceVip().isEmpty()) {
                throw new IllegalArgumentException(
                        "kube-proxy needs the source VIP; run the ensure-source-vip step first");
            }
            return Services.kubeProxy(nodeName, facts.nodeSubnet().toString(), facts.sourceVip());
        }

        @Override
        public String phase() {
            return "ensure-kube-proxy";
        }

        @Override
        public String describe() {
            return "run service "
                    + Services.kubeProxy(nodeName, SUBNET_PLACEHOLDER, VIP_PLACEHOLDER)
                            .describe();
        }
    }

    /** Set the version annotation: the node is fully configured by this operator version. */
    record SetVersionAnnotation(String version) implements ConfigStep {
        public SetVersionAnnotation {
            requireNonNull(version, "version cannot be null");
        }

        /** The patch that applies it. */
        public MetadataPatch patch() {
            return MetadataPatch.annotations(Map.of(MetadataKeys.VERSION_ANNOTATION, version));
        }

        @Override
        public String phase() {
            return "set-version-annotation";
        }

        @Override
        public String describe() {
            return "annotate node " + MetadataKeys.VERSION_ANNOTATION + "=" + version;
        }
    }

    /** Make the node schedulable. */
    record Uncordon() implements ConfigStep {
        @Override
        public String phase() {
            return "uncordon";
        }

        @Override
        public String describe() {
            return "uncordon the node";
        }
    }
}
