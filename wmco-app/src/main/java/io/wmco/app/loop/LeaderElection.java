package io.wmco.app.loop;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.kubernetes.client.extended.leaderelection.LeaderElector;
import io.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the operator's control loops only while this replica holds the Lease. The client's elector never
 * re-acquires after losing leadership, so losing it ends this replica's work through {@code onLost}: the
 * process exits and the Deployment starts a fresh replica.
 */
public final class LeaderElection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    private final LeaderElector elector;
    private final String identity;

    /**
     * @param leaseDuration validity of the Lease; renew deadline is 2/3 of it and retry period 1/5 of it
     */
    public LeaderElection(
            ApiClient client, String namespace, String leaseName, String identity, Duration leaseDuration) {
        requireNonNull(client, "client cannot be null");
        this.identity = requireNonNull(identity, "identity cannot be null");
        LeaseLock lock = new LeaseLock(namespace, leaseName, identity, client);
        Duration renew = leaseDuration.multipliedBy(2).dividedBy(3);
        Duration retry = leaseDuration.dividedBy(5);
        this.elector = new LeaderElector(
                new LeaderElectionConfig(lock, leaseDuration, renew, retry),
                e -> LOG.warn("leader election: {}", e.toString()));
    }

    /**
     * Blocks, campaigning for the Lease; calls {@code onLeading} (on the elector's thread, which it may block) when
     * elected and {@code onLost} when leadership ends.
     */
    public void run(Runnable onLeading, Runnable onLost) {
        elector.run(
                () -> {
                    LOG.info("leader election: {} is the leader", identity);
                    onLeading.run();
                },
                () -> {
                    LOG.warn("leader election: {} lost the Lease", identity);
                    onLost.run();
                },
                leader -> LOG.info("leader election: the leader is now {}", leader));
    }

    @Override
    public void close() {
        elector.close();
    }
}
