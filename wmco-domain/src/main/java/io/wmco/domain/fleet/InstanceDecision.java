package io.wmco.domain.fleet;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.event.Notice;
import io.wmco.domain.instance.WindowsInstance;
import io.wmco.domain.machine.MachineSnapshot;
import io.wmco.domain.node.NodeSnapshot;
import java.util.Optional;

/**
 * What the operator does next for one instance key, decided by {@link InstanceRules}; the app carries it out through
 * the ports. Immutable and thread-safe.
 *
 * <p>{@link UpgradeInPlace}, {@link ReplaceMachine} and {@link Reboot} take an upgrade slot ({@link #slot()}): the app claims it in
 * its ledger before acting and then marks the node with the {@code upgrading} label, which stays until the work is
 * done, so that an interrupted upgrade keeps its slot and is resumed.
 */
public sealed interface InstanceDecision {

    /** Why, as a sentence for logs (and events where the decision is reported). */
    String reason();

    /** The slot the decision takes, if it takes one. */
    default Optional<SlotClaims.Claim> slot() {
        return Optional.empty();
    }

    /** The instance is up to date, or there is nothing the operator may do (the reason says which). */
    record NothingToDo(String reason) implements InstanceDecision {
        public NothingToDo {
            requireNonNull(reason, "reason cannot be null");
        }
    }

    /** The entry cannot be parsed: report it; a node that matches its address is kept until it is fixed. */
    record ReportInvalidEntry(Notice notice) implements InstanceDecision {
        public ReportInvalidEntry {
            requireNonNull(notice, "notice cannot be null");
        }

        @Override
        public String reason() {
            return notice.message();
        }
    }

    /**
     * Work is needed but a fleet-wide rule holds it back: come back when the cause may have cleared (the app wakes
     * slot waiters when a slot is given back) or after a while.
     *
     * @param notice what to tell the administrator, when the wait is something they should know about
     */
    record Wait(Cause cause, String reason, Optional<Notice> notice) implements InstanceDecision {
        /** What the work waits for. */
        public enum Cause {
            /** Every upgrade slot is taken. */
            UPGRADE_SLOT,
            /** Another Machine of the MachineSet is being replaced or is not healthy. */
            MACHINE_SET,
            /** The {@code windows-user-data} Secret does not match the current key yet. */
            USER_DATA,
            /** The host's node is handled under another key, which must finish (or remove it) first. */
            HOST_OWNED_ELSEWHERE,
            /** Another entry names the same host and is handled first ({@link DuplicateInstances}). */
            DUPLICATE
        }

        public Wait {
            requireNonNull(cause, "cause cannot be null");
            requireNonNull(reason, "reason cannot be null");
            requireNonNull(notice, "notice cannot be null");
        }
    }

    /**
     * Configure the instance as a node for the first time, or finish a first configuration that was interrupted.
     * Takes no slot: the node serves no workloads yet.
     *
     * @param existingNode the node, when the kubelet already registered it
     */
    record Configure(WindowsInstance instance, Optional<NodeSnapshot> existingNode, String reason)
            implements InstanceDecision {
        public Configure {
            requireNonNull(instance, "instance cannot be null");
            requireNonNull(existingNode, "existingNode cannot be null");
            requireNonNull(reason, "reason cannot be null");
        }
    }

    /**
     * Reconfigure a node that an older operator configured, keeping the Node object. Takes a slot.
     *
     * @param labelled whether the cache already shows the node's {@code upgrading} label (a resumed upgrade)
     */
    record UpgradeInPlace(WindowsInstance instance, NodeSnapshot node, boolean labelled, String reason)
            implements InstanceDecision {
        public UpgradeInPlace {
            requireNonNull(instance, "instance cannot be null");
            requireNonNull(node, "node cannot be null");
            requireNonNull(reason, "reason cannot be null");
        }

        @Override
        public Optional<SlotClaims.Claim> slot() {
            return Optional.of(new SlotClaims.Claim(node.name(), Optional.empty()));
        }
    }

    /**
     * Delete the Machine so that its MachineSet creates a fresh one: the node's public-key hash is stale, so the
     * operator's key may no longer open it. Takes a slot and the MachineSet's turn.
     */
    record ReplaceMachine(
            WindowsInstance instance, MachineSnapshot machine, NodeSnapshot node, boolean labelled, String reason)
            implements InstanceDecision {
        public ReplaceMachine {
            requireNonNull(instance, "instance cannot be null");
            requireNonNull(machine, "machine cannot be null");
            requireNonNull(node, "node cannot be null");
            requireNonNull(reason, "reason cannot be null");
        }

        @Override
        public Optional<SlotClaims.Claim> slot() {
            return Optional.of(new SlotClaims.Claim(node.name(), machine.machineSet()));
        }
    }

    /**
     * Reboot a configured, up-to-date node whose {@code reboot-required} annotation asks for it: cordon, drain,
     * reboot, wait for SSH and Ready, uncordon, remove the annotation. Takes a slot, like an upgrade: a reboot takes
     * the node's workloads away for a while, so at most as many nodes as may be upgraded at once reboot at once.
     *
     * @param labelled whether the cache already shows the node's {@code upgrading} label (a resumed reboot)
     */
    record Reboot(WindowsInstance instance, NodeSnapshot node, boolean labelled, String reason)
            implements InstanceDecision {
        public Reboot {
            requireNonNull(instance, "instance cannot be null");
            requireNonNull(node, "node cannot be null");
            requireNonNull(reason, "reason cannot be null");
        }

        @Override
        public Optional<SlotClaims.Claim> slot() {
            return Optional.of(new SlotClaims.Claim(node.name(), Optional.empty()));
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
    }

    /**
     * Deconfigure a BYOH node whose entry left the {@code windows-instances} ConfigMap (or whose ConfigMap was
     * deleted), then delete the Node. Takes no slot: the administrator asked for the removal.
     */
    record Deconfigure(NodeSnapshot node, String reason) implements InstanceDecision {
        public Deconfigure {
            requireNonNull(node, "node cannot be null");
            requireNonNull(reason, "reason cannot be null");
        }
    }

    /** Remove the upgrading label of an up-to-date node whose upgrade ended without giving its slot back. */
    record ReleaseSlot(NodeSnapshot node, String reason) implements InstanceDecision {
        public ReleaseSlot {
            requireNonNull(node, "node cannot be null");
            requireNonNull(reason, "reason cannot be null");
        }
    }

    /**
     * Give an up-to-date node the host-wide settings that changed since it was configured (proxy variables, trusted
     * CAs, registry mirrors), without a reconfiguration: no cordon, no slot.
     */
    record ApplyHostSettings(WindowsInstance instance, NodeSnapshot node, String reason) implements InstanceDecision {
        public ApplyHostSettings {
            requireNonNull(instance, "instance cannot be null");
            requireNonNull(node, "node cannot be null");
            requireNonNull(reason, "reason cannot be null");
        }
    }
}
