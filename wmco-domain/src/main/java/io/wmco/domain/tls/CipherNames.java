package io.wmco.domain.tls;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Cipher suite names: OpenShift's TLS profiles list them in OpenSSL's spelling ({@code ECDHE-RSA-AES128-GCM-SHA256})
 * and, for TLS 1.3, in the IANA spelling ({@code TLS_AES_128_GCM_SHA256}); Java's TLS stack knows the standard
 * (IANA) names, except for triple DES, which it spells {@code SSL_RSA_WITH_3DES_EDE_CBC_SHA}. This class maps the
 * first to the second, for every suite the predefined profiles name. Pure, immutable, thread-safe.
 */
public final class CipherNames {
    /** The TLS 1.3 suites, which are negotiated only with TLS 1.3 (and only they are). */
    public static final Set<String> TLS13 =
            Set.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    private static final Map<String, String> OPENSSL_TO_STANDARD = table();

    private CipherNames() {}

    private static Map<String, String> table() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String suite :
                new String[] {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"}) {
            m.put(suite, suite);
        }
        m.put("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        m.put("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        m.put("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        m.put("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        m.put("ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
        m.put("ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        m.put("DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");
        m.put("DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384");
        m.put("DHE-RSA-CHACHA20-POLY1305", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        m.put("ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256");
        m.put("ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
        m.put("ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");
        m.put("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
        m.put("ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384");
        m.put("ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384");
        m.put("ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA");
        m.put("ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA");
        m.put("DHE-RSA-AES128-SHA256", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256");
        m.put("DHE-RSA-AES256-SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256");
        m.put("AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256");
        m.put("AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384");
        m.put("AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256");
        m.put("AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256");
        m.put("AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA");
        m.put("AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA");
        m.put("DES-CBC3-SHA", "SSL_RSA_WITH_3DES_EDE_CBC_SHA");
        return Map.copyOf(m);
    }

    /**
     * The standard name of a suite given in OpenSSL or standard spelling; empty when the name is not one this
     * table knows (such names are dropped from a profile, see {@link ServingTls#ignoredCiphers()}).
     */
    public static Optional<String> standardName(String name) {
        requireNonNull(name, "name cannot be null");
        String n = name.strip();
        String mapped = OPENSSL_TO_STANDARD.get(n);
        if (mapped != null) {
            return Optional.of(mapped);
        }
        return OPENSSL_TO_STANDARD.containsValue(n) ? Optional.of(n) : Optional.empty();
    }
}
