package io.wmco.domain.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.instance.InstanceEntry;
import io.wmco.domain.instance.InstancesConfigMap;
import io.wmco.domain.instance.ResolvedAddress;
import io.wmco.domain.instance.Username;
import io.wmco.domain.machine.MachineSnapshot;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.NodeAddress;
import io.wmco.domain.node.NodeSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpgradePlannerTest {
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

    static MachineSnapshot machine(String name, String phase, String ip, String nodeName) {
        return new MachineSnapshot(
                "openshift-machine-api",
                name,
                Map.of(MetadataKeys.MACHINE_OS_ID_LABEL, MetadataKeys.WINDOWS),
                phase,
                ip == null ? List.of() : List.of(ip),
                Optional.ofNullable(nodeName),
                Optional.of("ms"),
                false);
    }

    static List<InstanceEntry> entries(String... ips) {
        Map<String, String> data = new HashMap<>();
        for (String ip : ips) {
            data.put(ip, "username=admin");
        }
        return InstancesConfigMap.parse(data);
    }

    static FleetState state(
            List<InstanceEntry> entries,
            List<NodeSnapshot> nodes,
            List<MachineSnapshot> machines,
            Set<String> inFlight,
            int max) {
        return new FleetState(
                V2,
                HASH,
                entries,
                Map.of(),
                nodes,
                machines,
                Optional.of(new Username("Administrator")),
                inFlight,
                max);
    }

    static List<InstanceDecision> decide(List<InstanceEntry> entries, List<NodeSnapshot> nodes) {
        return UpgradePlanner.decide(state(entries, nodes, List.of(), Set.of(), 1));
    }

    static InstanceDecision only(List<InstanceDecision> decisions) {
        assertEquals(1, decisions.size(), decisions.toString());
        return decisions.get(0);
    }

    @Test
    void configuresInstanceWithoutNode() {
        InstanceDecision d = only(decide(entries("10.0.0.1"), List.of()));

        InstanceDecision.Configure c = assertInstanceOf(InstanceDecision.Configure.class, d);
        assertEquals("10.0.0.1", c.subject());
        assertTrue(c.existingNode().isEmpty());
    }

    @Test
    void firstTimeConfigureTakesNoSlotEvenWhenAllSlotsAreTaken() {
        NodeSnapshot busy = node("busy", "10.0.0.9", "1.0.0", HASH, true, true);

        List<InstanceDecision> ds = decide(entries("10.0.0.1", "10.0.0.9"), List.of(busy));

        assertInstanceOf(InstanceDecision.Configure.class, ds.get(0));
        assertInstanceOf(InstanceDecision.UpgradeInPlace.class, ds.get(1));
    }

    @Test
    void leavesUpToDateNodeAlone() {
        InstanceDecision d = only(decide(entries("10.0.0.1"), List.of(byohNode("n1", "10.0.0.1", "2.0.0", HASH))));

        assertInstanceOf(InstanceDecision.NothingToDo.class, d);
        assertTrue(d.isNoOp());
    }

    @Test
    void upgradesByohNodeWithStaleVersionInPlace() {
        InstanceDecision d = only(decide(entries("10.0.0.1"), List.of(byohNode("n1", "10.0.0.1", "1.0.0", HASH))));

        InstanceDecision.UpgradeInPlace u = assertInstanceOf(InstanceDecision.UpgradeInPlace.class, d);
        assertFalse(u.slotAlreadyHeld());
        assertTrue(u.reason().contains("has version '1.0.0', the operator is 2.0.0"), u.reason());
    }

    @Test
    void updatesOnlyKeyAnnotationsOfByohNodeAfterKeyChangeWithoutASlot() {
        NodeSnapshot busy = node("busy", "10.0.0.9", "1.0.0", HASH, false, true);

        List<InstanceDecision> ds =
                decide(entries("10.0.0.1"), List.of(byohNode("n1", "10.0.0.1", "2.0.0", OLD_HASH), busy));

        assertInstanceOf(InstanceDecision.UpdateKeyAnnotations.class, ds.get(0));
    }

    @Test
    void waitsWhenAnotherNodeHoldsTheOnlySlot() {
        NodeSnapshot holder = node("holder", "10.0.0.9", "1.0.0", HASH, false, true);

        InstanceDecision d = decide(entries("10.0.0.1"), List.of(byohNode("n1", "10.0.0.1", "1.0.0", HASH), holder))
                .get(0);

        InstanceDecision.WaitForSlot w = assertInstanceOf(InstanceDecision.WaitForSlot.class, d);
        assertTrue(w.reason().contains("1 of 1 upgrade slots are taken (by holder)"), w.reason());
    }

    @Test
    void resumesUpgradeOfNodeThatHoldsASlotAndDoesNotCountItTwice() {
        NodeSnapshot resumed = node("n1", "10.0.0.1", null, HASH, true, true);
        NodeSnapshot other = byohNode("n2", "10.0.0.2", "1.0.0", HASH);

        List<InstanceDecision> ds = decide(entries("10.0.0.1", "10.0.0.2"), List.of(resumed, other));

        InstanceDecision.UpgradeInPlace u = assertInstanceOf(InstanceDecision.UpgradeInPlace.class, ds.get(0));
        assertTrue(u.slotAlreadyHeld());
        assertInstanceOf(InstanceDecision.WaitForSlot.class, ds.get(1));
    }

    @Test
    void releasesSlotOfUpToDateNode() {
        InstanceDecision d =
                only(decide(entries("10.0.0.1"), List.of(node("n1", "10.0.0.1", "2.0.0", HASH, true, true))));

        assertInstanceOf(InstanceDecision.ReleaseSlot.class, d);
    }

    @Test
    void finishesAnInterruptedFirstConfigurationWithoutASlot() {
        NodeSnapshot holder = node("holder", "10.0.0.9", "1.0.0", HASH, false, true);
        NodeSnapshot half = byohNode("n1", "10.0.0.1", null, null);

        InstanceDecision d = decide(entries("10.0.0.1"), List.of(half, holder)).get(0);

        InstanceDecision.Configure c = assertInstanceOf(InstanceDecision.Configure.class, d);
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

        List<InstanceDecision> ds = UpgradePlanner.decide(state(entries(ips), nodes, List.of(), Set.of(), max));

        long upgrades = ds.stream()
                .filter(InstanceDecision.UpgradeInPlace.class::isInstance)
                .count();
        long waits = ds.stream()
                .filter(InstanceDecision.WaitForSlot.class::isInstance)
                .count();
        assertEquals(granted, upgrades, ds.toString());
        assertEquals(stale - granted, waits, ds.toString());
        long labelled = held + upgrades;
        assertTrue(labelled <= Math.max(max, held), "never more slot holders than allowed");
    }

    @Test
    void replacesMachineWhoseKeyHashIsStale() {
        NodeSnapshot n = node("m1-node", "10.0.0.1", "2.0.0", "", false, false);
        MachineSnapshot m = machine("m1", "Running", "10.0.0.1", "m1-node");

        InstanceDecision d = only(UpgradePlanner.decide(state(List.of(), List.of(n), List.of(m), Set.of(), 1)));

        InstanceDecision.ReplaceMachine r = assertInstanceOf(InstanceDecision.ReplaceMachine.class, d);
        assertEquals("m1", r.machine().name());
        assertEquals("Administrator", r.instance().username().value());
    }

    @Test
    void replacesMachinesOneAtATime() {
        List<NodeSnapshot> nodes = List.of(
                node("a", "10.0.0.1", "2.0.0", "", false, false), node("b", "10.0.0.2", "2.0.0", "", false, false));
        List<MachineSnapshot> machines =
                List.of(machine("ma", "Running", "10.0.0.1", "a"), machine("mb", "Running", "10.0.0.2", "b"));

        List<InstanceDecision> ds = UpgradePlanner.decide(state(List.of(), nodes, machines, Set.of(), 1));

        assertInstanceOf(InstanceDecision.ReplaceMachine.class, ds.get(0));
        assertInstanceOf(InstanceDecision.WaitForSlot.class, ds.get(1));
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

        List<InstanceDecision> ds = UpgradePlanner.decide(state(List.of(), nodes, machines, Set.of(), 3));

        assertInstanceOf(InstanceDecision.ReplaceMachine.class, ds.get(0));
        InstanceDecision.WaitForSlot w = assertInstanceOf(InstanceDecision.WaitForSlot.class, ds.get(1));
        assertTrue(w.reason().contains("MachineSet set1"), w.reason());
        assertInstanceOf(InstanceDecision.ReplaceMachine.class, ds.get(2), "another MachineSet is independent");
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

        InstanceDecision d = UpgradePlanner.decide(state(List.of(), nodes, machines, Set.of(), 2)).stream()
                .filter(x -> x.subject().equals("10.0.0.1"))
                .findFirst()
                .orElseThrow();

        InstanceDecision.WaitForSlot w = assertInstanceOf(InstanceDecision.WaitForSlot.class, d);
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

        List<InstanceDecision> ds =
                UpgradePlanner.decide(state(List.of(), List.of(stale, sibling), machines, Set.of(), 1));

        assertInstanceOf(InstanceDecision.ReplaceMachine.class, ds.get(0));
        assertInstanceOf(InstanceDecision.NothingToDo.class, ds.get(1));
    }

    @Test
    void upgradesMachineNodeWithStaleVersionAndCurrentKeyInPlace() {
        NodeSnapshot n = node("m1-node", "10.0.0.1", "1.0.0", HASH, false, false);

        InstanceDecision d = only(UpgradePlanner.decide(
                state(List.of(), List.of(n), List.of(machine("m1", "Running", "10.0.0.1", "m1-node")), Set.of(), 1)));

        assertInstanceOf(InstanceDecision.UpgradeInPlace.class, d);
    }

    @Test
    void configuresProvisionedMachineWithoutNodeMatchingNodeByIpWhenNodeRefIsMissing() {
        NodeSnapshot n = node("m1-node", "10.0.0.1", "2.0.0", HASH, false, false);

        assertInstanceOf(
                InstanceDecision.Configure.class,
                only(UpgradePlanner.decide(state(
                        List.of(), List.of(), List.of(machine("m1", "Provisioned", "10.0.0.1", null)), Set.of(), 1))));
        assertInstanceOf(
                InstanceDecision.NothingToDo.class,
                only(UpgradePlanner.decide(state(
                        List.of(), List.of(n), List.of(machine("m1", "Provisioned", "10.0.0.1", null)), Set.of(), 1))));
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

        List<InstanceDecision> ds = UpgradePlanner.decide(
                state(List.of(), List.of(), List.of(ignored, deleting, provisioning, ipv6Only), Set.of(), 1));

        assertEquals(4, ds.size());
        ds.forEach(d -> assertInstanceOf(InstanceDecision.NothingToDo.class, d));
        assertEquals(
                List.of("Machine deleting", "Machine ignored", "Machine provisioning", "Machine v6"),
                ds.stream().map(InstanceDecision::subject).toList());
    }

    @Test
    void deconfiguresByohNodeWhoseEntryIsGone() {
        InstanceDecision d = only(decide(List.of(), List.of(byohNode("gone", "10.0.0.5", "2.0.0", HASH))));

        InstanceDecision.Deconfigure dc = assertInstanceOf(InstanceDecision.Deconfigure.class, d);
        assertEquals("gone", dc.node().name());
    }

    @Test
    void keepsNodeOfAnEntryThatBecameInvalid() {
        List<InstanceEntry> broken = InstancesConfigMap.parse(Map.of("10.0.0.5", "user=admin"));

        InstanceDecision d = only(decide(broken, List.of(byohNode("n", "10.0.0.5", "2.0.0", HASH))));

        assertInstanceOf(InstanceDecision.NothingToDo.class, d);
        assertTrue(d.reason().contains("invalid"), d.reason());
    }

    @Test
    void neverDeconfiguresMachineNodes() {
        assertTrue(decide(List.of(), List.of(node("machine-node", "10.0.0.5", "2.0.0", HASH, false, false)))
                .isEmpty());
    }

    @Test
    void neverStartsASecondWorkflowOnTheSameInstance() {
        NodeSnapshot stale = byohNode("n1", "10.0.0.1", "1.0.0", HASH);

        InstanceDecision byAddress = only(
                UpgradePlanner.decide(state(entries("10.0.0.1"), List.of(stale), List.of(), Set.of("10.0.0.1"), 3)));
        InstanceDecision byNode =
                only(UpgradePlanner.decide(state(entries("10.0.0.1"), List.of(stale), List.of(), Set.of("n1"), 3)));
        InstanceDecision configuring =
                only(UpgradePlanner.decide(state(entries("10.0.0.2"), List.of(), List.of(), Set.of("10.0.0.2"), 3)));
        InstanceDecision removing =
                only(UpgradePlanner.decide(state(List.of(), List.of(stale), List.of(), Set.of("n1"), 3)));

        assertInstanceOf(InstanceDecision.WaitForSlot.class, byAddress);
        assertInstanceOf(InstanceDecision.WaitForSlot.class, byNode);
        assertInstanceOf(InstanceDecision.WaitForSlot.class, configuring);
        assertInstanceOf(InstanceDecision.WaitForSlot.class, removing);
        assertTrue(byNode.reason().contains("already running on n1"), byNode.reason());
    }

    @Test
    void matchesByohNodeByReverseDnsName() {
        FleetState s = new FleetState(
                V2,
                HASH,
                entries("10.0.0.1"),
                Map.of(
                        io.wmco.domain.instance.InstanceAddress.parse("10.0.0.1"),
                        new ResolvedAddress(List.of("10.0.0.1"), List.of("win-1.example"))),
                List.of(byohNode("win-1.example", "192.168.0.1", "2.0.0", HASH)),
                List.of(),
                Optional.empty(),
                Set.of(),
                1);

        assertInstanceOf(InstanceDecision.NothingToDo.class, only(UpgradePlanner.decide(s)));
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
        List<InstanceDecision> expected = UpgradePlanner.decide(state(entries(ips), nodes, List.of(), Set.of(), 2));

        Collections.shuffle(nodes, new Random(7));
        List<InstanceDecision> shuffled = UpgradePlanner.decide(state(entries(ips), nodes, List.of(), Set.of(), 2));

        assertEquals(expected, shuffled);
        assertEquals(7, expected.size());
    }

    @Test
    void refusesZeroParallelUpgrades() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> state(List.of(), List.of(), List.of(), Set.of(), 0));

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
    void refusesBlankOperatorVersion() {
        assertThrows(IllegalArgumentException.class, () -> new OperatorVersion(""));
        assertThrows(IllegalArgumentException.class, () -> new OperatorVersion("1.0 beta"));
    }
}
