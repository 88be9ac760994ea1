package io.wmco.it.faults;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.util.PatchUtils;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 6: a host's SSH host key changes after the operator pinned it on first use. The operator must refuse
 * the host, say so once with both fingerprints, and go on with the other hosts.
 */
class HostKeyChangeIT extends FaultScenario {
    private static final String VERSION = "windowsmachineconfig.openshift.io/version";

    @Test
    void changedHostKeyIsRefusedWithOneEventAndOtherHostsGoOn() throws Exception {
        SimulatedWindowsHost changed = env.startHost(0);
        SimulatedWindowsHost unchanged = env.startHost(1);
        env.instances(env.entries(2));
        env.startOperator("1.0.0");
        env.awaitConfigured(Duration.ofMinutes(3), "1.0.0", env.nodeName(0), env.nodeName(1));
        // and both runs ended with their log line: a node shows configured a moment before its run's last look at the
        // cache, and a run whose version showed late used to be dropped without its ending
        await().atMost(Duration.ofSeconds(30)).until(() -> finished(env.nodeName(0)) && finished(env.nodeName(1)));
        String pinned = fingerprint(changed.hostKey());

        // reinstalled: a new host key, and the operator's open connection is gone with the old system
        String presented = fingerprint(changed.regenerateHostKey());
        changed.dropConnections();
        assertNotEquals(pinned, presented);
        int commandsBefore = changed.commandLog().size();
        // both nodes lose their version annotation: the operator must connect to both hosts again
        removeVersion(env.nodeName(0));
        removeVersion(env.nodeName(1));
        assertFalse(env.configured(env.nodeName(0), "1.0.0"), "the version annotation is gone");
        assertFalse(env.configured(env.nodeName(1), "1.0.0"), "the version annotation is gone");

        env.awaitConfigured(Duration.ofMinutes(3), "1.0.0", env.nodeName(1));
        await().atMost(Duration.ofMinutes(1)).until(() -> !mentioning(presented).isEmpty());
        List<CoreV1Event> events = mentioning(presented);
        assertEquals(1, events.size(), "one event about the changed host key: " + messages(events));
        CoreV1Event event = events.get(0);
        assertEquals("Warning", event.getType());
        assertTrue(event.getMessage().contains(pinned), "names the pinned fingerprint: " + event.getMessage());
        assertTrue(event.getMessage().contains(env.address(0)), "names the host: " + event.getMessage());
        // the fix an administrator can apply: pins live in the operator's memory, there is no store to edit
        assertTrue(
                event.getMessage().contains("restart the operator"),
                "says how to trust a new key: " + event.getMessage());
        List<CoreV1Event> aboutHost = env.core().listNamespacedEvent(env.namespace()).execute().getItems().stream()
                .filter(e -> "Warning".equals(e.getType()))
                .filter(e -> e.getMessage() != null && e.getMessage().contains(env.address(0)))
                .toList();
        assertEquals(
                List.of(event.getMetadata().getName()),
                aboutHost.stream().map(e -> e.getMetadata().getName()).toList(),
                "no other warning about the host: " + messages(aboutHost));

        // refused: not one command ran on the host with the new key, and its node was not configured again
        assertEquals(commandsBefore, changed.commandLog().size(), "commands ran on the host whose key changed");
        assertFalse(env.configured(env.nodeName(0), "1.0.0"));
        FaultEnvironment.assertNoDuplicateService(changed);
        FaultEnvironment.assertNoDuplicateService(unchanged);
        assertEquals(List.of(), log.linesContaining(env.secrets()), "secrets or user names in the operator's log");
    }

    /** The operator logged the end of the node's configuration. */
    private boolean finished(String node) {
        return log.lines().stream()
                .anyMatch(l -> l.contains(" finished in ") && l.contains("node " + node + " is configured"));
    }

    /** OpenSSH's fingerprint form: SHA256 of the key's wire encoding, base64 without padding. */
    private static String fingerprint(PublicKey key) throws Exception {
        String blob = PublicKeyEntry.toString(key).split(" ")[1];
        byte[] digest =
                MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(blob.getBytes(US_ASCII)));
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    }

    private List<CoreV1Event> mentioning(String text) throws Exception {
        return env.core().listNamespacedEvent(env.namespace()).execute().getItems().stream()
                .filter(e -> e.getMessage() != null && e.getMessage().contains(text))
                .toList();
    }

    private static List<String> messages(List<CoreV1Event> events) {
        return events.stream()
                .map(e -> e.getReason() + " x" + e.getCount() + ": " + e.getMessage())
                .toList();
    }

    private void removeVersion(String node) throws Exception {
        PatchUtils.patch(
                V1Node.class,
                () -> env.core()
                        .patchNode(node, new V1Patch("{\"metadata\":{\"annotations\":{\"" + VERSION + "\":null}}}"))
                        .buildCall(null),
                V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
                env.admin());
    }
}
