package io.wmco.domain.fleet;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.event.EventReason;
import io.wmco.domain.event.Notice;
import io.wmco.domain.instance.InstanceEntry;
import io.wmco.domain.instance.InstanceMatcher;
import io.wmco.domain.instance.WindowsInstance;
import io.wmco.domain.node.NodeAddress;
import io.wmco.domain.node.NodeSnapshot;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Two {@code windows-instances} entries that name one host: a DNS name resolving to the IPv4 address of another
 * entry, or an entry whose address or name matches the node another entry owns. The host is handled under one of
 * them only, the first; the later one is reported ({@link EventReason#DUPLICATE_INSTANCE}) and nothing is done for
 * it, so a working host is never reconfigured under a second key.
 *
 * <p>Which entry is first, in this order:
 * <ol>
 *   <li>the one owning a node of the host ({@link InstanceOwnership}: the node's recorded key, else address or
 *       name); by node identity: when entry B's address or name matches the node entry A owns, B is the later one,
 *       whatever B resolves to;</li>
 *   <li>else the one whose plan is running in this process ({@link FleetSnapshot#inProgress()}: a first
 *       configuration has no node until the kubelet registers);</li>
 *   <li>else the smaller key (so the answer never depends on the order of the ConfigMap's data).</li>
 * </ol>
 * An owner whose entry is gone is no duplicate: its node is being removed, and the entry waits for that
 * ({@link InstanceDecision.Wait.Cause#HOST_OWNED_ELSEWHERE}). The message names both entries and the shared address
 * or node, and stays the same while the situation does. Thread-safe; no state.
 */
public final class DuplicateInstances {
    private DuplicateInstances() {}

    /**
     * The earlier entry of the same host.
     *
     * @param first the key the host is handled under
     * @param notice what the administrator is told about the later entry
     */
    public record Duplicate(InstanceKey first, Notice notice) {
        public Duplicate {
            requireNonNull(first, "first cannot be null");
            requireNonNull(notice, "notice cannot be null");
        }
    }

    /** The entry that {@code key} (a valid BYOH entry for {@code instance}) duplicates, or empty when it is first. */
    public static Optional<Duplicate> of(FleetSnapshot fleet, InstanceKey key, WindowsInstance instance) {
        requireNonNull(fleet, "fleet cannot be null");
        requireNonNull(key, "key cannot be null");
        requireNonNull(instance, "instance cannot be null");
        if (!key.isByoh() || InstanceOwnership.ownedNode(fleet, key).isPresent()) {
            return Optional.empty();
        }
        Set<String> mine = InstanceMatcher.ipv4s(instance, fleet.resolved(instance.address()));
        for (NodeSnapshot n : InstanceOwnership.windowsNodes(fleet)) {
            if (!InstanceMatcher.matches(instance, fleet.resolved(instance.address()), n)) {
                continue;
            }
            Optional<InstanceKey> owner = InstanceOwnership.owner(n, fleet)
                    .filter(o -> !o.equals(key))
                    .filter(o -> hasEntry(fleet, o));
            if (owner.isPresent()) {
                Optional<String> ip = n.address(NodeAddress.INTERNAL_IP).filter(mine::contains);
                String how = ip.map(a -> "resolves to " + a + ", the address of node " + n.name())
                        .orElse("names node " + n.name());
                return Optional.of(duplicate(
                        key, owner.get(), how + " of entry " + owner.get().name()));
            }
        }
        for (InstanceEntry e : fleet.entries()) {
            if (!(e instanceof InstanceEntry.Valid v) || e.key().equals(key.name())) {
                continue;
            }
            InstanceKey other = InstanceKey.byoh(e.key());
            Set<String> shared = new TreeSet<>(InstanceMatcher.ipv4s(
                    v.instance(), fleet.resolved(v.instance().address())));
            shared.retainAll(mine);
            if (!shared.isEmpty() && firstOf(fleet, other, key).equals(other)) {
                return Optional.of(duplicate(
                        key, other, "resolves to " + String.join(", ", shared) + " like entry " + other.name()));
            }
        }
        return Optional.empty();
    }

    /**
     * After the host of {@code key} reported its name over SSH, before anything on it changed: the entry whose node
     * already has {@code nodeName} (so the host is that entry's, reached at another address, e.g. a second network
     * card), or empty. A node owned by {@code key} itself, or whose owner has no entry any more, is no duplicate.
     */
    public static Optional<Duplicate> byNodeName(FleetSnapshot fleet, InstanceKey key, String nodeName) {
        requireNonNull(fleet, "fleet cannot be null");
        requireNonNull(key, "key cannot be null");
        requireNonNull(nodeName, "nodeName cannot be null");
        for (NodeSnapshot n : InstanceOwnership.windowsNodes(fleet)) {
            if (!n.name().equalsIgnoreCase(nodeName)) {
                continue;
            }
            Optional<InstanceKey> owner = InstanceOwnership.owner(n, fleet)
                    .filter(o -> !o.equals(key))
                    .filter(o -> hasEntry(fleet, o));
            if (owner.isPresent()) {
                return Optional.of(duplicate(
                        key,
                        owner.get(),
                        "reached a host named " + nodeName + ", node " + n.name() + " of entry "
                                + owner.get().name()));
            }
        }
        return Optional.empty();
    }

    /** Which of two keys naming one host is handled: the node's owner, the one in progress, the smaller key. */
    private static InstanceKey firstOf(FleetSnapshot fleet, InstanceKey a, InstanceKey b) {
        boolean aOwns = InstanceOwnership.ownedNode(fleet, a).isPresent();
        boolean bOwns = InstanceOwnership.ownedNode(fleet, b).isPresent();
        if (aOwns != bOwns) {
            return aOwns ? a : b;
        }
        boolean aRuns = fleet.inProgress().contains(a);
        boolean bRuns = fleet.inProgress().contains(b);
        if (aRuns != bRuns) {
            return aRuns ? a : b;
        }
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static boolean hasEntry(FleetSnapshot fleet, InstanceKey key) {
        return key.isByoh() && fleet.entries().stream().anyMatch(e -> e.key().equals(key.name()));
    }

    private static Duplicate duplicate(InstanceKey later, InstanceKey first, String how) {
        return new Duplicate(
                first,
                new Notice(
                        EventReason.DUPLICATE_INSTANCE,
                        "entry " + later.name() + " " + how + ": both name one host, which is handled only as entry "
                                + first.name() + "; entry " + later.name() + " is left alone until one of the two is"
                                + " removed from the windows-instances ConfigMap"));
    }
}
