package io.wmco.app.bootstrap;

import static java.util.Objects.requireNonNull;

import io.wmco.ports.cluster.ClusterException;
import io.wmco.ports.cluster.SecretStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The token Windows kubelets bootstrap with. On OpenShift the machine-config operator's node-bootstrapper
 * service-account token is used, as the reference does; elsewhere (k3s, kubeadm) the operator keeps its own
 * bootstrap-token Secret in {@code kube-system}: created when missing, replaced when it expires within a day.
 * The token id is derived from the operator namespace, so a restart finds the same Secret. Thread-safe.
 *
 * <p>The API server authenticates such tokens as user {@code system:bootstrap:<id>} in group
 * {@code system:bootstrappers}; that group must be allowed to create CSRs (the deployment binds it to the
 * {@code system:node-bootstrapper} ClusterRole).
 */
public final class BootstrapTokens {
    /** Namespace and name of OpenShift's node-bootstrapper token Secret. */
    static final String OPENSHIFT_NAMESPACE = "openshift-machine-config-operator";

    static final String OPENSHIFT_SECRET = "node-bootstrapper-token";
    static final String TOKEN_NAMESPACE = "kube-system";
    static final String TOKEN_TYPE = "bootstrap.kubernetes.io/token";
    static final Duration VALIDITY = Duration.ofDays(7);
    static final Duration RENEW_BEFORE = Duration.ofDays(1);
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final SecretStore secrets;
    private final String tokenId;
    private final SecureRandom random;
    private final Clock clock;

    public BootstrapTokens(SecretStore secrets, String operatorNamespace, SecureRandom random, Clock clock) {
        this.secrets = requireNonNull(secrets, "secrets cannot be null");
        this.tokenId = tokenIdFor(requireNonNull(operatorNamespace, "operatorNamespace cannot be null"));
        this.random = requireNonNull(random, "random cannot be null");
        this.clock = requireNonNull(clock, "clock cannot be null");
    }

    /** A six-character token id ({@code [a-z0-9]{6}}, as bootstrap tokens require) stable per namespace. */
    public static String tokenIdFor(String namespace) {
        int h = namespace.hashCode();
        StringBuilder sb = new StringBuilder("w");
        for (int i = 0; i < 5; i++) {
            sb.append(ALPHABET.charAt(Math.floorMod(h >> (i * 6), ALPHABET.length())));
        }
        return sb.toString();
    }

    /** The Secret name of the operator-managed token. */
    public String secretName() {
        return "bootstrap-token-" + tokenId;
    }

    /**
     * The bearer token for kubelet bootstrap kubeconfigs, creating or renewing the operator's own token when
     * OpenShift's is absent. Idempotent. Serialised: parallel configurations must all get the same token, and two
     * callers creating it at once would overwrite each other's secret.
     */
    public synchronized String token() {
        Optional<Map<String, byte[]>> openshift;
        try {
            openshift = secrets.data(OPENSHIFT_NAMESPACE, OPENSHIFT_SECRET);
        } catch (ClusterException e) {
            if (e.status() != 403) {
                throw e;
            }
            // Without OpenShift's namespace the operator is not granted that Secret: behave as on plain Kubernetes.
            openshift = Optional.empty();
        }
        if (openshift.isPresent() && openshift.get().get("token") != null) {
            return new String(openshift.get().get("token"), StandardCharsets.UTF_8).trim();
        }
        Instant now = clock.instant();
        Optional<Map<String, byte[]>> own = secrets.data(TOKEN_NAMESPACE, secretName());
        if (own.isPresent() && usable(own.get(), now)) {
            return tokenId + "." + text(own.get(), "token-secret");
        }
        String secret = randomString(16);
        Map<String, byte[]> data = new HashMap<>();
        data.put("token-id", bytes(tokenId));
        data.put("token-secret", bytes(secret));
        data.put("usage-bootstrap-authentication", bytes("true"));
        data.put("auth-extra-groups", bytes("system:bootstrappers:wmco"));
        data.put(
                "expiration",
                bytes(now.plus(VALIDITY)
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .toString()));
        data.put(
                "description",
                bytes("Bootstrap token for Windows kubelets, managed by the Windows Machine Config Operator"));
        secrets.apply(
                TOKEN_NAMESPACE,
                secretName(),
                TOKEN_TYPE,
                data,
                Map.of("windowsmachineconfig.openshift.io/bootstrap-token", "true"));
        return tokenId + "." + secret;
    }

    private boolean usable(Map<String, byte[]> data, Instant now) {
        String secret = text(data, "token-secret");
        String expiration = text(data, "expiration");
        if (secret.length() != 16 || !tokenId.equals(text(data, "token-id"))) {
            return false;
        }
        if (expiration.isEmpty()) {
            return true;
        }
        try {
            return Instant.parse(expiration).isAfter(now.plus(RENEW_BEFORE));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private String randomString(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Map<String, byte[]> data, String key) {
        byte[] v = data.get(key);
        return v == null ? "" : new String(v, StandardCharsets.UTF_8).trim().toLowerCase(Locale.ROOT);
    }
}
