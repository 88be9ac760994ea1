package io.wmco.app.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics listener's key manager: presents the certificate of the PEM files and reads them again when they
 * change (a rotated Secret, the kubelet updating a mounted volume), checked at each TLS handshake by modification
 * time and size. While the files are not given or not there (yet) it presents a self-signed certificate; a change
 * that cannot be read keeps the certificate in use and logs why, once per change.
 *
 * <p>Aliases carry a generation number, so a handshake gets the chain and key of one and the same load even when a
 * reload happens between the JDK's calls. Thread-safe.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingKeyManager.class);
    private static final String ALIAS = "wmco-metrics-";

    /** One load: what was presented, from which file state. */
    private record Loaded(long generation, ServingCertificate certificate, String stamp) {}

    private final Optional<Path> certFile;
    private final Optional<Path> keyFile;
    private final Supplier<ServingCertificate> selfSigned;
    private final AtomicReference<Loaded> current = new AtomicReference<>();
    private final AtomicReference<Loaded> previous = new AtomicReference<>();
    /** The file state last tried, successful or not, so that a broken file is reported once. */
    private volatile String triedStamp = "";

    /**
     * @param certFile PEM chain; empty for a self-signed certificate only
     * @param keyFile PEM key; present exactly when {@code certFile} is
     * @param selfSigned makes the certificate used while the files are not there
     */
    ReloadingKeyManager(Optional<Path> certFile, Optional<Path> keyFile, Supplier<ServingCertificate> selfSigned) {
        this.certFile = requireNonNull(certFile, "certFile cannot be null");
        this.keyFile = requireNonNull(keyFile, "keyFile cannot be null");
        this.selfSigned = requireNonNull(selfSigned, "selfSigned cannot be null");
        refresh();
        if (current.get() == null) {
            ServingCertificate made = selfSigned.get();
            current.set(new Loaded(1, made, ""));
            LOG.warn(
                    "/metrics presents a self-signed certificate{}",
                    certFile.map(f -> " until " + f + " and " + keyFile.orElseThrow() + " can be read")
                            .orElse(": give --metrics-cert-file and --metrics-key-file for one clients can verify"));
        }
    }

    /** What is presented now. */
    ServingCertificate certificate() {
        refresh();
        return current.get().certificate();
    }

    /** Reads the files again when their state differs from the last load or attempt. */
    private void refresh() {
        if (certFile.isEmpty()) {
            return;
        }
        String stamp = stamp(certFile.get()) + "|" + stamp(keyFile.orElseThrow());
        Loaded now = current.get();
        if ((now != null && stamp.equals(now.stamp())) || stamp.equals(triedStamp)) {
            return;
        }
        synchronized (this) {
            now = current.get();
            if ((now != null && stamp.equals(now.stamp())) || stamp.equals(triedStamp)) {
                return;
            }
            triedStamp = stamp;
            if (stamp.contains("absent")) {
                if (now != null && !now.stamp().isEmpty()) {
                    LOG.warn(
                            "{} or {} is gone; /metrics keeps its {}",
                            certFile.get(),
                            keyFile.get(),
                            now.certificate());
                }
                return;
            }
            try {
                ServingCertificate read = ServingCertificate.read(certFile.get(), keyFile.get());
                Loaded next = new Loaded(now == null ? 1 : now.generation() + 1, read, stamp);
                previous.set(now);
                current.set(next);
                LOG.info("/metrics presents the {}", read);
            } catch (ServingCertificate.InvalidCertificateException e) {
                LOG.warn(
                        "{}; /metrics keeps {}",
                        e.getMessage(),
                        now == null ? "a self-signed certificate" : "its " + now.certificate());
            }
        }
    }

    private static String stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + ":" + a.size() + ":" + a.fileKey();
        } catch (IOException e) {
            return "absent";
        }
    }

    private Optional<Loaded> loaded(String alias) {
        if (alias == null || !alias.startsWith(ALIAS)) {
            return Optional.empty();
        }
        for (Loaded l : List.of(Optional.ofNullable(current.get()), Optional.ofNullable(previous.get())).stream()
                .flatMap(Optional::stream)
                .toList()) {
            if (alias.equals(ALIAS + l.generation())) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    private String alias(String keyType) {
        refresh();
        Loaded l = current.get();
        return keyType != null && keyType.equals(l.certificate().key().getAlgorithm()) ? ALIAS + l.generation() : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return alias(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return alias(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String a = alias(keyType);
        return a == null ? null : new String[] {a};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return loaded(alias).map(l -> l.certificate().chainArray()).orElse(null);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return loaded(alias).map(l -> l.certificate().key()).orElse(null);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
