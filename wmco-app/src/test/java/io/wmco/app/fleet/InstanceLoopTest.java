package io.wmco.app.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.extended.controller.reconciler.Request;
import io.wmco.domain.fleet.Backoff;
import io.wmco.domain.machine.MachineSnapshot;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.domain.plan.StepOverlap;
import io.wmco.domain.platform.Platform;
import io.wmco.domain.remote.CommandKind;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The instance loop, one reconcile at a time over in-memory ports and a clock moved by hand: plans that wait give
 * their worker back and resume at the same step, deadlines, backoff, the failure policy carried out, the slot rule
 * across keys, and a stop between two steps.
 *
 * <p>Over 300 lines: most tests walk a key through several reconciles and share the helpers that answer a plan's
 * waits ({@link #configure}); the ports and clock are in {@link LoopFixture}.
 */
class InstanceLoopTest {
    private static final String IP = "10.0.0.5";
    private static final String KEY = "byoh/" + IP;
    private static final String NODE = "win-1";

    private final LoopFixture f = new LoopFixture();

    /** Runs the key until it waits; returns that outcome. */
    private Outcome.Requeue waits() {
        return assertInstanceOf(Outcome.Requeue.class, f.reconcile(KEY));
    }

    /** Brings the entry to a configured node, answering every wait as the cluster would. */
    private void configure() {
        f.instances.put(IP, "username=Administrator");
        waits(); // the node to register
        f.nodes.put(InMemoryNodes.windowsNode(NODE, IP));
        waits(); // the node subnet
        f.nodes.annotate(NODE, MetadataKeys.HYBRID_OVERLAY_SUBNET_ANNOTATION, "10.132.0.0/23");
        waits(); // the gateway MAC
        f.nodes.annotate(NODE, MetadataKeys.HYBRID_OVERLAY_MAC_ANNOTATION, "00:11:22:33:44:55");
        assertEquals(Outcome.DONE, f.reconcile(KEY));
    }

    @Test
    void aPlanWaitingForTheClusterGivesTheWorkerBackAndResumesAtTheSameStep() {
        f.instances.put(IP, "username=Administrator");

        Outcome.Requeue first = waits();
        List<String> before = f.host(IP).log();
        Outcome.Requeue again = waits();

        assertEquals(Duration.ofSeconds(5), first.after(), "a node event wakes it sooner; 5 s is the fallback");
        assertEquals(before, f.host(IP).log(), "the second look ran no command: it resumed at the wait");
        assertTrue(before.contains(CommandKind.WINDOWS_BUILD.name()) && before.contains(CommandKind.HOSTNAME.name()));
        assertEquals(3, f.host(IP).count(CommandKind.SERVICE_CREATE), "containerd, windows_exporter, kubelet");

        f.nodes.put(InMemoryNodes.windowsNode(NODE, IP));
        waits(); // now at the subnet annotation
        assertTrue(f.nodes.writes().contains("cordon " + NODE), f.nodes.writes().toString());
        assertEquals(
                Optional.of(KEY),
                f.nodes.inApi(NODE).flatMap(n -> n.annotation(MetadataKeys.INSTANCE_KEY_ANNOTATION)),
                "the node records the key it is handled under");
        assertEquals(1, f.host(IP).count(CommandKind.HOSTNAME), "host facts were read once for the whole plan");
        assertEquals(1, f.host(IP).count(CommandKind.WINDOWS_BUILD));
    }

    @Test
    void aConfigurationEndsWithTheVersionAfterTheUncordonAndSendsEachCommandOnce() {
        configure();

        NodeSnapshot node = f.nodes.get(NODE).orElseThrow();
        assertEquals(Optional.of(LoopFixture.VERSION), node.annotation(MetadataKeys.VERSION_ANNOTATION));
        assertFalse(node.unschedulable());
        List<String> writes = f.nodes.writes();
        assertTrue(writes.indexOf("uncordon " + NODE) < writes.lastIndexOf("patch " + NODE), writes.toString());
        FakeHost h = f.host(IP);
        assertEquals(5, h.count(CommandKind.SERVICE_CREATE), h.log().toString());
        assertEquals(5, h.count(CommandKind.SERVICE_START));
        // one query per service to stop (6, csi-proxy included), one for the csi-proxy service to delete (the
        // payload has no csi-proxy.exe), one per service to run (5): no second query after creating
        assertEquals(12, h.count(CommandKind.SERVICE_QUERY));
        assertEquals(0, h.count(CommandKind.SERVICE_STOP), "nothing ran yet, so nothing was stopped");
        assertEquals(
                List.of("NodeConfigured Node/" + NODE + ": Windows instance " + IP + " configured as node " + NODE),
                f.events("NodeConfigured"));
        assertEquals(Outcome.DONE, f.reconcile(KEY), "up to date: nothing more to do");
        assertEquals(h.log().size(), f.host(IP).log().size());
    }

    @Test
    void aConfigurationWhoseVersionReachesTheCacheLateStillEndsWithItsEvent() {
        f.instances.put(IP, "username=Administrator");
        waits(); // the node to register
        f.nodes.put(InMemoryNodes.windowsNode(NODE, IP));
        waits(); // the node subnet
        f.nodes.annotate(NODE, MetadataKeys.HYBRID_OVERLAY_SUBNET_ANNOTATION, "10.132.0.0/23");
        waits(); // the gateway MAC
        f.nodes.lagging = true; // from here on the operator's own writes reach the cache only on sync()
        f.nodes.annotate(NODE, MetadataKeys.HYBRID_OVERLAY_MAC_ANNOTATION, "00:11:22:33:44:55");
        waits(); // the version to show in the cache
        assertEquals(List.of(), f.events("NodeConfigured"));

        f.nodes.sync(); // the watch delivers: the next decision sees an up-to-date node
        assertEquals(Outcome.DONE, f.reconcile(KEY));
        assertEquals(
                List.of("NodeConfigured Node/" + NODE + ": Windows instance " + IP + " configured as node " + NODE),
                f.events("NodeConfigured"),
                "the run ended with its event, though the decision no longer needed it");
        assertTrue(
                f.metricsText().contains("wmco_configurations_total{kind=\"configure\",outcome=\"success\"} 1.0"),
                "a finished configuration counted");
    }

    @Test
    void theHnsWaitPollsTheHostWithAGrowingDelayInsteadOfSleeping() {
        f.host(IP).networksComeUp = false;
        f.instances.put(IP, "username=Administrator");
        waits();
        f.nodes.put(InMemoryNodes.windowsNode(NODE, IP));
        waits();
        f.nodes.annotate(NODE, MetadataKeys.HYBRID_OVERLAY_SUBNET_ANNOTATION, "10.132.0.0/23");

        List<Duration> delays = List.of(waits().after(), waits().after(), waits().after());
        long looks = f.host(IP).count(CommandKind.HNS_NETWORK_NAMES);
        f.host(IP).networksUp();
        waits(); // at the gateway MAC

        assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200)), delays);
        assertEquals(3, looks, "one look per visit");
    }

    @Test
    void aWaitPastItsDeadlineFailsRetryablyStopsTheServicesAndStartsOverNextTime() {
        f.instances.put(IP, "username=Administrator");
        waits();
        f.clock.advance(LoopFixture.TIMEOUTS.nodeRegistration().plusSeconds(1));

        assertEquals(Outcome.RETRY, f.reconcile(KEY));

        assertEquals(1, f.events("ConfigurationRetrying").size(), f.events().toString());
        assertTrue(f.events("ConfigurationRetrying").get(0).contains("timed out after 120s waiting for the node of"));
        assertTrue(f.host(IP).count(CommandKind.SERVICE_STOP) > 0, "the failure steps stopped the services");
        assertEquals(Optional.of("Stopped"), f.host(IP).serviceState("kubelet"));
        long creates = f.host(IP).count(CommandKind.SERVICE_CREATE);
        waits();
        assertEquals(2, f.host(IP).count(CommandKind.HOSTNAME), "the next attempt started from the first step");
        assertEquals(creates, f.host(IP).count(CommandKind.SERVICE_CREATE), "no service was created twice");
    }

    @Test
    void failuresBackOffExponentiallyAndAFreshStartComesWithSuccessOrAChangedConfigMap() {
        f.instances.put(IP, "username=Administrator");
        f.unreachable.add(IP);
        var limiter = f.loop.rateLimiter();
        Request request = new Request(KEY);

        for (long seconds : new long[] {2, 4, 8, 16}) {
            assertEquals(Outcome.RETRY, f.reconcile(KEY));
            assertEquals(Duration.ofSeconds(seconds), limiter.when(request));
        }
        assertEquals(4, limiter.numRequeues(request));
        List<String> retrying = f.events("ConfigurationRetrying");
        assertEquals(4, retrying.size());
        assertEquals(1, retrying.stream().distinct().count(), "the same problem, the same message: " + retrying);

        f.loop.mapper().instancesChanged();
        assertEquals(0, limiter.numRequeues(request), "a changed ConfigMap gives a fresh chance");
        f.reconcile(KEY);
        f.unreachable.remove(IP);
        waits();
        assertEquals(0, limiter.numRequeues(request), "a reconcile that does not fail resets the backoff");
        assertEquals(Backoff.FIRST, limiter.when(request));
    }

    @Test
    void stoppingEndsARunningPlanBetweenTwoStepsAndNothingFollows() throws Exception {
        f.instances.put(IP, "username=Administrator");
        FakeHost host = f.host(IP);
        CountDownLatch release = new CountDownLatch(1);
        host.holdTransfers = release;
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            Future<Outcome> running = worker.submit(() -> f.reconcile(KEY));
            assertTrue(host.transferStarted.await(10, TimeUnit.SECONDS));
            f.stop.raise(); // leadership lost while a file is on its way
            release.countDown();

            assertEquals(Outcome.DONE, running.get(10, TimeUnit.SECONDS));
        } finally {
            worker.shutdownNow();
        }
        List<String> log = host.log();
        assertTrue(log.get(log.size() - 1).startsWith("upload "), "the transfer finished, nothing after it: " + log);
        // the transfers in flight when the stop came end (two run at once); none starts after it
        long uploads = log.stream().filter(l -> l.startsWith("upload ")).count();
        assertTrue(uploads >= 1 && uploads <= StepOverlap.TRANSFER_WINDOW, "uploads: " + log);
    }

    @Test
    void onlyOneNodeTakesTheUpgradeSlotThoughTheCacheShowsNoLabelYet() {
        f.instances.put("10.0.0.1", "username=Administrator");
        f.instances.put("10.0.0.2", "username=Administrator");
        f.nodes.put(configuredNode("n1", "10.0.0.1", "1.0.0"));
        f.nodes.put(configuredNode("n2", "10.0.0.2", "1.0.0"));
        f.host("10.0.0.1").networksComeUp = false; // keeps the first upgrade running at its HNS wait
        f.nodes.lagging = true; // the upgrading label does not reach the cache

        waitsFor("byoh/10.0.0.1");
        Outcome second = f.reconcile("byoh/10.0.0.2");

        assertEquals(new Outcome.Requeue(Duration.ofSeconds(30)), second);
        assertEquals(List.of(), f.host("10.0.0.2").log(), "the second host was never touched");
        assertEquals("true", f.nodes.inApi("n1").orElseThrow().labels().get(MetadataKeys.UPGRADING_LABEL));
        assertFalse(f.nodes.inApi("n2").orElseThrow().labels().containsKey(MetadataKeys.UPGRADING_LABEL));
        assertEquals(Optional.empty(), f.nodes.get("n1").flatMap(n -> n.label(MetadataKeys.UPGRADING_LABEL)));
    }

    private void waitsFor(String key) {
        assertInstanceOf(Outcome.Requeue.class, f.reconcile(key));
    }

    /** A BYOH node configured by another operator version with the current key. */
    private NodeSnapshot configuredNode(String name, String ip, String version) {
        NodeSnapshot n = InMemoryNodes.windowsNode(name, ip);
        Map<String, String> labels = new HashMap<>(n.labels());
        labels.put(MetadataKeys.BYOH_LABEL, "true");
        return new NodeSnapshot(
                name,
                labels,
                Map.of(
                        MetadataKeys.VERSION_ANNOTATION,
                        version,
                        MetadataKeys.PUB_KEY_HASH_ANNOTATION,
                        keyHash(),
                        MetadataKeys.HYBRID_OVERLAY_SUBNET_ANNOTATION,
                        "10.132.0.0/23",
                        MetadataKeys.HYBRID_OVERLAY_MAC_ANNOTATION,
                        "00:11:22:33:44:55"),
                List.of(),
                n.addresses(),
                true,
                false);
    }

    private String keyHash() {
        return f.keys.current().orElseThrow().hash().value();
    }

    @Test
    void aMachineWhoseHostRefusesTheKeyIsDeletedWithOneEvent() {
        LoopFixture m = new LoopFixture(Platform.AWS, 1);
        m.machines.add(new MachineSnapshot(
                "openshift-machine-api",
                "m-1",
                Map.of(MetadataKeys.MACHINE_OS_ID_LABEL, MetadataKeys.WINDOWS),
                "Provisioned",
                List.of("10.0.0.9"),
                Optional.empty(),
                Optional.of("ms"),
                false));
        m.rejecting.add("10.0.0.9");

        assertEquals(Outcome.DONE, m.reconcile("machine/m-1"));

        assertEquals(List.of("m-1"), m.deletedMachines);
        assertEquals(1, m.events("MachineDeleted").size(), m.events().toString());
        assertTrue(m.events("MachineDeleted").get(0).contains("rejected the operator's key"));
    }

    @Test
    void aRemovedHostThatStaysUnreachableLosesItsNotReadyNodeAfterThreeAttempts() {
        configure();
        f.instances.remove(IP);
        f.unreachable.add(IP);
        f.nodes.setReady(NODE, false);

        assertEquals(Outcome.RETRY, f.reconcile(KEY));
        assertEquals(Outcome.RETRY, f.reconcile(KEY));
        assertTrue(f.nodes.get(NODE).isPresent(), "kept while attempts remain");
        assertEquals(Outcome.DONE, f.reconcile(KEY));

        assertTrue(f.nodes.get(NODE).isEmpty(), "deleted without cleaning the host");
        assertEquals(1, f.events("HostUnreachable").size(), f.events().toString());
    }

    @Test
    void aRemovedEntryIsDeconfiguredUnderItsKeyAndTheNodeLeavesOnlyOnce() {
        configure();
        f.instances.remove(IP);
        f.nodes.lagging = true; // the deletion reaches the cache only later

        Outcome waiting = f.reconcile(KEY);
        long deletesBefore = f.nodes.writes().stream()
                .filter(w -> w.equals("delete " + NODE))
                .count();
        Outcome still = f.reconcile(KEY);
        f.nodes.sync();
        Outcome done = f.reconcile(KEY);

        assertInstanceOf(Outcome.Requeue.class, waiting, "waits for the deletion to show in the cache");
        assertInstanceOf(Outcome.Requeue.class, still);
        assertEquals(Outcome.DONE, done);
        assertEquals(1, deletesBefore);
        assertEquals(
                1,
                f.nodes.writes().stream()
                        .filter(w -> w.equals("delete " + NODE))
                        .count());
        assertEquals(Optional.empty(), f.host(IP).serviceState("kubelet"), "the host was cleaned");
        assertEquals(5, f.host(IP).count(CommandKind.SERVICE_DELETE));
        assertEquals(Outcome.DONE, f.reconcile(KEY));
    }
}
