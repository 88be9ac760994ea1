package io.wmco.it.hostsettings;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.wmco.app.WindowsMachineConfigOperator;
import io.wmco.domain.hostsettings.TestCertificates;
import io.wmco.domain.remote.CommandKind;
import io.wmco.it.byoh.ByohEnvironment;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 1, on plain Kubernetes: the proxy comes from the operator's own settings ({@code --http-proxy} and
 * the others, which default to its {@code HTTP_PROXY} ... variables; OLM sets those from the cluster Proxy on
 * OpenShift, so both roll the operator to change them), the trusted CA bundle from the {@code wmco-trusted-ca}
 * ConfigMap of the operator namespace. A configured node gets a change in place: variables set or removed,
 * containerd and the kubelet restarted to read them, certificates imported or removed, no reconfiguration.
 */
class ProxyIT {
    private static final String VERSION = "1.0.0";
    private static final String CONFIGMAP = "wmco-trusted-ca";
    private static final String HASH = "windowsmachineconfig.openshift.io/host-settings-hash";
    private static final String PROXY = "http://user:s3cret'$(x)@proxy.example:3128";
    private ByohEnvironment env;

    @BeforeEach
    void setUp() throws Exception {
        env = new ByohEnvironment(null, null);
        assumeTrue(env.cluster().signsCertificates(), "the cluster does not sign kubelet certificates");
    }

    @AfterEach
    void tearDown() throws Exception {
        env.close();
    }

    @Test
    void proxyAndTrustedCasReachTheHostAndChangesApplyInPlace() throws Exception {
        SimulatedWindowsHost host = env.startHost(0);
        String node = env.nodeName(0);
        env.instances(Map.of(env.address(0), "username=Administrator"));
        trustedBundle(TestCertificates.A);
        WindowsMachineConfigOperator first =
                env.startOperator(VERSION, "--http-proxy=" + PROXY, "--no-proxy=.svc,.cluster.local,10.0.0.0/8");
        env.awaitConfigured(Duration.ofMinutes(3), VERSION, node);

        // configured with the settings: set before containerd and the kubelet first started
        assertEquals(
                Map.of("HTTP_PROXY", PROXY, "NO_PROXY", ".svc,.cluster.local,10.0.0.0/8"), host.machineEnvironment());
        for (String service : new String[] {"containerd", "kubelet"}) {
            assertEquals(Optional.of(host.machineEnvironment()), host.environmentAtStart(service), service);
        }
        assertEquals(
                Set.of(TestCertificates.A_THUMBPRINT), host.rootCertificates().keySet());
        String hashA = annotation(node).orElseThrow();
        int creates = host.commandsOf(CommandKind.SERVICE_CREATE).size();

        // the bundle changes: B replaces A without a reconfiguration or a restart
        trustedBundle(TestCertificates.B);
        await("certificate B instead of A on the host")
                .atMost(Duration.ofMinutes(1))
                .until(() -> host.rootCertificates().keySet().equals(Set.of(TestCertificates.B_THUMBPRINT)));
        await("a new hash on the node")
                .atMost(Duration.ofSeconds(30))
                .until(() -> !annotation(node).orElse(hashA).equals(hashA));
        assertEquals(creates, host.commandsOf(CommandKind.SERVICE_CREATE).size());
        assertEquals(
                VERSION,
                ByohEnvironment.annotation(env.node(node).orElseThrow(), "windowsmachineconfig.openshift.io/version"));
        int restarts = host.commandsOf(CommandKind.SERVICE_STOP).size();

        // the proxy goes (the operator restarts without it, as after the Proxy object was cleared)
        first.close();
        env.startOperator(VERSION);
        await("proxy variables removed from the host")
                .atMost(Duration.ofMinutes(1))
                .until(() -> host.machineEnvironment().isEmpty());
        await("containerd and the kubelet restarted without them")
                .atMost(Duration.ofSeconds(30))
                .until(() -> host.environmentAtStart("containerd").equals(Optional.of(Map.of()))
                        && host.environmentAtStart("kubelet").equals(Optional.of(Map.of())));
        assertTrue(host.commandsOf(CommandKind.SERVICE_STOP).size() >= restarts + 2);
        assertEquals(creates, host.commandsOf(CommandKind.SERVICE_CREATE).size());
        await("an event on the node")
                .atMost(Duration.ofSeconds(30))
                .until(() -> env.events("default", "HostSettingsApplied").stream()
                        .anyMatch(e -> node.equals(e.getInvolvedObject().getName())));

        // the bundle goes: the certificate the operator added is removed, the administrator's stays
        host.addRootCertificate("0000000000000000000000000000000000000000", "CN=admin's own");
        env.core().deleteNamespacedConfigMap(CONFIGMAP, env.namespace()).execute();
        await("the operator's certificate removed")
                .atMost(Duration.ofMinutes(1))
                .until(() ->
                        host.rootCertificates().keySet().equals(Set.of("0000000000000000000000000000000000000000")));
        assertEquals(Map.of(), host.machineEnvironment());
        assertEquals(java.util.List.of(), host.unknownCommands());
        // the password travels only as the variable's value
        assertTrue(host.commandLog().stream()
                .filter(c -> c.wire().contains("s3cret"))
                .allMatch(c -> c.kind() == CommandKind.MACHINE_ENV_SET));
    }

    private Optional<String> annotation(String node) {
        return env.node(node).map(n -> n.getMetadata().getAnnotations()).flatMap(a -> Optional.ofNullable(a.get(HASH)));
    }

    private void trustedBundle(String pem) throws Exception {
        V1ConfigMap cm = new V1ConfigMap()
                .metadata(new V1ObjectMeta().name(CONFIGMAP).namespace(env.namespace()))
                .data(Map.of("ca-bundle.crt", pem));
        try {
            env.core()
                    .replaceNamespacedConfigMap(CONFIGMAP, env.namespace(), cm)
                    .execute();
        } catch (io.kubernetes.client.openapi.ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            env.core().createNamespacedConfigMap(env.namespace(), cm).execute();
        }
    }
}
