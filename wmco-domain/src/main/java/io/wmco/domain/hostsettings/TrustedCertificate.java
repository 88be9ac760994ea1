package io.wmco.domain.hostsettings;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One CA certificate the node's trusted root store must hold, from a PEM bundle (the cluster's trusted CA bundle,
 * key {@code ca-bundle.crt}). The thumbprint is what Windows names a certificate by in {@code Cert:\LocalMachine\Root}:
 * the SHA-1 of its DER encoding, upper-case hex.
 *
 * @param pem the certificate as one PEM block ending with a line break
 * @param thumbprint 40 upper-case hex digits
 */
public record TrustedCertificate(String pem, String thumbprint) {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN CERTIFICATE-----\\s*([A-Za-z0-9+/=\\s]*?)-----END CERTIFICATE-----");
    private static final Pattern THUMBPRINT = Pattern.compile("[0-9A-F]{40}");

    public TrustedCertificate {
        requireNonNull(pem, "pem cannot be null");
        requireNonNull(thumbprint, "thumbprint cannot be null");
        if (!THUMBPRINT.matcher(thumbprint).matches()) {
            throw new IllegalArgumentException("thumbprint must be 40 upper-case hex digits, got " + thumbprint);
        }
    }

    /** The file name the certificate is kept under on the node: {@code <thumbprint>.crt}. */
    public String fileName() {
        return thumbprint + ".crt";
    }

    /**
     * The certificates of a PEM bundle, each once, in bundle order, with what could not be read.
     *
     * @param certificates the readable certificates
     * @param problems one message per unreadable block, naming its position; empty when all were read
     */
    public record Bundle(List<TrustedCertificate> certificates, List<String> problems) {
        public static final Bundle EMPTY = new Bundle(List.of(), List.of());

        public Bundle {
            certificates = List.copyOf(requireNonNull(certificates, "certificates cannot be null"));
            problems = List.copyOf(requireNonNull(problems, "problems cannot be null"));
        }
    }

    /**
     * Reads every {@code CERTIFICATE} block of a PEM text. Text outside the blocks (comments, other block types) is
     * ignored; a block whose content is not base64 DER is reported and left out, the others still count.
     *
     * @param source what the text is, for messages (e.g. {@code ConfigMap ns/name key ca-bundle.crt})
     */
    public static Bundle parseBundle(String pemText, String source) {
        requireNonNull(pemText, "pemText cannot be null");
        requireNonNull(source, "source cannot be null");
        Map<String, TrustedCertificate> byThumbprint = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Matcher m = BLOCK.matcher(pemText);
        int index = 0;
        while (m.find()) {
            index++;
            String base64 = m.group(1).replaceAll("\\s", "");
            byte[] der;
            try {
                der = Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                problems.add("certificate " + index + " of " + source + " is not valid base64; fix or remove it");
                continue;
            }
            if (der.length < 16 || (der[0] & 0xff) != 0x30) {
                problems.add("certificate " + index + " of " + source + " is not a DER certificate; fix or remove it");
                continue;
            }
            String thumbprint = sha1(der);
            byThumbprint.putIfAbsent(thumbprint, new TrustedCertificate(pem(base64), thumbprint));
        }
        if (index == 0 && !pemText.isBlank()) {
            problems.add(
                    source + " holds no PEM certificate (-----BEGIN CERTIFICATE-----); put PEM certificates in it");
        }
        return new Bundle(List.copyOf(byThumbprint.values()), problems);
    }

    private static String pem(String base64) {
        StringBuilder sb = new StringBuilder("-----BEGIN CERTIFICATE-----\n");
        for (int i = 0; i < base64.length(); i += 64) {
            sb.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
        }
        return sb.append("-----END CERTIFICATE-----\n").toString();
    }

    private static String sha1(byte[] der) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(der))
                    .toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }

    /** The PEM as bytes (US-ASCII), for writing to the node. */
    public byte[] bytes() {
        return pem.getBytes(StandardCharsets.US_ASCII);
    }
}
