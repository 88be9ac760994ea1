package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.MetadataPatch;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Steps on the Node object. The waits ({@link WaitForNode}, {@link WaitForAnnotation}), {@link SetVersion} (which
 * ends once the cache shows the annotation) and {@link Delete} (once the cache no longer shows the node) depend on
 * cluster state the executor reads from its caches: they never block, the executor comes back when the cache
 * changes or the step's deadline passes.
 */
public sealed interface NodeStep extends ConfigStep {

    /** Cordon the node registered for {@code address}, when one exists (a reconfiguration or upgrade). */
    record CordonIfExists(String address) implements NodeStep {
        public CordonIfExists {
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
    record Drain(Duration timeout) implements NodeStep {
        public Drain {
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

    /** Wait until a node with label {@code node.openshift.io/os_id=Windows} has an address equal to {@code address}. */
    record WaitForNode(String address, Duration timeout) implements NodeStep {
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
    record Cordon() implements NodeStep {
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
    record ApplyMetadata(MetadataPatch patch) implements NodeStep {
        public ApplyMetadata {
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
    record WaitForAnnotation(String key, Duration timeout) implements NodeStep {
        public WaitForAnnotation {
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

    /**
     * Set the version annotation: the node is fully configured by this operator version. Done once the cache shows
     * it, so that the next decision (which reads the cache) does not see an unconfigured node.
     */
    record SetVersion(String version) implements NodeStep {
        public SetVersion {
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

    /**
     * Delete the Node object; done once the cache no longer shows it (within {@code timeout}), so that the next
     * decision, which reads the cache, does not find the node and remove it again.
     */
    record Delete(Duration timeout) implements NodeStep {
        public Delete {
            requireNonNull(timeout, "timeout cannot be null");
        }

        @Override
        public String phase() {
            return "delete-node";
        }

        @Override
        public String describe() {
            return "delete the node";
        }
    }

    /**
     * Wait until the node's Ready condition is True (after a reboot: the kubelet is back). Ready is read from the
     * cache, so the executor looks only after the host answered over SSH from its new boot.
     */
    record WaitForReady(Duration timeout) implements NodeStep {
        public WaitForReady {
            requireNonNull(timeout, "timeout cannot be null");
        }

        @Override
        public String phase() {
            return "wait-for-node-ready";
        }

        @Override
        public String describe() {
            return "wait up to " + Durations.human(timeout) + " for the node to be Ready";
        }
    }

    /**
     * Remove annotation {@code key} from the node; done once the cache no longer shows it (within {@code timeout}),
     * so that the next decision does not act on the request again (e.g. a second reboot).
     */
    record RemoveAnnotation(String key, Duration timeout) implements NodeStep {
        public RemoveAnnotation {
            requireNonNull(key, "key cannot be null");
            requireNonNull(timeout, "timeout cannot be null");
        }

        /** The patch that removes it. */
        public MetadataPatch patch() {
            return new MetadataPatch(Map.of(), Map.of(), java.util.Set.of(), java.util.Set.of(key));
        }

        @Override
        public String phase() {
            return "remove-node-annotation";
        }

        @Override
        public String describe() {
            return "remove node annotation " + key;
        }
    }

    /** Make the node schedulable. */
    record Uncordon() implements NodeStep {
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
