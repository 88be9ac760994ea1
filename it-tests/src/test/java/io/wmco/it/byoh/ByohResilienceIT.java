package io.wmco.it.byoh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.kubernetes.client.util.CallGeneratorParams;
import io.wmco.app.WindowsMachineConfigOperator;
import io.wmco.app.payload.PayloadDirectory;
import io.wmco.domain.payload.PayloadFiles;
import io.wmco.domain.remote.CommandKind;
import io.wmco.testkit.sim.CommandLogEntry;
import io.wmco.testkit.sim.ServiceSnapshot;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scenarios 4 and 5 of issue #5: a restart mid-configuration, and in-place upgrades one node at a time. */
class ByohResilienceIT {
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
    void operatorKilledMidConfigurationConvergesAfterRestart() throws Exception {
        SimulatedWindowsHost host = env.startHost(0);
        // slow transfers so that the operator is stopped while files are being written
        host.faults().sftpWriteBandwidth(400_000);
        env.instances(Map.of(env.address(0), "username=Administrator"));
        WindowsMachineConfigOperator first = env.startOperator("1.0.0");
        await().atMost(Duration.ofMinutes(1))
                .until(() -> host.commandsOf(CommandKind.REPLACE_FILE).size() >= 3);
        first.close();
        assertFalse(env.configured(env.nodeName(0), "1.0.0"), "stopped before the node was configured");
        int createsBefore = host.commandsOf(CommandKind.SERVICE_CREATE).size();

        host.faults().sftpWriteBandwidth(0);
        env.startOperator("1.0.0");
        env.awaitConfigured(Duration.ofMinutes(3), "1.0.0", env.nodeName(0));

        // every service exactly once, never created twice
        List<String> names = host.services().stream().map(ServiceSnapshot::name).toList();
        assertEquals(new HashSet<>(names).size(), names.size(), names.toString());
        assertTrue(
                host.commandsOf(CommandKind.SERVICE_CREATE).stream().allMatch(c -> c.exitStatus() == 0),
                "a service was created twice");
        assertTrue(host.commandsOf(CommandKind.SERVICE_CREATE).size() >= createsBefore);
        // no partial files: every payload file matches, and no temporary upload is left behind
        Map<String, PayloadDirectory.Digest> payload = PayloadDirectory.scan(env.payloadDir());
        for (String name : List.of(PayloadFiles.KUBELET, PayloadFiles.KUBE_PROXY, PayloadFiles.HYBRID_OVERLAY)) {
            assertEquals(
                    payload.get(name).sha256(),
                    PayloadDirectory.sha256(host.resolve(PayloadFiles.remotePath(name))),
                    name);
        }
        try (Stream<Path> files = Files.walk(host.drive())) {
            List<Path> temps = files.filter(p -> p.getFileName().toString().contains(".wmco-tmp"))
                    .toList();
            assertEquals(List.of(), temps);
        }
        assertEquals(List.of(), host.unknownCommands());
    }

    @Test
    void versionBumpUpgradesNodesInPlaceOneAtATime() throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            env.startHost(i);
            entries.put(env.address(i), "username=Administrator");
        }
        env.instances(entries);
        WindowsMachineConfigOperator v1 = env.startOperator("1.0.0");
        env.awaitConfigured(Duration.ofMinutes(3), "1.0.0", env.nodeName(0), env.nodeName(1), env.nodeName(2));
        v1.close();

        // watch every node change: how many of our nodes carry the upgrading label at once
        Set<String> ours = Set.of(env.nodeName(0), env.nodeName(1), env.nodeName(2));
        Set<String> upgrading = ConcurrentHashMap.newKeySet();
        Set<String> everUpgraded = ConcurrentHashMap.newKeySet();
        AtomicInteger maxAtOnce = new AtomicInteger();
        ApiClient watchClient = env.cluster().adminClient();
        watchClient.setReadTimeout(0);
        SharedInformerFactory factory = new SharedInformerFactory(watchClient);
        CoreV1Api api = new CoreV1Api(watchClient);
        SharedIndexInformer<V1Node> informer = factory.sharedIndexInformerFor(
                (CallGeneratorParams p) -> api.listNode()
                        .resourceVersion(p.resourceVersion)
                        .watch(p.watch)
                        .timeoutSeconds(p.timeoutSeconds)
                        .buildCall(null),
                V1Node.class,
                V1NodeList.class);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(V1Node n) {
                track(n);
            }

            @Override
            public void onUpdate(V1Node o, V1Node n) {
                track(n);
            }

            @Override
            public void onDelete(V1Node n, boolean unknown) {
                upgrading.remove(n.getMetadata().getName());
            }

            private void track(V1Node n) {
                String name = n.getMetadata().getName();
                if (!ours.contains(name)) {
                    return;
                }
                Map<String, String> labels = n.getMetadata().getLabels();
                if (labels != null && "true".equals(labels.get("windowsmachineconfig.openshift.io/upgrading"))) {
                    upgrading.add(name);
                    everUpgraded.add(name);
                    maxAtOnce.accumulateAndGet(upgrading.size(), Math::max);
                } else {
                    upgrading.remove(name);
                }
            }
        });
        factory.startAllRegisteredInformers();
        try {
            await().atMost(Duration.ofSeconds(30)).until(informer::hasSynced);
            env.startOperator("2.0.0");
            env.awaitConfigured(Duration.ofMinutes(5), "2.0.0", env.nodeName(0), env.nodeName(1), env.nodeName(2));
            await().atMost(Duration.ofSeconds(30)).until(upgrading::isEmpty);
        } finally {
            factory.stopAllRegisteredInformers();
        }
        assertEquals(ours, everUpgraded, "every node went through an upgrade slot");
        assertEquals(1, maxAtOnce.get(), "never more than one node upgrading at once");
        for (SimulatedWindowsHost h : env.hosts()) {
            assertEquals(List.of(), h.unknownCommands());
            List<CommandLogEntry> creates = h.commandsOf(CommandKind.SERVICE_CREATE);
            assertTrue(creates.stream().allMatch(c -> c.exitStatus() == 0));
        }
    }
}
