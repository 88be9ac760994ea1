package io.wmco.it.byoh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wmco.app.WindowsMachineConfigOperator;
import io.wmco.domain.remote.CommandKind;
import io.wmco.testkit.sim.CommandLogEntry;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scenario 8 of issue #5: two replicas; only the leader acts; when it dies the other takes over and finishes. */
class ByohLeaderElectionIT {
    private ByohEnvironment env;

    @BeforeEach
    void setUp() throws Exception {
        env = new ByohEnvironment();
        assumeTrue(env.cluster().signsCertificates(), "the cluster does not sign kubelet certificates");
    }

    @AfterEach
    void tearDown() throws Exception {
        env.close();
    }

    @Test
    void onlyTheLeaderActsAndTheFollowerFinishesWhenTheLeaderDies() throws Exception {
        SimulatedWindowsHost h0 = env.startHost(0);
        SimulatedWindowsHost h1 = env.startHost(1);
        h0.faults().delay(CommandKind.SERVICE_START, Duration.ofSeconds(1));
        h1.faults().delay(CommandKind.SERVICE_START, Duration.ofSeconds(1));
        WindowsMachineConfigOperator a =
                env.startOperator("1.0.0", "--leader-elect=true", "--identity=replica-a", "--lease-duration=4s");
        await().atMost(Duration.ofSeconds(30)).until(a::leading);
        WindowsMachineConfigOperator b =
                env.startOperator("1.0.0", "--leader-elect=true", "--identity=replica-b", "--lease-duration=4s");
        await().atMost(Duration.ofSeconds(30)).until(b::ready);

        env.instances(Map.of(env.address(0), "username=Administrator", env.address(1), "username=Administrator"));
        await().atMost(Duration.ofMinutes(1))
                .until(() -> !h0.commandsOf(CommandKind.SERVICE_START).isEmpty());
        assertTrue(a.leading());
        assertFalse(b.leading(), "only one replica leads");
        assertFalse(metrics(b).contains("wmco_reconciles_total{"), "the follower ran no control loop");
        assertTrue(metrics(a).contains("wmco_reconciles_total{controller=\"windows-instances\"}"));

        a.close();
        // the old leader has stopped acting on the hosts before anyone else may lead: no command arrives between
        // close() returning and the moment the follower won the Lease (the follower's own commands come after it)
        Instant stopped = Instant.now();
        await().atMost(Duration.ofSeconds(30)).until(b::leading);
        Instant followerLed = b.leadingSince().orElseThrow();
        List<CommandLogEntry> between = Stream.concat(h0.commandLog().stream(), h1.commandLog().stream())
                .filter(c -> c.at().isAfter(stopped) && c.at().isBefore(followerLed))
                .toList();
        assertEquals(
                List.of(), between, "a host received commands after the leader stopped and before the follower led");
        env.awaitConfigured(Duration.ofMinutes(3), "1.0.0", env.nodeName(0), env.nodeName(1));
        assertTrue(metrics(b).contains("wmco_reconciles_total{controller=\"windows-instances\"}"));
    }

    private static String metrics(WindowsMachineConfigOperator op) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + op.metricsPort() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
