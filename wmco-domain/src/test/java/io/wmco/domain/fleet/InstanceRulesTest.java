package io.wmco.domain.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.instance.InstanceAddress;
import io.wmco.domain.instance.InstanceEntry;
import io.wmco.domain.instance.InstancesConfigMap;
import io.wmco.domain.instance.ResolvedAddress;
import io.wmco.domain.instance.Username;
import io.wmco.domain.machine.MachineSnapshot;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.NodeAddress;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.domain.upgrade.NodeFreshness;
import io.wmco.domain.upgrade.OperatorVersion;
import io.wmco.domain.upgrade.UpgradeSlots;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The per-key rules, one key at a time as the workers decide them. (Long because it is the table of every decision
 * the loop can take, the way the rules' javadoc lists them.) {@link #decideInOrder} plays workers that come
 * one after the other, each claiming the slot its decision takes, the way the app's ledger records it.
 */
class InstanceRulesTest {
    static final OperatorVersion V2 = new OperatorVersion("2.0.0");
    static final String HASH = "a".repeat(64);
    static final String OLD_HASH = "b".repeat(64);

    /** A Windows node; version/hash null means the annotation is absent. */
    static NodeSnapshot node(String name, String ip, String version, String hash, boolean byoh, boolean upgrading) {
        Map<String, String> labels = new HashMap<>();
        labels.put(MetadataKeys.OS_ID_LABEL, MetadataKeys.WINDOWS);
        if (byoh) {
            labels.put(MetadataKeys.BYOH_LABEL, "true");
        }
        if (upgrading) {
            labels.put(MetadataKeys.UPGRADING_LABEL, "true");
        }
        Map<String, String> annotations = new HashMap<>();
        if (version != null) {
            annotations.put(MetadataKeys.VERSION_ANNOTATION, version);
        }
        if (hash != null) {
            annotations.put(MetadataKeys.PUB_KEY_HASH_ANNOTATION, hash);
        }
        return new NodeSnapshot(
                name,
                labels,
                annotations,
                List.of(),
                List.of(new NodeAddress(NodeAddress.INTERNAL_IP, ip)),
                true,
                false);
    }

    static NodeSnapshot byohNode(String name, String ip, String version, String hash) {
        return node(name, ip, version, hash, true, false);
    }

    /** The node with the instance-key annotation set. */
    static NodeSnapshot recording(NodeSnapshot n, String key) {
        Map<String, String> a = new HashMap<>(n.annotations());
        a.put(MetadataKeys.INSTANCE_KEY_ANNOTATION, key);
        return new NodeSnapshot(n.name(), n.labels(), a, n.taints(), n.addresses(), n.ready(), n.unschedulable());
    }

    static MachineSnapshot machine(String name, String phase, String ip, String nodeName) {
        return machineOf("ms", name, phase, ip, nodeName, false);
    }

    static MachineSnapshot machineOf(
            String set, String name, String phase, String ip, String nodeName, boolean deleting) {
        return new MachineSnapshot(
                "openshift-machine-api",
                name,
                Map.of(MetadataKeys.MACHINE_OS_ID_LABEL, MetadataKeys.WINDOWS),
                phase,
                ip == null ? List.of() : List.of(ip),
                Optional.ofNullable(nodeName),
                Optional.of(set),
                deleting);
    }

    static List<InstanceEntry> entries(String... keys) {
        Map<String, String> data = new LinkedHashMap<>();
        for (String k : keys) {
            data.put(k, "username=admin");
        }
        return InstancesConfigMap.parse(data);
    }

    static FleetSnapshot fleet(
            List<InstanceEntry> entries, List<NodeSnapshot> nodes, List<MachineSnapshot> machines, int max) {
        return new FleetSnapshot(
                V2,
                HASH,
                entries,
                Map.of(),
                nodes,
                machines,
                Optional.of(new Username("Administrator")),
                SlotClaims.none(),
                max,
                Optional.empty(),
                Set.of());
    }

    static FleetSnapshot fleet(List<InstanceEntry> entries, List<NodeSnapshot> nodes) {
        return fleet(entries, nodes, List.of(), 1);
    }

    /** Every key decided in key order, each slot taken claimed before the next key decides. */
    static Map<InstanceKey, InstanceDecision> decideInOrder(FleetSnapshot f) {
        Map<InstanceKey, InstanceDecision> out = new LinkedHashMap<>();
        SlotClaims claims = f.claims();
        for (InstanceKey key : InstanceOwnership.keys(f)) {
            InstanceDecision d = InstanceRules.decide(f.withClaims(claims), key);
            out.put(key, d);
            if (d.slot().isPresent()) {
                claims = claimed(claims, key, d.slot().get());
            }
        }
        return out;
    }

    static SlotClaims claimed(SlotClaims c, InstanceKey key, SlotClaims.Claim claim) {
        Map<String, InstanceKey> nodes = new HashMap<>(c.nodes());
        nodes.put(claim.node(), key);
        Map<String, InstanceKey> sets = new HashMap<>(c.machineSets());
        claim.machineSet().ifPresent(s -> sets.put(s, key));
        return new SlotClaims(c.version() + 1, nodes, sets);
    }

    static InstanceDecision decide(FleetSnapshot f, String key) {
        return InstanceRules.decide(f, InstanceKey.parse(key).orElseThrow());
    }

    static InstanceKey key(String value) {
        return InstanceKey.parse(value).orElseThrow();
    }

    @Test
    void configuresInstanceWithoutNode() {
        InstanceDecision.Configure c = assertInstanceOf(
                InstanceDecision.Configure.class, decide(fleet(entries("10.0.0.1"), List.of()), "byoh/10.0.0.1"));

        assertEquals("10.0.0.1", c.instance().address().value());
        assertTrue(c.existingNode().isEmpty());
    }

    @Test
    void firstTimeConfigureTakesNoSlotEvenWhenAllSlotsAreTaken() {
        NodeSnapshot busy = node("busy", "10.0.0.9", "1.0.0", HASH, true, true);

        Map<InstanceKey, InstanceDecision> ds = decideInOrder(fleet(entries("10.0.0.1", "10.0.0.9"), List.of(busy)));

        assertInstanceOf(InstanceDecision.Configure.class, ds.get(key("byoh/10.0.0.1")));
        assertInstanceOf(InstanceDecision.UpgradeInPlace.class, ds.get(key("byoh/10.0.0.9")));
    }

    @Test
    void leavesUpToDateNodeAlone() {
        assertInstanceOf(
                InstanceDecision.NothingToDo.class,
                decide(
                        fleet(entries("10.0.0.1"), List.of(byohNode("n1", "10.0.0.1", "2.0.0", HASH))),
                        "byoh/10.0.0.1"));
    }

    @Test
    void upgradesByohNodeWithStaleVersionInPlace() {
        InstanceDecision d =
                decide(fleet(entries("10.0.0.1"), List.of(byohNode("n1", "10.0.0.1", "1.0.0", HASH))), "byoh/10.0.0.1");

        InstanceDecision.UpgradeInPlace u = assertInstanceOf(InstanceDecision.UpgradeInPlace.class, d);
        assertFalse(u.labelled());
        assertEquals(Optional.of(new SlotClaims.Claim("n1", Optional.empty())), u.slot());
        assertTrue(u.reason().contains("has version '1.0.0', the operator is 2.0.0"), u.reason());
    }

    @Test
    void updatesOnlyKeyAnnotationsOfByohNodeAfterKeyChangeWithoutASlot() {
        NodeSnapshot busy = node("busy", "10.0.0.9", "1.0.0", HASH, false, true);

        InstanceDecision d = decide(
                fleet(entries("10.0.0.1"), List.of(byohNode("n1", "10.0.0.1", "2.0.0", OLD_HASH), busy)),
                "byoh/10.0.0.1");

        assertInstanceOf(InstanceDecision.UpdateKeyAnnotations.class, d);
        assertEquals(Optional.empty(), d.slot());
    }

    @Test
    void waitsWhenAnotherNodeHoldsTheOnlySlot() {
        NodeSnapshot holder = node("holder", "10.0.0.9", "1.0.0", HASH, false, true);

        InstanceDecision d = decide(
                fleet(entries("10.0.0.1"), List.of(byohNode("n1", "10.0.0.1", "1.0.0", HASH), holder)),
                "byoh/10.0.0.1");

        InstanceDecision.Wait w = assertInstanceOf(InstanceDecision.Wait.class, d);
        assertEquals(InstanceDecision.Wait.Cause.UPGRADE_SLOT, w.cause());
        assertTrue(w.reason().contains("1 of 1 upgrade slots are taken (by holder)"), w.reason());
    }

    @Test
    void aClaimNotYetInTheCacheCountsLikeALabel() {
        FleetSnapshot f = fleet(
                entries("10.0.0.1", "10.0.0.2"),
                List.of(byohNode("n1", "10.0.0.1", "1.0.0", HASH), byohNode("n2", "10.0.0.2", "1.0.0", HASH)));
        SlotClaims n1Claimed =
                claimed(SlotClaims.none(), key("byoh/10.0.0.1"), new SlotClaims.Claim("n1", Optional.empty()));

        // both workers decide from the same empty ledger: both may take the last slot ...
        assertInstanceOf(InstanceDecision.UpgradeInPlace.class, decide(f, "byoh/10.0.0.1"));
        assertInstanceOf(InstanceDecision.UpgradeInPlace.class, decide(f, "byoh/10.0.0.2"));
        // ... so the ledger accepts only the first claim, and the second decides again with it
        InstanceDecision again = decide(f.withClaims(n1Claimed), "byoh/10.0.0.2");
        InstanceDecision.Wait w = assertInstanceOf(InstanceDecision.Wait.class, again);
        assertTrue(w.reason().contains("(by n1)"), w.reason());
        // the claimant itself keeps its slot
        assertInstanceOf(InstanceDecision.UpgradeInPlace.class, decide(f.withClaims(n1Claimed), "byoh/10.0.0.1"));
    }

    @Test
    void resumesUpgradeOfNodeThatHoldsASlotAndDoesNotCountItTwice() {
        NodeSnapshot resumed = node("n1", "10.0.0.1", null, HASH, true, true);
        NodeSnapshot other = byohNode("n2", "10.0.0.2", "1.0.0", HASH);

        Map<InstanceKey, InstanceDecision> ds =
                decideInOrder(fleet(entries("10.0.0.1", "10.0.0.2"), List.of(resumed, other)));

        InstanceDecision.UpgradeInPlace u =
                assertInstanceOf(InstanceDecision.UpgradeInPlace.class, ds.get(key("byoh/10.0.0.1")));
        assertTrue(u.labelled());
        assertInstanceOf(InstanceDecision.Wait.class, ds.get(key("byoh/10.0.0.2")));
    }

    @Test
    void releasesSlotOfUpToDateNode() {
        assertInstanceOf(
                InstanceDecision.ReleaseSlot.class,
                decide(
                        fleet(entries("10.0.0.1"), List.of(node("n1", "10.0.0.1", "2.0.0", HASH, true, true))),
                        "byoh/10.0.0.1"));
    }

    @Test
    void finishesAnInterruptedFirstConfigurationWithoutASlot() {
        NodeSnapshot holder = node("holder", "10.0.0.9", "1.0.0", HASH, false, true);
        NodeSnapshot half = byohNode("n1", "10.0.0.1", null, null);

        InstanceDecision.Configure c = assertInstanceOf(
                InstanceDecision.Configure.class,
                decide(fleet(entries("10.0.0.1"), List.of(half, holder)), "byoh/10.0.0.1"));

        assertEquals(Optional.of(half), c.existingNode());
    }

    @ParameterizedTest(name = "[{index}] held={0} max={1} stale={2} -> granted={3}")
    @CsvSource({
        "0, 1, 1, 1",
        "0, 1, 3, 1",
        "1, 1, 3, 0",
        "0, 2, 3, 2",
        "1, 2, 3, 1",
        "2, 2, 3, 0",
        "0, 5, 3, 3",
        "3, 2, 2, 0",
    })
    void grantsAtMostMaxParallelSlotsCountingHolders(int held, int max, int stale, int granted) {
        List<NodeSnapshot> nodes = new ArrayList<>();
        for (int i = 0; i < held; i++) {
            nodes.add(node("held-" + i, "10.1.0." + i, "1.0.0", HASH, false, true));
        }
        String[] ips = new String[stale];
        for (int i = 0; i < stale; i++) {
            ips[i] = "10.0.0." + i;
            nodes.add(byohNode("stale-" + i, ips[i], "1.0.0", HASH));
        }

        Map<InstanceKey, InstanceDecision> ds = decideInOrder(fleet(entries(ips), nodes, List.of(), max));

        long upgrades = ds.values().stream()
                .filter(InstanceDecision.UpgradeInPlace.class::isInstance)
                .count();
        long waits = ds.values().stream()
                .filter(InstanceDecision.Wait.class::isInstance)
                .count();
        assertEquals(granted, upgrades, ds.toString());
        assertEquals(stale - granted, waits, ds.toString());
        assertTrue(held + upgrades <= Math.max(max, held), "never more slot holders than allowed");
    }

    @Test
    void replacesMachineWhoseKeyHashIsStale() {
        NodeSnapshot n = node("m1-node", "10.0.0.1", "2.0.0", "", false, false);
        MachineSnapshot m = machine("m1", "Running", "10.0.0.1", "m1-node");

        InstanceDecision d = decide(fleet(List.of(), List.of(n), List.of(m), 1), "machine/m1");

        InstanceDecision.ReplaceMachine r = assertInstanceOf(InstanceDecision.ReplaceMachine.class, d);
        assertEquals("m1", r.machine().name());
        assertEquals("Administrator", r.instance().username().value());
        assertEquals(Optional.of(new SlotClaims.Claim("m1-node", Optional.of("ms"))), r.slot());
    }

    @Test
    void replacesMachinesOneAtATime() {
        List<NodeSnapshot> nodes = List.of(
                node("a", "10.0.0.1", "2.0.0", "", false, false), node("b", "10.0.0.2", "2.0.0", "", false, false));
        List<MachineSnapshot> machines = List.of(
                machineOf("s1", "ma", "Running", "10.0.0.1", "a", false),
                machineOf("s2", "mb", "Running", "10.0.0.2", "b", false));

        Map<InstanceKey, InstanceDecision> ds = decideInOrder(fleet(List.of(), nodes, machines, 1));

        assertInstanceOf(InstanceDecision.ReplaceMachine.class, ds.get(key("machine/ma")));
        assertInstanceOf(InstanceDecision.Wait.class, ds.get(key("machine/mb")));
    }

    @Test
    void replacesOneMachinePerMachineSetEvenWithFreeSlots() {
        List<NodeSnapshot> nodes = List.of(
                node("a", "10.0.0.1", "2.0.0", "", false, false),
                node("b", "10.0.0.2", "2.0.0", "", false, false),
                node("c", "10.0.0.3", "2.0.0", "", false, false));
        List<MachineSnapshot> machines = List.of(
                machineOf("set1", "ma", "Running", "10.0.0.1", "a", false),
                machineOf("set1", "mb", "Running", "10.0.0.2", "b", false),
                machineOf("set2", "mc", "Running", "10.0.0.3", "c", false));

        Map<InstanceKey, InstanceDecision> ds = decideInOrder(fleet(List.of(), nodes, machines, 3));

        assertInstanceOf(InstanceDecision.ReplaceMachine.class, ds.get(key("machine/ma")));
        InstanceDecision.Wait w = assertInstanceOf(InstanceDecision.Wait.class, ds.get(key("machine/mb")));
        assertEquals(InstanceDecision.Wait.Cause.MACHINE_SET, w.cause());
        assertTrue(w.reason().contains("Machine ma of MachineSet set1 is being replaced"), w.reason());
        assertInstanceOf(
                InstanceDecision.ReplaceMachine.class, ds.get(key("machine/mc")), "another MachineSet is independent");
    }

    @ParameterizedTest
    @CsvSource({
        "Running,      b,    true,  false, false, is being deleted",
        "Provisioning, ,     true,  false, true,  phase 'Provisioning'",
        "Provisioned,  ,     true,  false, true,  phase 'Provisioned', not Running yet",
        "Provisioned,  b,    true,  false, true,  phase 'Provisioned', not Running yet",
        "Running,      ,     true,  false, true,  has no node yet",
        "Running,      b,    false, false, true,  not Ready",
        "Running,      b,    true,  true,  true,  not Ready",
    })
    void replacesNoMachineWhileAnotherMachineOfItsSetIsUnhealthy(
            String phase, String nodeRef, boolean ready, boolean siblingUpgrading, boolean keepMachine, String why) {
        NodeSnapshot stale = node("a", "10.0.0.1", "2.0.0", OLD_HASH, false, false);
        NodeSnapshot sibling = new NodeSnapshot(
                "b",
                siblingUpgrading
                        ? Map.of(MetadataKeys.OS_ID_LABEL, MetadataKeys.WINDOWS, MetadataKeys.UPGRADING_LABEL, "true")
                        : Map.of(MetadataKeys.OS_ID_LABEL, MetadataKeys.WINDOWS),
                Map.of(MetadataKeys.VERSION_ANNOTATION, "2.0.0", MetadataKeys.PUB_KEY_HASH_ANNOTATION, HASH),
                List.of(),
                List.of(new NodeAddress(NodeAddress.INTERNAL_IP, "10.0.0.9")),
                ready,
                false);
        List<NodeSnapshot> nodes = nodeRef == null ? List.of(stale) : List.of(stale, sibling);
        List<MachineSnapshot> machines = List.of(
                machineOf("set1", "ma", "Running", "10.0.0.1", "a", false),
                machineOf("set1", "mb", phase, "10.0.0.9", nodeRef, !keepMachine));

        InstanceDecision d = decide(fleet(List.of(), nodes, machines, 2), "machine/ma");

        InstanceDecision.Wait w = assertInstanceOf(InstanceDecision.Wait.class, d);
        assertTrue(
                w.reason().contains("Machine mb of MachineSet set1")
                        && w.reason().contains(why),
                w.reason());
    }

    @Test
    void replacesMachineOnceTheRestOfItsSetIsHealthy() {
        NodeSnapshot stale = node("a", "10.0.0.1", "2.0.0", OLD_HASH, false, false);
        NodeSnapshot sibling = node("b", "10.0.0.2", "2.0.0", HASH, false, false);
        List<MachineSnapshot> machines = List.of(
                machineOf("set1", "ma", "Running", "10.0.0.1", "a", false),
                machineOf("set1", "mb", "Running", "10.0.0.2", "b", false));

        Map<InstanceKey, InstanceDecision> ds = decideInOrder(fleet(List.of(), List.of(stale, sibling), machines, 1));

        assertInstanceOf(InstanceDecision.ReplaceMachine.class, ds.get(key("machine/ma")));
        assertInstanceOf(InstanceDecision.NothingToDo.class, ds.get(key("machine/mb")));
    }

    @Test
    void upgradesMachineNodeWithStaleVersionAndCurrentKeyInPlace() {
        NodeSnapshot n = node("m1-node", "10.0.0.1", "1.0.0", HASH, false, false);

        assertInstanceOf(
                InstanceDecision.UpgradeInPlace.class,
                decide(
                        fleet(List.of(), List.of(n), List.of(machine("m1", "Running", "10.0.0.1", "m1-node")), 1),
                        "machine/m1"));
    }

    @Test
    void configuresProvisionedMachineWithoutNodeMatchingNodeByIpWhenNodeRefIsMissing() {
        NodeSnapshot n = node("m1-node", "10.0.0.1", "2.0.0", HASH, false, false);
        MachineSnapshot m = machine("m1", "Provisioned", "10.0.0.1", null);

        assertInstanceOf(
                InstanceDecision.Configure.class, decide(fleet(List.of(), List.of(), List.of(m), 1), "machine/m1"));
        assertInstanceOf(
                InstanceDecision.NothingToDo.class, decide(fleet(List.of(), List.of(n), List.of(m), 1), "machine/m1"));
        assertEquals(
                Optional.of(key("machine/m1")),
                InstanceOwnership.owner(n, fleet(List.of(), List.of(n), List.of(m), 1)));
    }

    @Test
    void machinesWaitWhileTheUserDataIsStaleButKeepTheirConfiguredNodes() {
        MachineSnapshot fresh = machine("m1", "Provisioned", "10.0.0.1", null);
        MachineSnapshot done = machine("m2", "Running", "10.0.0.2", "n2");
        NodeSnapshot n2 = node("n2", "10.0.0.2", "2.0.0", HASH, false, false);
        FleetSnapshot f = new FleetSnapshot(
                V2,
                HASH,
                List.of(),
                Map.of(),
                List.of(n2),
                List.of(fresh, done),
                Optional.of(new Username("Administrator")),
                SlotClaims.none(),
                1,
                Optional.of("Secret openshift-machine-api/windows-user-data is missing"),
                Set.of());

        InstanceDecision.Wait w = assertInstanceOf(InstanceDecision.Wait.class, decide(f, "machine/m1"));
        assertEquals(InstanceDecision.Wait.Cause.USER_DATA, w.cause());
        assertEquals("UserDataNotCurrent", w.notice().orElseThrow().reason().text());
        assertInstanceOf(InstanceDecision.NothingToDo.class, decide(f, "machine/m2"));
    }

    @Test
    void skipsIgnoredDeletingUnprovisionedAndAddresslessMachines() {
        MachineSnapshot ignored = new MachineSnapshot(
                "ns",
                "ignored",
                Map.of(MetadataKeys.IGNORE_LABEL, "true"),
                "Provisioned",
                List.of("10.0.0.1"),
                Optional.empty(),
                Optional.empty(),
                false);
        MachineSnapshot deleting = new MachineSnapshot(
                "ns", "deleting", Map.of(), "Running", List.of("10.0.0.2"), Optional.empty(), Optional.empty(), true);
        MachineSnapshot provisioning = machine("provisioning", "Provisioning", "10.0.0.3", null);
        MachineSnapshot ipv6Only = machine("v6", "Provisioned", "fd00::1", null);

        Map<InstanceKey, InstanceDecision> ds =
                decideInOrder(fleet(List.of(), List.of(), List.of(ignored, deleting, provisioning, ipv6Only), 1));

        assertEquals(
                List.of("machine/deleting", "machine/ignored", "machine/provisioning", "machine/v6"),
                ds.keySet().stream().map(InstanceKey::value).toList());
        ds.values().forEach(d -> assertInstanceOf(InstanceDecision.NothingToDo.class, d));
        assertTrue(decide(fleet(List.of(), List.of(), List.of(), 1), "machine/gone")
                .reason()
                .contains("gone"));
    }

    @Test
    void deconfiguresAByohNodeUnderTheKeyItsEntryHad() {
        NodeSnapshot gone = byohNode("gone", "10.0.0.5", "2.0.0", HASH);
        NodeSnapshot named = recording(byohNode("named", "10.0.0.6", "2.0.0", HASH), "byoh/win6.example.com");

        FleetSnapshot f = fleet(List.of(), List.of(gone, named));

        // a node configured before the key annotation existed: the key an IPv4 entry had
        assertEquals(Optional.of(key("byoh/10.0.0.5")), InstanceOwnership.owner(gone, f));
        assertEquals(
                "gone",
                assertInstanceOf(InstanceDecision.Deconfigure.class, decide(f, "byoh/10.0.0.5"))
                        .node()
                        .name());
        // a node that recorded its key: exactly that key, though no entry is left to match it
        assertEquals(Optional.of(key("byoh/win6.example.com")), InstanceOwnership.owner(named, f));
        assertEquals(
                "named",
                assertInstanceOf(InstanceDecision.Deconfigure.class, decide(f, "byoh/win6.example.com"))
                        .node()
                        .name());
        assertEquals(
                List.of("byoh/10.0.0.5", "byoh/win6.example.com"),
                InstanceOwnership.keys(f).stream().map(InstanceKey::value).toList());
    }

    @Test
    void keepsTheNodeOfAnEntryThatBecameInvalidAndReportsTheEntry() {
        List<InstanceEntry> broken = InstancesConfigMap.parse(Map.of("10.0.0.5", "user=admin"));
        FleetSnapshot f = fleet(broken, List.of(byohNode("n", "10.0.0.5", "2.0.0", HASH)));

        InstanceDecision.ReportInvalidEntry r =
                assertInstanceOf(InstanceDecision.ReportInvalidEntry.class, decide(f, "byoh/10.0.0.5"));

        assertEquals("InvalidInstanceEntry", r.notice().reason().text());
        assertEquals(
                List.of("byoh/10.0.0.5"),
                InstanceOwnership.keys(f).stream().map(InstanceKey::value).toList());
    }

    @Test
    void neverDeconfiguresMachineNodesOrNodesItDoesNotHandle() {
        NodeSnapshot machineNode = node("machine-node", "10.0.0.5", "2.0.0", HASH, false, false);
        NodeSnapshot linux = new NodeSnapshot("linux", Map.of(), Map.of(), List.of(), List.of(), true, false);

        FleetSnapshot f = fleet(List.of(), List.of(machineNode, linux));

        assertTrue(
                InstanceOwnership.keys(f).isEmpty(), InstanceOwnership.keys(f).toString());
    }

    @Test
    void aHostWhoseNodeBelongsToAnotherKeyIsNotTouched() {
        // the entry was renamed from the IP to a DNS name: the old key removes the node first
        NodeSnapshot old = recording(byohNode("n1", "10.0.0.5", "2.0.0", HASH), "byoh/10.0.0.5");
        FleetSnapshot f = new FleetSnapshot(
                V2,
                HASH,
                entries("win1.example.com"),
                Map.of(InstanceAddress.parse("win1.example.com"), new ResolvedAddress(List.of("10.0.0.5"), List.of())),
                List.of(old),
                List.of(),
                Optional.empty(),
                SlotClaims.none(),
                1,
                Optional.empty(),
                Set.of());

        InstanceDecision.Wait w = assertInstanceOf(InstanceDecision.Wait.class, decide(f, "byoh/win1.example.com"));
        assertEquals(InstanceDecision.Wait.Cause.HOST_OWNED_ELSEWHERE, w.cause());
        assertInstanceOf(InstanceDecision.Deconfigure.class, decide(f, "byoh/10.0.0.5"));
    }

    @Test
    void matchesByohNodeByReverseDnsName() {
        FleetSnapshot s = new FleetSnapshot(
                V2,
                HASH,
                entries("10.0.0.1"),
                Map.of(
                        InstanceAddress.parse("10.0.0.1"),
                        new ResolvedAddress(List.of("10.0.0.1"), List.of("win-1.example"))),
                List.of(byohNode("win-1.example", "192.168.0.1", "2.0.0", HASH)),
                List.of(),
                Optional.empty(),
                SlotClaims.none(),
                1,
                Optional.empty(),
                Set.of());

        assertInstanceOf(InstanceDecision.NothingToDo.class, decide(s, "byoh/10.0.0.1"));
        assertEquals(
                List.of("byoh/10.0.0.1"),
                InstanceOwnership.keys(s).stream().map(InstanceKey::value).toList());
    }

    @Test
    void decisionsDoNotDependOnInputOrder() {
        List<NodeSnapshot> nodes = new ArrayList<>();
        String[] ips = new String[6];
        for (int i = 0; i < 6; i++) {
            ips[i] = "10.0.0." + i;
            nodes.add(byohNode("n" + i, ips[i], i % 2 == 0 ? "1.0.0" : "2.0.0", HASH));
        }
        nodes.add(byohNode("orphan", "10.9.0.1", "2.0.0", HASH));
        Map<InstanceKey, InstanceDecision> expected = decideInOrder(fleet(entries(ips), nodes, List.of(), 2));

        Collections.shuffle(nodes, new Random(7));
        Map<InstanceKey, InstanceDecision> shuffled = decideInOrder(fleet(entries(ips), nodes, List.of(), 2));

        assertEquals(expected, shuffled);
        assertEquals(7, expected.size());
    }

    @Test
    void refusesZeroParallelUpgrades() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> fleet(List.of(), List.of(), List.of(), 0));

        assertTrue(e.getMessage().contains("maxParallelUpgrades must be at least 1"), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] version={0} hash={1} -> {2}")
    @CsvSource(
            nullValues = "NULL",
            value = {
                "2.0.0, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, true",
                "1.0.0, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, false",
                "2.0.0, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, false",
                "2.0.0, '', false",
                "NULL, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, false",
                "2.0.0, NULL, false",
                "2.0.0-rc1, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, false",
            })
    void upToDateNeedsBothVersionAndKeyHash(String version, String hash, boolean upToDate) {
        assertEquals(upToDate, NodeFreshness.isUpToDate(byohNode("n", "10.0.0.1", version, hash), V2, HASH));
    }

    @Test
    void slotPatchesSetAndRemoveTheUpgradingLabel() {
        NodeSnapshot free = byohNode("n", "10.0.0.1", "2.0.0", HASH);
        NodeSnapshot held = node("n", "10.0.0.1", "2.0.0", HASH, true, true);

        assertTrue(UpgradeSlots.acquire().isSatisfiedBy(held));
        assertFalse(UpgradeSlots.acquire().isSatisfiedBy(free));
        assertTrue(UpgradeSlots.release().isSatisfiedBy(free));
        assertFalse(UpgradeSlots.release().isSatisfiedBy(held));
    }

    @Test
    void instanceKeysRoundTripAndRefuseWhatIsNotOne() {
        assertEquals("byoh/10.0.0.5", InstanceKey.byoh("10.0.0.5").value());
        assertEquals(Optional.of(InstanceKey.machine("m-1")), InstanceKey.parse("machine/m-1"));
        assertEquals("instance win1.example.com", key("byoh/win1.example.com").describe());
        for (String bad : List.of("windows-instances", "byoh/", "pod/x", "byoh/a/b", "")) {
            assertEquals(Optional.empty(), InstanceKey.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> InstanceKey.byoh("a/b"));
    }

    @Test
    void refusesBlankOperatorVersion() {
        assertThrows(IllegalArgumentException.class, () -> new OperatorVersion(""));
        assertThrows(IllegalArgumentException.class, () -> new OperatorVersion("1.0 beta"));
    }
}
