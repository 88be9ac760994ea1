package io.wmco.domain.hostsettings;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The host-wide settings every Windows node gets besides its own configuration, from cluster-wide inputs: the proxy
 * variables, the trusted CA certificates and the containerd registry mirror directories. They change without a new
 * operator version, so a node records the {@link #hash()} it was given
 * ({@code io.wmco.domain.node.MetadataKeys#HOST_SETTINGS_ANNOTATION}) and gets them again, without a
 * reconfiguration, when the hash differs.
 *
 * @param proxy the proxy variables
 * @param trustedCas the CA certificates added to the node's trusted root store, in bundle order
 * @param registries one containerd {@code hosts.toml} directory per mirrored source registry, sorted by name
 */
public record HostSettings(
        ProxySettings proxy, List<TrustedCertificate> trustedCas, List<RegistryDirectory> registries) {
    /** Nothing: no proxy variables, no added certificates, no mirrors (what a node without the annotation has). */
    public static final HostSettings NONE = new HostSettings(ProxySettings.NONE, List.of(), List.of());

    public HostSettings {
        requireNonNull(proxy, "proxy cannot be null");
        trustedCas = List.copyOf(requireNonNull(trustedCas, "trustedCas cannot be null"));
        registries = List.copyOf(requireNonNull(registries, "registries cannot be null"));
    }

    /** Settings without registry mirrors. */
    public HostSettings(ProxySettings proxy, List<TrustedCertificate> trustedCas) {
        this(proxy, trustedCas, List.of());
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
        for (RegistryDirectory r : registries) {
            r.files()
                    .forEach((name, content) -> sb.append("registry ")
                            .append(r.name())
                            .append('/')
                            .append(name)
                            .append(' ')
                            .append(sha256(content))
                            .append('\n'));
        }
        return sha256(sb.toString());
    }

    /** Whether a node that recorded {@code recorded} (empty: no annotation) has these settings. */
    public boolean appliedAs(Optional<String> recorded) {
        requireNonNull(recorded, "recorded cannot be null");
        return recorded.map(hash()::equals).orElse(equals(NONE));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
