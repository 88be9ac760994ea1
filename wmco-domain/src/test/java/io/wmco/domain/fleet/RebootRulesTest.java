package io.wmco.domain.fleet;

import static io.wmco.domain.fleet.InstanceRulesTest.HASH;
import static io.wmco.domain.fleet.InstanceRulesTest.decide;
import static io.wmco.domain.fleet.InstanceRulesTest.decideInOrder;
import static io.wmco.domain.fleet.InstanceRulesTest.entries;
import static io.wmco.domain.fleet.InstanceRulesTest.fleet;
import static io.wmco.domain.fleet.InstanceRulesTest.key;
import static io.wmco.domain.fleet.InstanceRulesTest.machine;
import static io.wmco.domain.fleet.InstanceRulesTest.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.NodeSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reboot request ({@code reboot-required=true}) under the upgrade-slot rule. */
class RebootRulesTest {

    /** The node with {@code reboot-required} set to {@code value}. */
    static NodeSnapshot asking(NodeSnapshot n, String value) {
        Map<String, String> a = new HashMap<>(n.annotations());
        a.put(MetadataKeys.REBOOT_REQUIRED_ANNOTATION, value);
        return new NodeSnapshot(n.name(), n.labels(), a, n.taints(), n.addresses(), n.ready(), n.unschedulable());
    }

    @Test
    void aConfiguredNodeAskingForARebootIsRebootedWithASlot() {
        NodeSnapshot n1 = asking(node("n1", "10.0.0.1", "2.0.0", HASH, true, false), "true");

        InstanceDecision d = decide(fleet(entries("10.0.0.1"), List.of(n1)), "byoh/10.0.0.1");

        InstanceDecision.Reboot r = assertInstanceOf(InstanceDecision.Reboot.class, d);
        assertFalse(r.labelled());
        assertEquals(Optional.of(new SlotClaims.Claim("n1", Optional.empty())), r.slot());
        assertTrue(r.reason().contains(MetadataKeys.REBOOT_REQUIRED_ANNOTATION), r.reason());
    }

    @Test
    void twoNodesAskingForARebootTakeTurns() {
        FleetSnapshot f = fleet(
                entries("10.0.0.1", "10.0.0.2"),
                List.of(
                        asking(node("n1", "10.0.0.1", "2.0.0", HASH, true, false), "true"),
                        asking(node("n2", "10.0.0.2", "2.0.0", HASH, true, false), "true")));

        Map<InstanceKey, InstanceDecision> ds = decideInOrder(f);

        assertInstanceOf(InstanceDecision.Reboot.class, ds.get(key("byoh/10.0.0.1")));
        InstanceDecision.Wait w = assertInstanceOf(InstanceDecision.Wait.class, ds.get(key("byoh/10.0.0.2")));
        assertEquals(InstanceDecision.Wait.Cause.UPGRADE_SLOT, w.cause());
        assertTrue(w.reason().contains("(by n1)"), w.reason());
    }

    @Test
    void aRebootWaitsWhileAnUpgradeHoldsTheSlotAndAnUpgradeWaitsForAReboot() {
        NodeSnapshot upgrading = node("n9", "10.0.0.9", "1.0.0", HASH, true, true);
        NodeSnapshot rebooting = asking(node("n9", "10.0.0.9", "2.0.0", HASH, true, true), "true");
        NodeSnapshot asks = asking(node("n1", "10.0.0.1", "2.0.0", HASH, true, false), "true");
        NodeSnapshot stale = node("n1", "10.0.0.1", "1.0.0", HASH, true, false);

        assertEquals(
                InstanceDecision.Wait.Cause.UPGRADE_SLOT,
                assertInstanceOf(
                                InstanceDecision.Wait.class,
                                decide(
                                        fleet(entries("10.0.0.1", "10.0.0.9"), List.of(asks, upgrading)),
                                        "byoh/10.0.0.1"))
                        .cause());
        assertEquals(
                InstanceDecision.Wait.Cause.UPGRADE_SLOT,
                assertInstanceOf(
                                InstanceDecision.Wait.class,
                                decide(
                                        fleet(entries("10.0.0.1", "10.0.0.9"), List.of(stale, rebooting)),
                                        "byoh/10.0.0.1"))
                        .cause());
    }

    @Test
    void anInterruptedRebootKeepsItsSlotAndResumes() {
        NodeSnapshot resumed = asking(node("n1", "10.0.0.1", "2.0.0", HASH, true, true), "true");
        NodeSnapshot other = asking(node("n2", "10.0.0.2", "2.0.0", HASH, true, false), "true");

        Map<InstanceKey, InstanceDecision> ds =
                decideInOrder(fleet(entries("10.0.0.1", "10.0.0.2"), List.of(other, resumed)));

        InstanceDecision.Reboot r = assertInstanceOf(InstanceDecision.Reboot.class, ds.get(key("byoh/10.0.0.1")));
        assertTrue(r.labelled());
        assertInstanceOf(InstanceDecision.Wait.class, ds.get(key("byoh/10.0.0.2")));
    }

    @Test
    void aStaleNodeIsUpgradedFirstAndTheRequestWaitsForTheUpgrade() {
        NodeSnapshot n1 = asking(node("n1", "10.0.0.1", "1.0.0", HASH, true, false), "true");

        assertInstanceOf(
                InstanceDecision.UpgradeInPlace.class,
                decide(fleet(entries("10.0.0.1"), List.of(n1)), "byoh/10.0.0.1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "", "yes", "TRUE "})
    void onlyTheValueTrueAsksForAReboot(String value) {
        NodeSnapshot n1 = asking(node("n1", "10.0.0.1", "2.0.0", HASH, true, false), value);

        assertInstanceOf(
                InstanceDecision.NothingToDo.class, decide(fleet(entries("10.0.0.1"), List.of(n1)), "byoh/10.0.0.1"));
    }

    @Test
    void aMachineNodeAskingForARebootIsRebootedInPlaceNotReplaced() {
        NodeSnapshot n = asking(node("m1", "10.0.1.1", "2.0.0", HASH, false, false), "true");

        InstanceDecision d = decide(
                fleet(List.of(), List.of(n), List.of(machine("m1", "Running", "10.0.1.1", "m1")), 1), "machine/m1");

        assertInstanceOf(InstanceDecision.Reboot.class, d);
    }
}
