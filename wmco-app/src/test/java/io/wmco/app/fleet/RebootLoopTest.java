package io.wmco.app.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.domain.remote.CommandKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node annotated {@code reboot-required=true}, one reconcile at a time: cordon, drain, reboot, the waits for the
 * host and for Ready given back to the worker, uncordon, the annotation and the slot removed, one node at a time.
 */
class RebootLoopTest {
    private final LoopFixture f = new LoopFixture();

    private void node(String name, String ip, boolean asksForReboot) {
        NodeSnapshot n = InMemoryNodes.windowsNode(name, ip);
        Map<String, String> labels = new HashMap<>(n.labels());
        labels.put(MetadataKeys.BYOH_LABEL, "true");
        Map<String, String> annotations = new HashMap<>();
        annotations.put(MetadataKeys.VERSION_ANNOTATION, LoopFixture.VERSION);
        annotations.put(
                MetadataKeys.PUB_KEY_HASH_ANNOTATION,
                f.keys.current().orElseThrow().hash().value());
        if (asksForReboot) {
            annotations.put(MetadataKeys.REBOOT_REQUIRED_ANNOTATION, "true");
        }
        f.instances.put(ip, "username=Administrator");
        f.nodes.put(new NodeSnapshot(name, labels, annotations, List.of(), n.addresses(), true, false));
    }

    private Outcome.Requeue waits(String key) {
        return assertInstanceOf(Outcome.Requeue.class, f.reconcile(key));
    }

    @Test
    void aNodeAskingForARebootIsDrainedRebootedAndGivenBackWithoutBlockingAWorker() {
        node("n1", "10.0.0.1", true);

        waits("byoh/10.0.0.1"); // rebooting
        assertEquals(1, f.host("10.0.0.1").count(CommandKind.RESTART_COMPUTER));
        List<String> writes = f.nodes.writes();
        assertTrue(writes.indexOf("cordon n1") < writes.indexOf("drain n1"), writes.toString());
        assertEquals("true", f.nodes.get("n1").orElseThrow().labels().get(MetadataKeys.UPGRADING_LABEL));

        f.unreachable.add("10.0.0.1"); // the host is away
        f.nodes.setReady("n1", false);
        waits("byoh/10.0.0.1");
        f.unreachable.remove("10.0.0.1");
        f.rejecting.add("10.0.0.1"); // half up: sshd refuses the key while Windows starts
        waits("byoh/10.0.0.1");
        f.rejecting.remove("10.0.0.1");
        f.unreachable.add("10.0.0.1");
        waits("byoh/10.0.0.1");
        f.unreachable.remove("10.0.0.1"); // back from a new boot, the kubelet not Ready yet
        waits("byoh/10.0.0.1");
        assertTrue(f.nodes.get("n1").orElseThrow().unschedulable(), "still cordoned until Ready");
        assertEquals(1, f.host("10.0.0.1").count(CommandKind.RESTART_COMPUTER), "one reboot, however many looks");

        f.nodes.setReady("n1", true);
        assertEquals(Outcome.DONE, f.reconcile("byoh/10.0.0.1"));

        NodeSnapshot after = f.nodes.get("n1").orElseThrow();
        assertFalse(after.unschedulable());
        assertFalse(after.annotations().containsKey(MetadataKeys.REBOOT_REQUIRED_ANNOTATION));
        assertFalse(after.labels().containsKey(MetadataKeys.UPGRADING_LABEL));
        List<String> all = f.nodes.writes();
        assertTrue(all.lastIndexOf("uncordon n1") < all.lastIndexOf("patch n1"), all.toString());
        assertEquals(1, f.events("NodeRebooted").size(), f.events().toString());
        assertEquals(Outcome.DONE, f.reconcile("byoh/10.0.0.1"));
        assertEquals(1, f.host("10.0.0.1").count(CommandKind.RESTART_COMPUTER), "the request is not acted on twice");
    }

    @Test
    void aSecondNodeAskingForARebootWaitsUntilTheFirstIsBack() {
        node("n1", "10.0.0.1", true);
        node("n2", "10.0.0.2", true);
        f.unreachable.add("10.0.0.1");

        // n1 takes the slot, cordons and drains, then cannot reach its host: it keeps the slot and retries
        Outcome first = f.reconcile("byoh/10.0.0.1");
        assertEquals(Outcome.RETRY, first);
        waits("byoh/10.0.0.2");
        assertEquals(List.of(), f.host("10.0.0.2").log(), "the second host was never touched");
        assertFalse(f.nodes.get("n2").orElseThrow().unschedulable());

        f.unreachable.remove("10.0.0.1");
        waits("byoh/10.0.0.1");
        assertEquals(Outcome.DONE, f.reconcile("byoh/10.0.0.1"));
        waits("byoh/10.0.0.2");
        assertEquals(1, f.host("10.0.0.2").count(CommandKind.RESTART_COMPUTER));
    }
}
