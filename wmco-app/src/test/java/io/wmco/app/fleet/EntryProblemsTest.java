package io.wmco.app.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.remote.CommandKind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What an administrator is told about problem entries, carried out by the loop over in-memory ports: retries keep
 * one stable notice (the attempt goes to the log and the metrics), each entry's latest state is a metric, a DNS
 * alias of a configured host is reported once and never touches the host, and a DNS entry whose address changed
 * keeps its node.
 */
class EntryProblemsTest {
    private static final String IP = "10.0.0.5";
    private static final String KEY = "byoh/" + IP;
    private static final String NODE = "win-1";
    private static final String ALIAS = "win-1.example.com";

    private final LoopFixture f = new LoopFixture();

    /** Brings {@code key} (entry {@code entry} at host {@code ip}) to a configured node named {@code node}. */
    private void configure(String entry, String key, String ip, String node) {
        f.instances.put(entry, "username=Administrator");
        assertInstanceOf(Outcome.Requeue.class, f.reconcile(key));
        f.nodes.put(InMemoryNodes.windowsNode(node, ip));
        assertInstanceOf(Outcome.Requeue.class, f.reconcile(key));
        f.nodes.annotate(node, MetadataKeys.HYBRID_OVERLAY_SUBNET_ANNOTATION, "10.132.0.0/23");
        assertInstanceOf(Outcome.Requeue.class, f.reconcile(key));
        f.nodes.annotate(node, MetadataKeys.HYBRID_OVERLAY_MAC_ANNOTATION, "00:11:22:33:44:55");
        Outcome o = f.reconcile(key);
        assertEquals(Outcome.DONE, o, f.host(ip).log() + " " + f.nodes.writes() + " " + f.events());
    }

    private String state(String key, String state) {
        return "wmco_instance_state{instance=\"" + key + "\",state=\"" + state + "\"} 1.0";
    }

    @Test
    void anUnreachableHostKeepsOneStableNoticeWhileTheAttemptsGoToTheMetrics() {
        f.instances.put(IP, "username=Administrator");
        f.unreachable.add(IP);
        for (int i = 0; i < 4; i++) {
            assertEquals(Outcome.RETRY, f.reconcile(KEY));
        }

        List<String> retries = f.events("ConfigurationRetrying");
        assertEquals(4, retries.size(), "each attempt counts on the event");
        assertEquals(1, Set.copyOf(retries).size(), "one message for every attempt: " + retries);
        assertFalse(retries.get(0).matches(".*(attempt|retrying in) \\d.*"), retries.get(0));
        String metrics = f.metricsText();
        assertTrue(metrics.contains(state(KEY, "ConfigurationRetrying")), metrics);
        assertTrue(metrics.contains("wmco_instance_failures_in_a_row{instance=\"" + KEY + "\"} 4.0"), metrics);
    }

    @Test
    void everyEntryShowsItsLatestStateAndOnlyThat() {
        f.instances.put("10.0.0.300", "username=Administrator");
        f.instances.put("10.0.0.6", "username=Administrator");
        f.unreachable.add("10.0.0.6");
        f.reconcile("byoh/10.0.0.300");
        f.reconcile("byoh/10.0.0.6");
        configure(IP, KEY, IP, NODE);

        String metrics = f.metricsText();
        assertTrue(metrics.contains(state("byoh/10.0.0.300", "InvalidInstanceEntry")), metrics);
        assertTrue(metrics.contains(state("byoh/10.0.0.6", "ConfigurationRetrying")), metrics);
        assertTrue(metrics.contains(state(KEY, "Configured")), metrics);
        assertFalse(metrics.contains(state(KEY, "Configuring")), "the earlier state is gone: " + metrics);

        // fixed: the retrying entry's state follows
        f.unreachable.remove("10.0.0.6");
        f.host("10.0.0.6").hostname = "WIN-2";
        f.reconcile("byoh/10.0.0.6");
        metrics = f.metricsText();
        assertTrue(metrics.contains(state("byoh/10.0.0.6", "Configuring")), metrics);
        assertFalse(metrics.contains(state("byoh/10.0.0.6", "ConfigurationRetrying")), metrics);
        assertTrue(metrics.contains("wmco_instance_failures_in_a_row{instance=\"byoh/10.0.0.6\"} 0.0"), metrics);
    }

    @Test
    void aDnsAliasOfAConfiguredHostIsReportedOnceAndNeverTouchesTheHost() {
        configure(IP, KEY, IP, NODE);
        int commands = f.host(IP).log().size();
        int writes = f.nodes.writes().size();

        f.dns.put(ALIAS, List.of(IP));
        f.instances.put(ALIAS, "username=Administrator");
        Outcome first = f.reconcile("byoh/" + ALIAS);
        Outcome again = f.reconcile("byoh/" + ALIAS);

        assertInstanceOf(Outcome.Requeue.class, first);
        assertInstanceOf(Outcome.Requeue.class, again);
        assertEquals(commands, f.host(IP).log().size(), "no command reached the configured host");
        assertTrue(f.host(ALIAS).log().isEmpty(), "nor was the alias connected to");
        assertEquals(writes, f.nodes.writes().size(), "the node was not touched: " + f.nodes.writes());
        List<String> dup = f.events("DuplicateInstance");
        assertEquals(1, dup.size(), dup.toString());
        assertTrue(dup.get(0).contains("entry " + ALIAS + " resolves to " + IP), dup.get(0));
        assertTrue(dup.get(0).contains("handled only as entry " + IP), dup.get(0));
        assertTrue(f.metricsText().contains(state("byoh/" + ALIAS, "DuplicateInstance")));
        assertEquals(Outcome.DONE, f.reconcile(KEY), "the first entry stays up to date");
    }

    @Test
    void aSecondAddressOfAConfiguredHostIsFoundByTheNameItReportsAndLeftAlone() {
        configure(IP, KEY, IP, NODE);
        int commands = f.host(IP).log().size();
        int writes = f.nodes.writes().size();

        String second = "10.0.1.5"; // the same host's second network card: it reports the same name
        f.instances.put(second, "username=Administrator");
        Outcome o = f.reconcile("byoh/" + second);

        assertInstanceOf(Outcome.Requeue.class, o);
        assertEquals(
                List.of(CommandKind.HOSTNAME.name(), CommandKind.WINDOWS_BUILD.name()),
                f.host(second).log(),
                "only the host's facts were read");
        assertEquals(commands, f.host(IP).log().size());
        assertEquals(writes, f.nodes.writes().size(), f.nodes.writes().toString());
        List<String> dup = f.events("DuplicateInstance");
        assertEquals(1, dup.size(), dup.toString());
        assertTrue(
                dup.get(0).contains("reached a host named " + NODE + ", node " + NODE + " of entry " + IP), dup.get(0));
        assertTrue(f.metricsText().contains(state("byoh/" + second, "DuplicateInstance")));
    }

    @Test
    void aDnsEntryWhoseAddressChangedKeepsItsNodeAndIsNotConfiguredAgain() {
        f.dns.put(ALIAS, List.of(IP));
        configure(ALIAS, "byoh/" + ALIAS, IP, NODE);
        assertTrue(f.host(ALIAS).log().isEmpty(), "the host is reached at the address the name resolved to");
        int commands = f.host(IP).log().size();
        int writes = f.nodes.writes().size();

        f.dns.put(ALIAS, List.of("10.0.0.9")); // a DHCP renewal
        assertEquals(Outcome.DONE, f.reconcile("byoh/" + ALIAS));

        assertEquals(commands, f.host(IP).log().size(), "no new configuration ran");
        assertTrue(f.host("10.0.0.9").log().isEmpty(), "nor was the new address connected to");
        assertEquals(writes, f.nodes.writes().size());
        assertEquals(List.of(NODE), f.nodes.list().stream().map(n -> n.name()).toList());
        assertTrue(f.metricsText().contains(state("byoh/" + ALIAS, "Configured")));
    }
}
