package io.wmco.it.byoh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.openapi.models.CoreV1Event;
import io.wmco.app.WindowsMachineConfigOperator;
import io.wmco.testkit.sim.CommandLogEntry;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 2: a second entry (a DNS name) resolving to the address of a configured host is reported once as a
 * duplicate and never touches the host; and a DNS entry whose address changes keeps its node.
 */
class DuplicateEntryIT {
    private static final String VERSION = "1.0.0";
    private ByohEnvironment env;

    @BeforeEach
    void setUp() throws Exception {
        env = new ByohEnvironment();
        assumeTrue(env.cluster().signsCertificates(), "the cluster does not sign kubelet certificates");
    }

    @AfterEach
    void tearDown() throws Exception {
        env.close();
    }

    @Test
    void aDnsAliasOfAConfiguredHostIsReportedOnceAndTheHostIsNotTouched() throws Exception {
        SimulatedWindowsHost host = env.startHost(0);
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(env.address(0), "username=Administrator");
        env.instances(entries);
        WindowsMachineConfigOperator operator = env.startOperator(VERSION);
        env.awaitConfigured(Duration.ofMinutes(3), VERSION, env.nodeName(0));
        List<CommandLogEntry> before = host.commandLog();

        String alias = "alias-" + env.id() + ".example.test";
        env.resolve(alias, env.address(0));
        entries.put(alias, "username=Administrator");
        env.instances(entries);

        await("the duplicate's event")
                .atMost(Duration.ofSeconds(30))
                .until(() -> !env.events("DuplicateInstance").isEmpty());
        // the alias is looked at again (a ConfigMap change queues all three keys) without a second event
        double looked = reconciles(metrics(operator));
        entries.put("10.203.0.300", "username=a");
        env.instances(entries);
        await().atMost(Duration.ofSeconds(30)).until(() -> reconciles(metrics(operator)) >= looked + 3);
        String metrics = metrics(operator);

        List<CoreV1Event> dup = env.events("DuplicateInstance");
        assertEquals(1, dup.size(), dup.toString());
        String message = dup.get(0).getMessage();
        assertTrue(message.startsWith("entry " + alias + " resolves to " + env.address(0)), message);
        assertTrue(message.contains("handled only as entry " + env.address(0) + ";"), message);
        assertEquals(before, host.commandLog(), "no command reached the configured host");
        assertTrue(env.configured(env.nodeName(0), VERSION));
        assertTrue(
                metrics.contains(
                        "wmco_instance_state{instance=\"byoh/" + alias + "\",state=\"DuplicateInstance\"} 1.0"),
                metrics.lines()
                        .filter(l -> l.startsWith("wmco_instance_state"))
                        .toList()
                        .toString());
        assertTrue(metrics.contains(
                "wmco_instance_state{instance=\"byoh/" + env.address(0) + "\",state=\"Configured\"} 1.0"));
        assertEquals(List.of(), host.unknownCommands());
    }

    @Test
    void aDnsEntryWhoseAddressChangesKeepsItsNodeAndIsNotConfiguredAgain() throws Exception {
        SimulatedWindowsHost host = env.startHost(1);
        String name = "dhcp-" + env.id() + ".example.test";
        env.resolve(name, env.address(1));
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(name, "username=Administrator");
        env.instances(entries);
        WindowsMachineConfigOperator operator = env.startOperator(VERSION);
        env.awaitConfigured(Duration.ofMinutes(3), VERSION, env.nodeName(1));
        assertEquals(
                "byoh/" + name,
                ByohEnvironment.annotation(
                        env.node(env.nodeName(1)).orElseThrow(), "windowsmachineconfig.openshift.io/instance-key"));
        List<CommandLogEntry> before = host.commandLog();

        // a DHCP renewal: the name now resolves to another address (where nothing listens); the ConfigMap is
        // touched so that the entry is looked at again
        env.resolve(name, env.address(7));
        double looked = reconciles(metrics(operator));
        entries.put("10.204.0.300", "username=a");
        env.instances(entries);
        await().atMost(Duration.ofSeconds(30)).until(() -> reconciles(metrics(operator)) >= looked + 2);
        String metrics = metrics(operator);

        assertTrue(
                metrics.contains("wmco_instance_state{instance=\"byoh/" + name + "\",state=\"Configured\"} 1.0"),
                metrics.lines()
                        .filter(l -> l.startsWith("wmco_instance_state"))
                        .toList()
                        .toString());
        assertEquals(before, host.commandLog(), "the node is followed by its recorded key, not configured again");
        assertTrue(env.configured(env.nodeName(1), VERSION));
        assertEquals(List.of(), env.events("ConfigurationRetrying"), "nothing tried to reach the new address");
        long windowsNodes = env.core().listNode().execute().getItems().stream()
                .filter(n -> n.getMetadata().getName().startsWith("win-" + env.id()))
                .count();
        assertEquals(1, windowsNodes);
    }

    /** How many reconciles the instance loop ran. */
    private static double reconciles(String metrics) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "wmco_reconciles_total\\{controller=\"windows-instances\"\\} ([0-9.eE+]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String metrics(WindowsMachineConfigOperator operator) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + operator.metricsPort() + "/metrics"))
                .build();
        return HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
