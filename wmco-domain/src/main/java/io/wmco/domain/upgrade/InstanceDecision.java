package io.wmco.domain.upgrade;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.instance.WindowsInstance;
import io.wmco.domain.machine.MachineSnapshot;
import io.wmco.domain.node.NodeSnapshot;
import java.util.Optional;

/**
 * What the operator does next for one Windows instance or node. Computed by {@link UpgradePlanner}; the app
 * carries it out through the ports. Immutable and thread-safe.
 *
 * <p>Decisions marked "takes a slot" need the node to carry {@code windowsmachineconfig.openshift.io/upgrading=true}
 * while they run: the executor sets the label (see {@link UpgradeSlots#acquire()}) before its first change and
 * removes it ({@link UpgradeSlots#release()}) after its last, so that an interrupted workflow keeps its slot and
 * is resumed by the next reconcile.
 */
public sealed interface InstanceDecision {

    /** What the decision is about: the instance address, or the node name when there is no instance. */
    String subject();

    /** Why, as a sentence for logs and events. */
    String reason();

    /** Whether the decision changes nothing. */
    default boolean isNoOp() {
        return this instanceof NothingToDo || this instanceof WaitForSlot;
    }

    /** The node is up to date, or nothing can be done yet (the reason says which). */
    record NothingToDo(String subject, String reason) implements InstanceDecision {
        public NothingToDo {
            requireNonNull(subject, "subject cannot be null");
            requireNonNull(reason, "reason cannot be null");
        }
    }

    /**
     * Configure the instance as a node for the first time (or finish a first configuration that was
     * interrupted). Takes no slot: the node serves no workloads yet.
     *
     * @param instance the instance
     * @param existingNode the node, when the kubelet already registered it
     */
    record Configure(WindowsInstance instance, Optional<NodeSnapshot> existingNode, String reason)
            implements InstanceDecision {
        public Configure {
            requireNonNull(instance, "instance cannot be null");
            requireNonNull(existingNode, "existingNode cannot be null");
            requireNonNull(reason, "reason cannot be null");
        }

        @Override
        public String subject() {
            return instance.address().value();
        }
    }

    /**
     * Deconfigure and reconfigure a node that an older operator (or an older key) configured, keeping the
     * Node object. Takes a slot.
     *
     * @param slotAlreadyHeld whether the node already carries the upgrading label (a resumed workflow)
     */
    record UpgradeInPlace(WindowsInstance instance, NodeSnapshot node, boolean slotAlreadyHeld, String reason)
            implements InstanceDecision {
        public UpgradeInPlace {
            requireNonNull(instance, "instance cannot be null");
            requireNonNull(node, "node cannot be null");
            requireNonNull(reason, "reason cannot be null");
        }

        @Override
        public String subject() {
            return instance.address().value();
        }
    }

    /**
     * Delete the Machine so that its MachineSet creates a fresh one: the node's public-key hash is stale, so the
     * operator's key may no longer open it. Takes a slot.
     */
    record ReplaceMachine(
            WindowsInstance instance,
            MachineSnapshot machine,
            NodeSnapshot node,
            boolean slotAlreadyHeld,
            String reason)
            implements InstanceDecision {
        public ReplaceMachine {
            requireNonNull(instance, "instance cannot be null");
            requireNonNull(machine, "machine cannot be null");
            requireNonNull(node, "node cannot be null");
            requireNonNull(reason, "reason cannot be null");
        }

        @Override
        public String subject() {
            return instance.address().value();
        }
    }

    /**
     * Rewrite the public-key hash and the encrypted username annotation of a BYOH node after the private key
     * changed (its {@code authorized_keys} is the administrator's job). Takes no slot: nothing on the host changes.
     */
    record UpdateKeyAnnotations(WindowsInstance instance, NodeSnapshot node, String reason)
            implements InstanceDecision {
        public UpdateKeyAnnotations {
            requireNonNull(instance, "instance cannot be null");
            requireNonNull(node, "node cannot be null");
            requireNonNull(reason, "reason cannot be null");
        }

        @Override
        public String subject() {
            return instance.address().value();
        }
    }

    /**
     * Deconfigure a BYOH node whose instance left the {@code windows-instances} ConfigMap, then delete the Node.
     * Takes no slot: the administrator asked for the removal.
     */
    record Deconfigure(NodeSnapshot node, String reason) implements InstanceDecision {
        public Deconfigure {
            requireNonNull(node, "node cannot be null");
            requireNonNull(reason, "reason cannot be null");
        }

        @Override
        public String subject() {
            return node.name();
        }
    }

    /** Remove the upgrading label of a node whose workflow finished but did not release its slot. */
    record ReleaseSlot(NodeSnapshot node, String reason) implements InstanceDecision {
        public ReleaseSlot {
            requireNonNull(node, "node cannot be null");
            requireNonNull(reason, "reason cannot be null");
        }

        @Override
        public String subject() {
            return node.name();
        }
    }

    /** Work is needed but must wait: all slots are taken, or a workflow already runs on this instance. Requeue. */
    record WaitForSlot(String subject, String reason) implements InstanceDecision {
        public WaitForSlot {
            requireNonNull(subject, "subject cannot be null");
            requireNonNull(reason, "reason cannot be null");
        }
    }
}
