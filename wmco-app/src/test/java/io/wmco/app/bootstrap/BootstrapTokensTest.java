package io.wmco.app.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.ports.cluster.SecretStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BootstrapTokensTest {

    /** An in-memory SecretStore that counts writes. */
    static final class MemorySecrets implements SecretStore {
        final Map<String, Map<String, byte[]>> data = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, String> types = new HashMap<>();
        boolean forbidOpenShift;
        int writes;

        @Override
        public Optional<Map<String, byte[]>> data(String namespace, String name) {
            if (forbidOpenShift && namespace.equals("openshift-machine-config-operator")) {
                throw new io.wmco.ports.cluster.ClusterException(
                        io.wmco.ports.cluster.ClusterException.Kind.REJECTED,
                        403,
                        "read Secret " + namespace + "/" + name,
                        null);
            }
            return Optional.ofNullable(data.get(namespace + "/" + name));
        }

        @Override
        public synchronized boolean apply(
                String namespace, String name, String type, Map<String, byte[]> d, Map<String, String> labels) {
            writes++;
            Thread.yield();
            types.put(namespace + "/" + name, type);
            data.put(namespace + "/" + name, Map.copyOf(d));
            return true;
        }

        @Override
        public void delete(String namespace, String name) {
            data.remove(namespace + "/" + name);
        }
    }

    private final Instant now = Instant.parse("2026-11-24T12:00:00Z");

    private BootstrapTokens tokens(MemorySecrets s, Instant at) {
        return new BootstrapTokens(s, "wmco-ns", new SecureRandom(), Clock.fixed(at, ZoneOffset.UTC));
    }

    @Test
    void prefersOpenShiftsNodeBootstrapperToken() {
        MemorySecrets s = new MemorySecrets();
        s.apply(
                "openshift-machine-config-operator",
                "node-bootstrapper-token",
                Map.of("token", "eyJhbGciOi.sa-token".getBytes(StandardCharsets.UTF_8)),
                Map.of());
        s.writes = 0;
        assertEquals("eyJhbGciOi.sa-token", tokens(s, now).token());
        assertEquals(0, s.writes);
    }

    @Test
    void createsItsOwnTokenOnceAndReusesIt() {
        MemorySecrets s = new MemorySecrets();
        BootstrapTokens t = tokens(s, now);
        String first = t.token();
        assertTrue(first.matches("[a-z0-9]{6}\\.[a-z0-9]{16}"), first);
        assertEquals(first, t.token());
        assertEquals(1, s.writes);
        Map<String, byte[]> secret = s.data("kube-system", t.secretName()).orElseThrow();
        assertEquals("true", new String(secret.get("usage-bootstrap-authentication"), StandardCharsets.UTF_8));
        assertEquals(first.substring(0, 6), new String(secret.get("token-id"), StandardCharsets.UTF_8));
        assertEquals("bootstrap.kubernetes.io/token", s.types.get("kube-system/" + t.secretName()));
    }

    @Test
    void renewsATokenThatExpiresWithinADay() {
        MemorySecrets s = new MemorySecrets();
        String first = tokens(s, now).token();
        String later = tokens(s, now.plus(Duration.ofDays(6)).plusSeconds(3600)).token();
        assertNotEquals(first, later);
        assertEquals(2, s.writes);
    }

    @Test
    void tokenIdIsStablePerNamespace() {
        assertEquals(BootstrapTokens.tokenIdFor("a"), BootstrapTokens.tokenIdFor("a"));
        assertTrue(BootstrapTokens.tokenIdFor("openshift-windows-machine-config-operator")
                .matches("[a-z0-9]{6}"));
    }

    @Test
    void fallsBackToItsOwnTokenWhenOpenShiftsSecretIsForbidden() {
        MemorySecrets s = new MemorySecrets();
        s.forbidOpenShift = true;
        assertTrue(tokens(s, now).token().matches("[a-z0-9]{6}\\.[a-z0-9]{16}"));
    }

    @Test
    void parallelCallersAllGetTheSameToken() throws Exception {
        MemorySecrets s = new MemorySecrets();
        BootstrapTokens t = tokens(s, now);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return t.token();
            }));
        }
        go.countDown();
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (var f : results) {
            distinct.add(f.get());
        }
        pool.shutdown();
        assertEquals(1, distinct.size(), distinct.toString());
        assertEquals(1, s.writes);
    }
}
