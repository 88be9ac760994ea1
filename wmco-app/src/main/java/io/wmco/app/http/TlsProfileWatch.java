package io.wmco.app.http;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.tls.ServingTls;
import io.wmco.domain.tls.TlsSecurityProfile;
import io.wmco.ports.cluster.ClusterException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the cluster's TLS security profile ({@code apiservers.config.openshift.io/cluster}): reads it at start and
 * again every {@link Interval}, and hands a changed decision to the metrics listener, which applies it to the
 * connections it accepts from then on; no restart is needed. When the profile cannot be read (API server down,
 * access refused), the settings in force stay and the failure is logged once until a read succeeds again.
 * Thread-safe; {@link #close()} stops the checks.
 */
public final class TlsProfileWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TlsProfileWatch.class);

    /** How often the profile is read again. */
    public record Interval(Duration value) {
        public static final Interval DEFAULT = new Interval(Duration.ofSeconds(30));

        public Interval {
            requireNonNull(value, "value cannot be null");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("the TLS profile check interval must be positive");
            }
        }
    }

    private final Supplier<Optional<TlsSecurityProfile>> profile;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wmco-tls-profile");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean failing;

    /**
     * @param profile reads the cluster's profile (empty when not set or the API is absent)
     */
    public TlsProfileWatch(Supplier<Optional<TlsSecurityProfile>> profile) {
        this.profile = requireNonNull(profile, "profile cannot be null");
    }

    /**
     * The TLS settings decided from the profile as read now; Intermediate when it cannot be read.
     */
    public ServingTls initial() {
        return read().orElseGet(() -> ServingTls.decide(Optional.empty()));
    }

    /** Checks the profile every {@code interval} and applies a change to {@code tls}. */
    public void follow(MetricsTls tls, Interval interval) {
        requireNonNull(tls, "tls cannot be null");
        requireNonNull(interval, "interval cannot be null");
        long millis = interval.value().toMillis();
        timer.scheduleWithFixedDelay(
                () -> read().ifPresent(next -> {
                    ServingTls before = tls.current();
                    if (tls.apply(next)) {
                        LOG.info(
                                "the cluster's TLS profile changed from {} to {}: /metrics uses it for new connections",
                                before.profile(),
                                next.profile());
                    }
                }),
                millis,
                millis,
                TimeUnit.MILLISECONDS);
    }

    private Optional<ServingTls> read() {
        try {
            ServingTls decided = ServingTls.decide(profile.get());
            if (failing) {
                LOG.info("the cluster's TLS profile can be read again");
                failing = false;
            }
            return Optional.of(decided);
        } catch (ClusterException e) {
            if (!failing) {
                LOG.warn("cannot read the cluster's TLS profile, /metrics keeps its TLS settings: {}", e.getMessage());
                failing = true;
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.warn("reading the cluster's TLS profile failed: {}", e.toString());
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
