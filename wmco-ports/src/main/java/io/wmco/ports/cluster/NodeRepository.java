package io.wmco.ports.cluster;

import io.wmco.domain.node.MetadataPatch;
import io.wmco.domain.node.NodeSnapshot;
import java.util.List;
import java.util.Optional;

/**
 * Reads and changes Nodes. Reads come from an informer cache and may lag the API server slightly; writes go to
 * the API server. Thread-safe. Writes throw {@link ClusterException}; conflicts are retried inside the adapter a
 * few times before a {@link ClusterException.Kind#CONFLICT} escapes.
 */
public interface NodeRepository {

    /**
     * All nodes in the cache. The cache may hold only the Windows nodes (the Kubernetes adapter does, so that the
     * operator does not pay for the Linux nodes of a large cluster): never infer from it that no other node exists.
     */
    List<NodeSnapshot> list();

    /** One node from the cache (see {@link #list} on which nodes it holds). */
    Optional<NodeSnapshot> get(String name);

    /**
     * Whether a node of this name exists at all, whatever its operating system: asks the API server, not the cache,
     * so call it only for the rare decisions that must know about every node (a CSR naming a node).
     *
     * @throws ClusterException when the API server cannot be asked
     */
    boolean existsInCluster(String name);

    /**
     * Applies labels and annotations in one patch. Idempotent.
     *
     * @return the node after the patch, or empty when the node does not exist
     */
    Optional<NodeSnapshot> patchMetadata(String name, MetadataPatch patch);

    /**
     * Cordons ({@code true}) or uncordons ({@code false}) a node. Idempotent.
     *
     * @return false when the node does not exist
     */
    boolean setUnschedulable(String name, boolean unschedulable);

    /**
     * Evicts every pod on the node except DaemonSet pods and mirror pods. Idempotent.
     *
     * @return false when the node does not exist
     */
    boolean drain(String name);

    /** Deletes a node. Idempotent: a missing node is not an error. */
    void delete(String name);
}
