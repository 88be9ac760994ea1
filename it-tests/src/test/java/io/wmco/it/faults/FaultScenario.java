package io.wmco.it.faults;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the fault ITs on the shared cluster have in common: the operator's whole log captured for the secret and
 * user-name checks, a {@link FaultEnvironment}, and a cluster that signs kubelet certificates.
 */
abstract class FaultScenario {
    protected OperatorLog log;
    protected FaultEnvironment env;

    @BeforeEach
    void startScenario() throws Exception {
        log = OperatorLog.capture();
        env = new FaultEnvironment();
        assumeTrue(env.cluster().signsCertificates(), "the cluster does not sign kubelet certificates");
    }

    @AfterEach
    void closeScenario() throws Exception {
        try {
            env.close();
        } finally {
            log.close();
        }
    }
}
