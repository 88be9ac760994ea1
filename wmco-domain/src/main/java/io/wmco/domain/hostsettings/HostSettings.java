package io.wmco.domain.hostsettings;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The host-wide settings every Windows node gets besides its own configuration, from cluster-wide inputs: the proxy
 * variables and the trusted CA certificates. They change without a new operator version, so a node records the
 * {@link #hash()} it was given ({@code io.wmco.domain.node.MetadataKeys#HOST_SETTINGS_ANNOTATION}) and gets them
 * again, without a reconfiguration, when the hash differs.
 *
 * @param proxy the proxy variables
 * @param trustedCas the CA certificates added to the node's trusted root store, in bundle order
 */
public record HostSettings(ProxySettings proxy, List<TrustedCertificate> trustedCas) {
    /** Nothing: no proxy variables and no added certificates (what a node without the annotation has). */
    public static final HostSettings NONE = new HostSettings(ProxySettings.NONE, List.of());

    public HostSettings {
        requireNonNull(proxy, "proxy cannot be null");
        trustedCas = List.copyOf(requireNonNull(trustedCas, "trustedCas cannot be null"));
    }

    /**
     * SHA-256 (lower-case hex) of a canonical form of the settings; {@link #NONE} hashes to the same value as a node
     * without the annotation is taken to have. Reveals nothing of the values.
     */
    public String hash() {
        StringBuilder sb = new StringBuilder("host-settings/1\n");
        proxy.variables()
                .forEach((k, v) -> sb.append("env ")
                        .append(k)
                        .append('=')
                        .append(v.orElse("\0"))
                        .append('\n'));
        trustedCas.forEach(c -> sb.append("ca ").append(c.thumbprint()).append('\n'));
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Whether a node that recorded {@code recorded} (empty: no annotation) has these settings. */
    public boolean appliedAs(java.util.Optional<String> recorded) {
        requireNonNull(recorded, "recorded cannot be null");
        return recorded.map(hash()::equals).orElse(equals(NONE));
    }
}
