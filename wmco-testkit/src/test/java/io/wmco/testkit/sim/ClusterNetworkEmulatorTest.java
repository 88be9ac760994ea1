package io.wmco.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kubernetes.client.openapi.ApiClient;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterNetworkEmulatorTest {

    @Test
    void handsOutDistinctSubnetsOfTheHybridNetworkInOrder() {
        // an unreachable API server: the poll fails and is recorded, the subnet arithmetic is what is tested
        try (ClusterNetworkEmulator e = ClusterNetworkEmulator.start(
                new ApiClient().setBasePath("http://127.0.0.1:1"), "10.132.0.0/14", 23, Duration.ofHours(1))) {
            assertEquals("10.132.0.0/23", e.nextFree(Set.of()));
            assertEquals("10.132.4.0/23", e.nextFree(Set.of("10.132.0.0/23", "10.132.2.0/23")));
        }
    }

    @Test
    void refusesAHostPrefixOutsideTheNetwork() {
        ApiClient client = new ApiClient().setBasePath("http://127.0.0.1:1");
        assertThrows(
                IllegalArgumentException.class,
                () -> ClusterNetworkEmulator.start(client, "10.132.0.0/24", 23, Duration.ofSeconds(1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> ClusterNetworkEmulator.start(client, "10.132.0.0", 23, Duration.ofSeconds(1)));
    }
}
