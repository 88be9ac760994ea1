package io.wmco.app.http;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import io.wmco.domain.tls.ServingTls;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS of the metrics listener: one {@link SSLContext} whose key manager follows the certificate files
 * ({@link ReloadingKeyManager}), and the protocol versions and cipher suites of the cluster's TLS profile
 * ({@link ServingTls}), which {@link #apply} may change at any time: every new connection is configured with the
 * settings in force when it is accepted (open keep-alive connections keep theirs). Suites and versions the running
 * JDK does not offer are left out with a warning naming them. Thread-safe.
 */
public final class MetricsTls {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsTls.class);
    /** Names of the self-signed certificate: the metrics Service of deploy/ and loopback. */
    static final List<String> SELF_SIGNED_NAMES = List.of("windows-machine-config-operator-metrics", "localhost");

    private final SSLContext context;
    private final ReloadingKeyManager keys;
    private final AtomicReference<ServingTls> tls = new AtomicReference<>();
    private final AtomicReference<SSLParameters> parameters = new AtomicReference<>();

    /**
     * @param certFile PEM certificate chain; empty for a self-signed certificate
     * @param keyFile PEM private key; present exactly when {@code certFile} is
     * @param initial the TLS settings to start with
     * @param clock dates the self-signed certificate
     */
    public MetricsTls(Optional<Path> certFile, Optional<Path> keyFile, ServingTls initial, Clock clock) {
        requireNonNull(initial, "initial cannot be null");
        requireNonNull(clock, "clock cannot be null");
        SecureRandom random = new SecureRandom();
        this.keys = new ReloadingKeyManager(
                certFile, keyFile, () -> ServingCertificate.selfSigned(SELF_SIGNED_NAMES, clock, random));
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keys}, null, random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS: " + e, e);
        }
        apply(initial);
    }

    /**
     * Uses these settings for connections accepted from now on.
     *
     * @return whether they differ from the ones in force
     */
    public boolean apply(ServingTls next) {
        requireNonNull(next, "next cannot be null");
        ServingTls before = tls.getAndSet(next);
        if (next.equals(before)) {
            return false;
        }
        SSLParameters supported = context.getSupportedSSLParameters();
        Set<String> suites = Set.of(supported.getCipherSuites());
        Set<String> protocols = Set.of(supported.getProtocols());
        List<String> enabledSuites =
                next.cipherSuites().stream().filter(suites::contains).toList();
        List<String> enabledProtocols =
                next.protocols().stream().filter(protocols::contains).toList();
        List<String> missing =
                next.cipherSuites().stream().filter(s -> !suites.contains(s)).toList();
        next.notes().forEach(n -> LOG.info("metrics TLS: {}", n));
        if (!next.ignoredCiphers().isEmpty()) {
            LOG.warn(
                    "metrics TLS: unknown cipher suites left out of the {} profile: {}",
                    next.profile(),
                    String.join(", ", next.ignoredCiphers()));
        }
        if (!missing.isEmpty()) {
            LOG.warn("metrics TLS: cipher suites this JDK does not offer, left out: {}", String.join(", ", missing));
        }
        SSLParameters p =
                new SSLParameters(enabledSuites.toArray(String[]::new), enabledProtocols.toArray(String[]::new));
        p.setUseCipherSuitesOrder(true);
        p.setNeedClientAuth(false);
        parameters.set(p);
        LOG.info(
                "metrics TLS: {} profile, protocols {}, {} cipher suites",
                next.profile(),
                String.join(" ", enabledProtocols),
                enabledSuites.size());
        return true;
    }

    /** The settings in force. */
    public ServingTls current() {
        return tls.get();
    }

    /** Protocol versions enabled now (after the JDK's own limits). */
    List<String> enabledProtocols() {
        return Arrays.asList(parameters.get().getProtocols());
    }

    /** Configures each accepted connection with the settings in force at that moment. */
    HttpsConfigurator configurator() {
        return new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                params.setSSLParameters(parameters.get());
            }
        };
    }

    /** What the listener presents now, for logs. */
    String certificate() {
        return keys.certificate().toString();
    }
}
