package io.wmco.it.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.kubernetes.client.openapi.models.V1Node;
import io.wmco.domain.access.UsernameCipher;
import io.wmco.domain.remote.CommandKind;
import io.wmco.it.support.SandboxParts;
import io.wmco.it.support.ScenarioEnvironment;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 6: the private key in Secret {@code cloud-private-key} is rotated while hosts are being configured.
 * As an administrator would, the new public key is authorised on the hosts first; after the rotation the old one is
 * revoked and a connection is cut, so the rest of the configuration can only go on with the new key.
 */
class KeyRotationIT extends FaultScenario {
    private static final String KEY_HASH = "windowsmachineconfig.openshift.io/pub-key-hash";
    private static final String USERNAME = "windowsmachineconfig.openshift.io/username";

    @Test
    void keyRotatedMidConfigurationConvergesWithTheNewKey() throws Exception {
        KeyPair old = env.key();
        KeyPair next = SandboxParts.rsaKeyPair();
        List<SimulatedWindowsHost> hosts = List.of(
                env.startHost(0, b -> b.authorizedKey(next.getPublic())),
                env.startHost(1, b -> b.authorizedKey(next.getPublic())));
        // slow uploads keep both configurations running while the key changes
        hosts.forEach(h -> h.faults().sftpWriteBandwidth(150_000));
        env.instances(env.entries(2));
        env.startOperator("1.0.0");
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> hosts.stream()
                        .allMatch(h -> h.commandsOf(CommandKind.REPLACE_FILE).size() >= 2));
        assertFalse(env.configured(env.nodeName(0), "1.0.0"), "rotated before the configuration ended");

        String oldHash = env.expectedKeyHash();
        env.rotateKey(next);
        assertNotEquals(oldHash, env.expectedKeyHash());
        for (SimulatedWindowsHost h : hosts) {
            h.revokeKey(old.getPublic());
            h.faults().dropConnectionAfterSftpBytes(0);
            h.faults().sftpWriteBandwidth(0);
        }

        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> convergedWithCurrentKey(0) && convergedWithCurrentKey(1));
        for (SimulatedWindowsHost h : hosts) {
            FaultEnvironment.assertNoDuplicateService(h);
        }
        assertEquals(List.of(), env.events("AuthenticationRejected"), "a host rejected the operator's key");
        assertEquals(List.of(), log.linesContaining(env.secrets()), "secrets or user names in the operator's log");
    }

    /** Configured, carrying the new key's hash and the user name encrypted with the new key. */
    private boolean convergedWithCurrentKey(int index) {
        if (!env.configured(env.nodeName(index), "1.0.0")) {
            return false;
        }
        V1Node node = env.node(env.nodeName(index)).orElseThrow();
        if (!env.expectedKeyHash().equals(ScenarioEnvironment.annotation(node, KEY_HASH))) {
            return false;
        }
        String encrypted = ScenarioEnvironment.annotation(node, USERNAME);
        try {
            return encrypted != null
                    && env.user(index)
                            .equals(new UsernameCipher(
                                            env.privateKeyPem().getBytes(StandardCharsets.US_ASCII), new SecureRandom())
                                    .decrypt(encrypted)
                                    .value());
        } catch (RuntimeException e) {
            return false; // still encrypted with the old key
        }
    }
}
