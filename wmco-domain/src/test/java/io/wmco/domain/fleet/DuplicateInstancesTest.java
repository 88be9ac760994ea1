package io.wmco.domain.fleet;

import static io.wmco.domain.fleet.InstanceRulesTest.HASH;
import static io.wmco.domain.fleet.InstanceRulesTest.V2;
import static io.wmco.domain.fleet.InstanceRulesTest.byohNode;
import static io.wmco.domain.fleet.InstanceRulesTest.entries;
import static io.wmco.domain.fleet.InstanceRulesTest.recording;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.instance.InstanceAddress;
import io.wmco.domain.instance.ResolvedAddress;
import io.wmco.domain.node.NodeSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two entries, one host ({@link DuplicateInstances}), and a DNS entry whose address changed (DHCP renewal), as a
 * table of fleets and the decision for one key.
 *
 * <p>Columns: entries (space-separated keys); resolutions ({@code name=ip|ip} space-separated; IPv4 keys resolve to
 * themselves); nodes ({@code name@ip@recorded-key@version}, key {@code -} for none, version {@code -} for a first
 * configuration that never finished); keys in progress; the key decided; the expected decision: {@code dup:<first>},
 * {@code configure}, {@code configure-existing} (with the existing node), {@code nothing}, {@code elsewhere}.
 */
class DuplicateInstancesTest {

    @ParameterizedTest(name = "{5} for {4}: {0} / {2}")
    @CsvSource(
            delimiter = ';',
            value = {
                // the issue's case: a DNS alias of a configured host
                "10.0.0.5 win-b.example.com; win-b.example.com=10.0.0.5; n1@10.0.0.5@byoh/10.0.0.5@2.0.0; ;"
                        + " byoh/win-b.example.com; dup:10.0.0.5",
                "10.0.0.5 win-b.example.com; win-b.example.com=10.0.0.5; n1@10.0.0.5@byoh/10.0.0.5@2.0.0; ;"
                        + " byoh/10.0.0.5; nothing",
                // the alias sorts first, but the host's node is the other entry's
                "10.0.0.5 a.example.com; a.example.com=10.0.0.5; n1@10.0.0.5@byoh/10.0.0.5@2.0.0; ; byoh/a.example.com;"
                        + " dup:10.0.0.5",
                // an alias of an alias: both DNS names, the configured one first
                "x.example.com y.example.com; x.example.com=10.0.0.7 y.example.com=10.0.0.7;"
                        + " n7@10.0.0.7@byoh/y.example.com@2.0.0; ; byoh/x.example.com; dup:y.example.com",
                // by node identity: the DNS name is the node's name, though it resolves elsewhere (or nowhere)
                "10.0.0.5 n1; n1=10.9.9.9; n1@10.0.0.5@byoh/10.0.0.5@2.0.0; ; byoh/n1; dup:10.0.0.5",
                "10.0.0.5 n1; ; n1@10.0.0.5@byoh/10.0.0.5@2.0.0; ; byoh/n1; dup:10.0.0.5",
                // a node without the recorded key (an older operator's) is matched by address
                "10.0.0.5 win-b.example.com; win-b.example.com=10.0.0.5; n1@10.0.0.5@-@2.0.0; ;"
                        + " byoh/win-b.example.com; dup:10.0.0.5",
                // no node yet: the smaller key first ...
                "10.0.0.5 win-b.example.com; win-b.example.com=10.0.0.5; ; ; byoh/win-b.example.com; dup:10.0.0.5",
                "10.0.0.5 win-b.example.com; win-b.example.com=10.0.0.5; ; ; byoh/10.0.0.5; configure",
                // ... unless the other one's first configuration is running
                "10.0.0.5 win-b.example.com; win-b.example.com=10.0.0.5; ; byoh/win-b.example.com; byoh/10.0.0.5;"
                        + " dup:win-b.example.com",
                "10.0.0.5 win-b.example.com; win-b.example.com=10.0.0.5; ; byoh/win-b.example.com;"
                        + " byoh/win-b.example.com; configure",
                // different hosts are no duplicates
                "10.0.0.5 win-b.example.com; win-b.example.com=10.0.0.6; n1@10.0.0.5@byoh/10.0.0.5@2.0.0; ;"
                        + " byoh/win-b.example.com; configure",
                // the owner's entry is gone (renamed): no duplicate, the old key removes the node first
                "win-b.example.com; win-b.example.com=10.0.0.5; n1@10.0.0.5@byoh/10.0.0.5@2.0.0; ;"
                        + " byoh/win-b.example.com; elsewhere",
                // DHCP renewal: the DNS entry now resolves to a new address; its node is followed by its recorded key
                "win-a.example.com; win-a.example.com=10.0.0.9; n1@10.0.0.5@byoh/win-a.example.com@2.0.0; ;"
                        + " byoh/win-a.example.com; nothing",
                "win-a.example.com; win-a.example.com=10.0.0.9; n1@10.0.0.5@byoh/win-a.example.com@-; ;"
                        + " byoh/win-a.example.com; configure-existing",
                // ... and an entry added for the new address is the later one of that host
                "win-a.example.com 10.0.0.9; win-a.example.com=10.0.0.9; n1@10.0.0.5@byoh/win-a.example.com@2.0.0; ;"
                        + " byoh/10.0.0.9; dup:win-a.example.com",
            })
    void decidesWhichEntryOfAHostIsHandled(
            String entryKeys, String resolutions, String nodes, String inProgress, String key, String expected) {
        FleetSnapshot fleet = fleet(entryKeys, resolutions, nodes, inProgress);
        InstanceDecision d = InstanceRules.decide(fleet, InstanceKey.parse(key).orElseThrow());

        if (expected.startsWith("dup:")) {
            String first = expected.substring(4);
            InstanceDecision.Wait w = assertInstanceOf(InstanceDecision.Wait.class, d, d.toString());
            assertEquals(InstanceDecision.Wait.Cause.DUPLICATE, w.cause());
            String message = w.notice().orElseThrow().message();
            assertEquals("DuplicateInstance", w.notice().get().reason().text());
            String later = InstanceKey.parse(key).orElseThrow().name();
            assertTrue(message.startsWith("entry " + later + " "), message);
            assertTrue(message.contains("handled only as entry " + first + ";"), message);
            // the same fleet, decided again, says the same thing (one event whose count grows)
            assertEquals(w, InstanceRules.decide(fleet, InstanceKey.parse(key).orElseThrow()));
        } else if (expected.equals("configure")) {
            InstanceDecision.Configure c = assertInstanceOf(InstanceDecision.Configure.class, d, d.toString());
            assertEquals(Optional.empty(), c.existingNode());
        } else if (expected.equals("configure-existing")) {
            InstanceDecision.Configure c = assertInstanceOf(InstanceDecision.Configure.class, d, d.toString());
            assertEquals("n1", c.existingNode().orElseThrow().name());
        } else if (expected.equals("nothing")) {
            assertInstanceOf(InstanceDecision.NothingToDo.class, d, d.toString());
        } else {
            InstanceDecision.Wait w = assertInstanceOf(InstanceDecision.Wait.class, d, d.toString());
            assertEquals(InstanceDecision.Wait.Cause.HOST_OWNED_ELSEWHERE, w.cause());
        }
    }

    @ParameterizedTest(name = "{6} for {4} reporting {5}: {0} / {2}")
    @CsvSource(
            delimiter = ';',
            value = {
                // the second network card of a configured host, listed as another entry
                "10.0.0.5 10.0.1.5; ; n1@10.0.0.5@byoh/10.0.0.5@2.0.0; ; byoh/10.0.1.5; n1; 10.0.0.5",
                "10.0.0.5 10.0.1.5; ; n1@10.0.0.5@byoh/10.0.0.5@2.0.0; ; byoh/10.0.1.5; N1; 10.0.0.5",
                // its own node, another name, an owner whose entry is gone: no duplicate
                "10.0.0.5; ; n1@10.0.0.5@byoh/10.0.0.5@-; ; byoh/10.0.0.5; n1; -",
                "10.0.0.5 10.0.1.5; ; n1@10.0.0.5@byoh/10.0.0.5@2.0.0; ; byoh/10.0.1.5; n2; -",
                "10.0.1.5; ; n1@10.0.0.5@byoh/10.0.0.5@2.0.0; ; byoh/10.0.1.5; n1; -",
            })
    void aHostReportingTheNameOfAnotherEntrysNodeIsThatEntrys(
            String entryKeys,
            String resolutions,
            String nodes,
            String inProgress,
            String key,
            String reportedName,
            String expected) {
        InstanceKey k = InstanceKey.parse(key).orElseThrow();
        Optional<DuplicateInstances.Duplicate> d =
                DuplicateInstances.byNodeName(fleet(entryKeys, resolutions, nodes, inProgress), k, reportedName);

        assertEquals(expected, d.map(x -> x.first().name()).orElse("-"));
        d.ifPresent(x -> assertTrue(
                x.notice().message().startsWith("entry " + k.name() + " reached a host named " + reportedName),
                x.notice().message()));
    }

    private static FleetSnapshot fleet(String entryKeys, String resolutions, String nodes, String inProgress) {
        Map<InstanceAddress, ResolvedAddress> resolved = new HashMap<>();
        for (String r : words(resolutions)) {
            String[] kv = r.split("=");
            resolved.put(InstanceAddress.parse(kv[0]), new ResolvedAddress(List.of(kv[1].split("\\|")), List.of()));
        }
        for (String k : words(entryKeys)) {
            InstanceAddress a = InstanceAddress.parse(k);
            if (a.isIpv4()) {
                resolved.put(a, new ResolvedAddress(List.of(k), List.of()));
            }
        }
        List<NodeSnapshot> nodeList = new ArrayList<>();
        for (String n : words(nodes)) {
            String[] f = n.split("@");
            NodeSnapshot node = byohNode(f[0], f[1], f[3].equals("-") ? null : f[3], HASH);
            nodeList.add(f[2].equals("-") ? node : recording(node, f[2]));
        }
        Set<InstanceKey> running = words(inProgress).stream()
                .map(k -> InstanceKey.parse(k).orElseThrow())
                .collect(Collectors.toSet());
        return new FleetSnapshot(
                V2,
                HASH,
                entries(words(entryKeys).toArray(String[]::new)),
                resolved,
                nodeList,
                List.of(),
                Optional.empty(),
                SlotClaims.none(),
                1,
                Optional.empty(),
                running);
    }

    private static List<String> words(String s) {
        return s == null || s.isBlank()
                ? List.of()
                : Arrays.stream(s.trim().split("\\s+")).toList();
    }
}
