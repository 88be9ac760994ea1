package io.wmco.it.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wmco.domain.remote.CommandKind;
import io.wmco.it.support.DedicatedCluster;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 6: kube-apiserver restarts (etcd keeps its data) while hosts are being configured. The cluster is
 * a control plane of this test alone, so the restart disturbs no other test of the suite.
 */
class ApiServerRestartIT {
    private OperatorLog log;
    private DedicatedCluster dedicated;
    private FaultEnvironment env;

    @BeforeEach
    void setUp() throws Exception {
        log = OperatorLog.capture();
        dedicated = DedicatedCluster.start();
        env = new FaultEnvironment(dedicated.cluster());
        assumeTrue(env.cluster().signsCertificates(), "the dedicated cluster does not sign kubelet certificates");
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (env != null) {
                env.close();
            }
        } finally {
            try {
                if (dedicated != null) {
                    dedicated.close();
                }
            } finally {
                log.close();
            }
        }
    }

    @Test
    void apiServerRestartMidConfigurationConverges() throws Exception {
        SimulatedWindowsHost first = env.startHost(0);
        SimulatedWindowsHost second = env.startHost(1);
        env.instances(env.entries(2));
        env.startOperator("1.0.0");

        // the first service is created once the payload is in place: the kubelet, its CSRs and the node follow
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !first.commandsOf(CommandKind.SERVICE_CREATE).isEmpty());
        assertFalse(env.configured(env.nodeName(0), "1.0.0"), "restarted before the first host was configured");
        dedicated.stopApiServer();
        dedicated.startApiServer();

        // well before the operator's 2-minute wait for a node runs out: nothing may need a retry from scratch
        env.awaitConfigured(Duration.ofSeconds(100), "1.0.0", env.nodeName(0), env.nodeName(1));
        for (SimulatedWindowsHost host : List.of(first, second)) {
            FaultEnvironment.assertNoDuplicateService(host);
            assertEquals(List.of(), host.emulationErrors(), "the simulated kubelet gave up");
        }
        assertEquals(List.of(), log.linesContaining(env.secrets()), "secrets or user names in the operator's log");
    }
}
