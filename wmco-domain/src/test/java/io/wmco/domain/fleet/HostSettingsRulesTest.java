package io.wmco.domain.fleet;

import static io.wmco.domain.fleet.InstanceRulesTest.byohNode;
import static io.wmco.domain.fleet.InstanceRulesTest.entries;
import static io.wmco.domain.fleet.InstanceRulesTest.fleet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.hostsettings.HostSettings;
import io.wmco.domain.hostsettings.ProxySettings;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.NodeSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When an up-to-date node gets its host-wide settings again (no reconfiguration, no slot). */
class HostSettingsRulesTest {
    static final HostSettings PROXIED = new HostSettings(
            new ProxySettings(Optional.of("http://proxy:3128"), Optional.empty(), Optional.of(".svc")), List.of());

    static NodeSnapshot recorded(NodeSnapshot n, String hash) {
        Map<String, String> a = new HashMap<>(n.annotations());
        a.put(MetadataKeys.HOST_SETTINGS_ANNOTATION, hash);
        return new NodeSnapshot(n.name(), n.labels(), a, n.taints(), n.addresses(), n.ready(), n.unschedulable());
    }

    private static InstanceDecision decide(HostSettings desired, NodeSnapshot node) {
        FleetSnapshot f =
                fleet(entries("10.0.0.5"), List.of(node), List.of(), 1).withHostSettings(desired);
        return InstanceRules.decide(f, InstanceKey.byoh("10.0.0.5"));
    }

    private static NodeSnapshot upToDate() {
        return byohNode("win-a", "10.0.0.5", "2.0.0", InstanceRulesTest.HASH);
    }

    @Test
    void anUpToDateNodeWithoutTheAnnotationHasNoSettingsAndNeedsNone() {
        assertInstanceOf(InstanceDecision.NothingToDo.class, decide(HostSettings.NONE, upToDate()));
    }

    @Test
    void newSettingsAreAppliedWithoutASlot() {
        InstanceDecision d = decide(PROXIED, upToDate());
        InstanceDecision.ApplyHostSettings a = assertInstanceOf(InstanceDecision.ApplyHostSettings.class, d);
        assertEquals("win-a", a.node().name());
        assertTrue(d.slot().isEmpty());
    }

    @Test
    void settingsTheNodeRecordedNeedNothing() {
        assertInstanceOf(InstanceDecision.NothingToDo.class, decide(PROXIED, recorded(upToDate(), PROXIED.hash())));
    }

    @Test
    void settingsThatWentAwayAreTakenBack() {
        assertInstanceOf(
                InstanceDecision.ApplyHostSettings.class,
                decide(HostSettings.NONE, recorded(upToDate(), PROXIED.hash())));
    }

    @Test
    void aStaleVersionUpgradesInsteadTheUpgradeCarriesTheSettings() {
        NodeSnapshot stale = byohNode("win-a", "10.0.0.5", "1.0.0", InstanceRulesTest.HASH);
        assertInstanceOf(InstanceDecision.UpgradeInPlace.class, decide(PROXIED, stale));
    }
}
