package io.wmco.testkit.sim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The host-wide state of the simulated Windows host besides services and files: machine-level environment variables
 * (names case-insensitive, as on Windows, the case of the first setting kept), the {@code Cert:\LocalMachine\Root}
 * store by thumbprint, and the environment each service started with (a service reads machine variables only when it
 * starts, so a test can tell whether it was restarted after a change). Not thread-safe on its own: the
 * {@link WindowsMachine} lock guards it.
 */
final class MachineSettings {
    /** A certificate in the root store: its subject, as {@code Get-ChildItem Cert:\LocalMachine\Root} shows it. */
    record StoredCertificate(String thumbprint, String subject) {}

    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, StoredCertificate> root = new TreeMap<>();
    private final Map<String, Map<String, String>> startEnvironment = new LinkedHashMap<>();

    /** {@code MACHINE_ENV_SET}: prints {@code Changed} when the value differs (case-sensitive, as {@code -cne}). */
    WindowsMachine.Outcome set(String name, String value) {
        String key = name.toUpperCase(Locale.ROOT);
        if (value.equals(values.get(key))) {
            return WindowsMachine.Outcome.ok();
        }
        names.putIfAbsent(key, name);
        values.put(key, value);
        return WindowsMachine.Outcome.ok("Changed\r\n");
    }

    /** {@code MACHINE_ENV_REMOVE}: prints {@code Changed} when the variable was set. */
    WindowsMachine.Outcome remove(String name) {
        String key = name.toUpperCase(Locale.ROOT);
        if (values.remove(key) == null) {
            return WindowsMachine.Outcome.ok();
        }
        names.remove(key);
        return WindowsMachine.Outcome.ok("Changed\r\n");
    }

    /** The machine variables, by the name they were first set with. */
    Map<String, String> environment() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(names.get(k), v));
        return out;
    }

    /** Remembers the environment a service started with. */
    void started(String service) {
        startEnvironment.put(service.toLowerCase(Locale.ROOT), environment());
    }

    /** The machine variables as the service saw them at its last start; empty when it never started. */
    Optional<Map<String, String>> environmentAtStart(String service) {
        return Optional.ofNullable(startEnvironment.get(service.toLowerCase(Locale.ROOT)));
    }

    /**
     * {@code ROOT_CERT_IMPORT}: reads exactly one certificate (PEM or DER) from the file and adds it by thumbprint.
     * A file with several certificates is refused: the operator writes one per file, and a silent partial import
     * (what Windows may do with bundles) would hide a mistake.
     */
    WindowsMachine.Outcome importCertificate(String windowsPath, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return WindowsMachine.Outcome.error(
                    "Import-Certificate : The system cannot find the file specified. (" + windowsPath + ")");
        }
        Collection<? extends Certificate> certs;
        try {
            certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)));
        } catch (CertificateException e) {
            return WindowsMachine.Outcome.error("Import-Certificate : Cannot find the requested object. (" + windowsPath
                    + " is no certificate: " + e.getMessage() + ")");
        }
        if (certs.size() != 1) {
            return WindowsMachine.Outcome.error("Import-Certificate : the simulated host imports exactly one"
                    + " certificate per file; " + windowsPath + " holds " + certs.size());
        }
        X509Certificate cert = (X509Certificate) certs.iterator().next();
        String thumbprint;
        try {
            thumbprint = thumbprint(cert.getEncoded());
        } catch (CertificateException e) {
            return WindowsMachine.Outcome.error("Import-Certificate : " + e.getMessage());
        }
        root.put(
                thumbprint,
                new StoredCertificate(thumbprint, cert.getSubjectX500Principal().getName()));
        return WindowsMachine.Outcome.ok();
    }

    /** {@code ROOT_CERT_REMOVE}: removes a certificate by thumbprint; nothing when it is absent. */
    WindowsMachine.Outcome removeCertificate(String thumbprint) {
        root.remove(thumbprint);
        return WindowsMachine.Outcome.ok();
    }

    /** Seeds a certificate the administrator put in the store (not through the operator). */
    void addRootCertificate(String thumbprint, String subject) {
        root.put(thumbprint, new StoredCertificate(thumbprint, subject));
    }

    /** The root store, by thumbprint. */
    List<StoredCertificate> rootCertificates() {
        return List.copyOf(root.values());
    }

    private static String thumbprint(byte[] der) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(der))
                    .toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
