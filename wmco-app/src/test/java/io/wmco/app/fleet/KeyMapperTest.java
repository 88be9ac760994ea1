package io.wmco.app.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wmco.domain.fleet.InstanceKey;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.NodeSnapshot;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KeyMapperTest {
    private final LoopFixture f = new LoopFixture();
    private final KeyMapper mapper = f.loop.mapper();

    private static Set<String> values(Set<InstanceKey> keys) {
        return keys.stream().map(InstanceKey::value).collect(Collectors.toCollection(TreeSet::new));
    }

    private static NodeSnapshot byoh(String name, String ip, String recordedKey, boolean upgrading) {
        NodeSnapshot n = InMemoryNodes.windowsNode(name, ip);
        Map<String, String> labels = new HashMap<>(n.labels());
        labels.put(MetadataKeys.BYOH_LABEL, "true");
        if (upgrading) {
            labels.put(MetadataKeys.UPGRADING_LABEL, "true");
        }
        Map<String, String> annotations =
                recordedKey == null ? Map.of() : Map.of(MetadataKeys.INSTANCE_KEY_ANNOTATION, recordedKey);
        return new NodeSnapshot(name, labels, annotations, n.taints(), n.addresses(), true, false);
    }

    @Test
    void aConfigMapChangeConcernsEveryEntryAndEveryByohNode() {
        f.instances.put("10.0.0.1", "username=Administrator");
        f.instances.put("bad_entry", "username=Administrator");
        f.nodes.put(byoh("gone", "10.0.0.9", "byoh/win9.example.com", false));
        f.nodes.put(byoh("legacy", "10.0.0.8", null, false));

        assertEquals(
                Set.of("byoh/10.0.0.1", "byoh/bad_entry", "byoh/win9.example.com", "byoh/10.0.0.8"),
                values(mapper.instancesChanged()));
    }

    @Test
    void aNodeEventConcernsTheKeyOwningItAndAFreedSlotWakesTheWaiters() {
        f.instances.put("10.0.0.1", "username=Administrator");
        NodeSnapshot registering = InMemoryNodes.windowsNode("n1", "10.0.0.1");
        NodeSnapshot holding = byoh("n2", "10.0.0.2", "byoh/10.0.0.2", true);
        NodeSnapshot released = byoh("n2", "10.0.0.2", "byoh/10.0.0.2", false);
        f.loop.ledgerForTests().awaitSlot(InstanceKey.byoh("10.0.0.3"));

        assertEquals(
                Set.of("byoh/10.0.0.1"),
                values(mapper.nodeChanged(Optional.empty(), Optional.of(registering))),
                "a kubelet registering wakes the entry that waits for it");
        NodeSnapshot cordoned = new NodeSnapshot(
                holding.name(),
                holding.labels(),
                holding.annotations(),
                holding.taints(),
                holding.addresses(),
                holding.ready(),
                true);
        assertEquals(Set.of("byoh/10.0.0.2"), values(mapper.nodeChanged(Optional.of(holding), Optional.of(cordoned))));
        assertEquals(
                Set.of("byoh/10.0.0.2", "byoh/10.0.0.3"),
                values(mapper.nodeChanged(Optional.of(holding), Optional.of(released))),
                "the upgrading label went: whoever waits for a slot looks again");
        assertEquals(
                Set.of(),
                values(mapper.nodeChanged(Optional.of(InMemoryNodes.windowsNode("x", "10.9.9.9")), Optional.empty())));
    }

    @Test
    void aNodeEventDoesNotReadTheNodeList() {
        // the informer's initial list delivers one event per node: reading the whole list for each would make the
        // start-up quadratic in the number of Windows nodes
        f.instances.put("10.0.0.1", "username=Administrator");
        for (int i = 2; i < 50; i++) {
            f.nodes.put(byoh("n" + i, "10.0.0." + i, "byoh/10.0.0." + i, false));
        }
        int before = f.nodes.lists();

        assertEquals(
                Set.of("byoh/10.0.0.1"),
                values(mapper.nodeChanged(Optional.empty(), Optional.of(InMemoryNodes.windowsNode("n1", "10.0.0.1")))));
        assertEquals(
                Set.of("byoh/10.0.0.7"),
                values(mapper.nodeChanged(
                        Optional.empty(), Optional.of(byoh("n7", "10.0.0.7", "byoh/10.0.0.7", false)))));
        assertEquals(before, f.nodes.lists(), "node events read the node list");
    }

    @Test
    void aHeartbeatThatChangesNothingTheDecisionsSeeWakesNoKey() {
        f.instances.put("10.0.0.1", "username=Administrator");
        NodeSnapshot node = byoh("n1", "10.0.0.1", "byoh/10.0.0.1", false);

        assertEquals(Set.of(), values(mapper.nodeChanged(Optional.of(node), Optional.of(node))));
        assertEquals(
                Set.of("byoh/10.0.0.1"),
                values(mapper.nodeChanged(Optional.empty(), Optional.of(node))),
                "a new node is no heartbeat");
    }
}
