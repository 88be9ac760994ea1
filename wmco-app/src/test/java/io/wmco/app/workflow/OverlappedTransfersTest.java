package io.wmco.app.workflow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import io.wmco.adapter.ssh.InMemoryHostKeyStore;
import io.wmco.adapter.ssh.MinaSshConnector;
import io.wmco.adapter.ssh.SshSettings;
import io.wmco.app.fleet.HostSession;
import io.wmco.app.metrics.OperatorMetrics;
import io.wmco.domain.plan.ConfigStep;
import io.wmco.domain.plan.ConfigurationPlan;
import io.wmco.domain.plan.FileStep;
import io.wmco.domain.remote.CommandKind;
import io.wmco.ports.cluster.NodeRepository;
import io.wmco.ports.remote.HostEndpoint;
import io.wmco.ports.remote.LocalFile;
import io.wmco.ports.remote.SshCredentials;
import io.wmco.ports.remote.TransferFailedException;
import io.wmco.testkit.sim.CommandLogEntry;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan's consecutive transfers run two at a time ({@link PlanRunner}, {@link OverlappedTransfers}): first against a
 * host that lets each upload end only when the test says (how many are in flight, what order things happen in, what
 * a failure or an interrupt leaves), then through the SSH adapter against a simulated Windows host.
 */
class OverlappedTransfersTest {
    private static final String SHA = "0".repeat(64);

    @TempDir
    static Path payloadDir;

    private static final List<Thread> started = new ArrayList<>();
    private static KeyPair key;

    @BeforeAll
    static void generateKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        key = g.generateKeyPair();
    }

    private static FileStep.Transfer transfer(String name) {
        return new FileStep.Transfer(name, "C:\\k\\" + name, SHA, 1);
    }

    private static ConfigurationPlan plan(List<ConfigStep> steps, List<ConfigStep> onFailure) {
        return new ConfigurationPlan("configure", "win-1", steps, onFailure);
    }

    private static PlanRun run(ConfigurationPlan plan) {
        return new PlanRun(new PlanRun.Identity("configure", "10.0.0.9", "key"), plan, Instant.EPOCH, Optional.empty());
    }

    /** Runs {@code run} on its own thread, as a worker would. */
    private static CompletableFuture<PlanRunner.Progress> advance(PlanRunner runner, PlanRun run, HostSession host) {
        CompletableFuture<PlanRunner.Progress> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(runner.advance("10.0.0.9", run, host));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        started.add(t);
        t.start();
        return result;
    }

    @AfterEach
    void joinWorkers() throws InterruptedException {
        for (Thread t : started) {
            t.join();
        }
        started.clear();
    }

    @Nested
    class WithAGatedHost {
        private final GatedHost gated = new GatedHost();
        private final HostSession session = new HostSession(
                (endpoint, credentials) -> gated,
                new HostEndpoint("10.0.0.9", 22, "Administrator"),
                new SshCredentials(new byte[] {1}));
        private final OperatorMetrics metrics = new OperatorMetrics();
        private final AtomicBoolean stopping = new AtomicBoolean();
        private final PlanRunner runner = new PlanRunner(
                mock(NodeRepository.class),
                metrics,
                name -> LocalFile.raw(payloadDir.resolve(name)),
                stopping::get,
                Clock.systemUTC());
        private final List<ConfigStep> fourFilesThenAWrite = List.of(
                transfer("a.exe"),
                transfer("b.exe"),
                transfer("c.exe"),
                transfer("d.exe"),
                FileStep.Write.text("C:\\k\\after.conf", "x", "a file written after the transfers"));

        @AfterEach
        void letEveryUploadEnd() {
            gated.openAll();
        }

        @Test
        void twoTransfersAreInFlightAtOnceNeverMoreAndTheStepAfterWaitsForAll() throws Exception {
            PlanRun run = run(plan(fourFilesThenAWrite, List.of()));
            CompletableFuture<PlanRunner.Progress> done = advance(runner, run, session);
            // let them end in plan order, each once it and the one after it are in flight
            for (String name : List.of("a.exe", "b.exe", "c.exe")) {
                String next = "C:\\k\\" + (char) (name.charAt(0) + 1) + ".exe";
                await().until(() -> gated.started(next));
                assertEquals(2, gated.inFlight(), "two in flight before " + name + " ends");
                gated.finish("C:\\k\\" + name);
            }
            gated.finish("C:\\k\\d.exe");
            assertInstanceOf(PlanRunner.Progress.Finished.class, done.get());
            assertEquals(2, gated.maxInFlight(), "the window is two");
            List<String> log = gated.log();
            // a and b are handed to the two helpers in plan order; either helper may reach the host first
            assertEquals(
                    Set.of("start C:\\k\\a.exe", "start C:\\k\\b.exe"),
                    Set.copyOf(log.subList(0, 2)),
                    "the first two in plan order start first");
            assertEquals("write C:\\k\\after.conf", log.get(log.size() - 1), "the step after starts after all ended");
            assertEquals(8, log.indexOf("write C:\\k\\after.conf"));
            assertTrue(run.finished());
            String text = scrape(metrics);
            assertTrue(
                    text.contains("wmco_configuration_phase_seconds_count{phase=\"transfer-file\"} 4"),
                    "each transfer is timed as a step of its own:\n" + text);
        }

        @Test
        void theEarliestFailureIsThrownOnceTheOtherInFlightEndedAndNoFurtherTransferStarts() throws Exception {
            gated.failing("C:\\k\\a.exe");
            gated.failing("C:\\k\\b.exe");
            PlanRun run = run(plan(
                    fourFilesThenAWrite,
                    List.of(FileStep.Write.text("C:\\k\\failed.txt", "x", "the failure steps' mark"))));
            CompletableFuture<PlanRunner.Progress> done = advance(runner, run, session);
            await().until(() -> gated.inFlight() == 2);
            gated.finish("C:\\k\\b.exe"); // the later one fails first
            await().until(() -> gated.inFlight() == 1);
            assertFalse(done.isDone(), "the earlier transfer still runs: the run waits for it");
            gated.finish("C:\\k\\a.exe");
            ExecutionException e = assertThrows(ExecutionException.class, done::get);
            TransferFailedException failure = assertInstanceOf(TransferFailedException.class, e.getCause());
            assertTrue(failure.getMessage().contains("a.exe"), failure.getMessage());
            assertEquals(1, failure.getSuppressed().length);
            assertTrue(failure.getSuppressed()[0].getMessage().contains("b.exe"));
            List<String> log = gated.log();
            assertFalse(gated.started("C:\\k\\c.exe"), "no transfer starts after a failure: " + log);
            assertEquals("write C:\\k\\failed.txt", log.get(log.size() - 1), "the failure steps ran after both ended");
            assertEquals(0, run.next(), "the run is not advanced past a failed step");
        }

        @Test
        void aLaterFailureEndsTheRunOnceTheEarlierTransferIsDone() throws Exception {
            gated.failing("C:\\k\\b.exe");
            // whether c starts depends on whether b's failure is in when a ends: either way it must end
            gated.finish("C:\\k\\c.exe");
            PlanRun run = run(plan(fourFilesThenAWrite, List.of()));
            CompletableFuture<PlanRunner.Progress> done = advance(runner, run, session);
            await().until(() -> gated.inFlight() == 2);
            gated.finish("C:\\k\\b.exe");
            await().until(() -> gated.inFlight() == 1);
            gated.finish("C:\\k\\a.exe");
            ExecutionException e = assertThrows(ExecutionException.class, done::get);
            assertTrue(e.getCause().getMessage().contains("b.exe"), e.getCause().getMessage());
            assertEquals(0, gated.inFlight(), "nothing is left running: " + gated.log());
            assertFalse(gated.started("C:\\k\\d.exe"), "never more than one transfer past a failure");
            assertEquals(1, run.next(), "a is done and counted, b is not");
        }

        @Test
        void aStopLetsTheTransfersInFlightEndAndStartsNoOther() throws Exception {
            PlanRun run = run(plan(fourFilesThenAWrite, List.of()));
            CompletableFuture<PlanRunner.Progress> done = advance(runner, run, session);
            await().until(() -> gated.inFlight() == 2);
            stopping.set(true);
            gated.finish("C:\\k\\a.exe");
            gated.finish("C:\\k\\b.exe");
            assertInstanceOf(PlanRunner.Progress.Cancelled.class, done.get());
            assertFalse(gated.started("C:\\k\\c.exe"), gated.log().toString());
            assertEquals(2, run.next(), "both ended: the run stops between steps");
        }

        @Test
        void anInterruptReachesTheTransfersInFlightAndIsKept() throws Exception {
            PlanRun run = run(plan(fourFilesThenAWrite, List.of()));
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean interruptedAfter = new AtomicBoolean();
            Thread worker = new Thread(() -> {
                try {
                    runner.advance("10.0.0.9", run, session);
                } catch (RuntimeException e) {
                    thrown.set(e);
                }
                interruptedAfter.set(Thread.currentThread().isInterrupted());
            });
            worker.start();
            await().until(() -> gated.inFlight() == 2);
            worker.interrupt();
            worker.join();
            assertEquals(0, gated.inFlight(), "both transfers ended before the worker returned");
            assertInstanceOf(TransferFailedException.class, thrown.get());
            assertTrue(thrown.get().getMessage().contains("a.exe"), thrown.get().getMessage());
            assertTrue(interruptedAfter.get(), "the worker's interrupt flag is kept");
            assertFalse(gated.started("C:\\k\\c.exe"));
        }

        private static String scrape(OperatorMetrics metrics) throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            metrics.writeTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Nested
    class ThroughTheAdapterToASimulatedHost {
        private SimulatedWindowsHost host;
        private MinaSshConnector connector;
        private HostSession session;
        private PlanRunner runner;
        private final Map<String, byte[]> contents =
                Map.of("a.exe", bytes(300_000, 1), "b.exe", bytes(200_000, 2), "c.exe", bytes(100_000, 3));

        private void start() throws Exception {
            for (Map.Entry<String, byte[]> e : contents.entrySet()) {
                Files.write(payloadDir.resolve(e.getKey()), e.getValue());
            }
            host = SimulatedWindowsHost.builder()
                    .authorizedKey(key.getPublic())
                    .emulateKubelet(false)
                    .start();
            connector = new MinaSshConnector(SshSettings.defaults(), new InMemoryHostKeyStore());
            SshCredentials credentials = SshCredentials.ofPem("-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes())
                            .encodeToString(key.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
            session = new HostSession(
                    connector, new HostEndpoint(host.host(), host.port(), "Administrator"), credentials);
            runner = new PlanRunner(
                    mock(NodeRepository.class),
                    new OperatorMetrics(),
                    name -> LocalFile.raw(payloadDir.resolve(name)),
                    () -> false,
                    Clock.systemUTC());
        }

        @AfterEach
        void stop() {
            if (host != null) {
                host.faults().release(CommandKind.FILE_SHA256);
            }
            if (session != null) {
                session.close();
            }
            if (connector != null) {
                connector.close();
            }
            if (host != null) {
                host.close();
            }
        }

        private FileStep.Transfer real(String name) {
            return new FileStep.Transfer(name, "C:\\k\\" + name, sha256(contents.get(name)), contents.get(name).length);
        }

        private List<ConfigStep> steps(FileStep.Transfer b) {
            return List.of(
                    new FileStep.EnsureDirectories(List.of("C:\\k")),
                    real("a.exe"),
                    b,
                    real("c.exe"),
                    FileStep.Write.text("C:\\k\\after.conf", "x", "a file written after the transfers"));
        }

        @Test
        void twoUploadsAreInFlightOnOneConnectionAndAllAreInPlaceBeforeTheNextStep() throws Exception {
            start();
            host.faults().hold(CommandKind.FILE_SHA256);
            PlanRun run = run(plan(steps(real("b.exe")), List.of()));
            CompletableFuture<PlanRunner.Progress> done = advance(runner, run, session);
            // each upload begins with the hash of its target: two are outstanding at the host at once
            await().until(() -> host.faults().held(CommandKind.FILE_SHA256) == 2);
            host.faults().release(CommandKind.FILE_SHA256);
            assertInstanceOf(PlanRunner.Progress.Finished.class, done.get());
            for (Map.Entry<String, byte[]> e : contents.entrySet()) {
                assertArrayEquals(e.getValue(), Files.readAllBytes(host.resolve("C:\\k\\" + e.getKey())), e.getKey());
            }
            List<CommandLogEntry> log = host.commandLog();
            int lastRename = lastIndex(log, CommandKind.REPLACE_FILE, "C:\\k\\c.exe");
            for (String name : contents.keySet()) {
                assertTrue(lastIndex(log, CommandKind.REPLACE_FILE, "C:\\k\\" + name) >= 0, name + " was renamed");
            }
            int afterStep = firstIndex(log, "C:\\k\\after.conf");
            assertTrue(
                    Stream.of("a.exe", "b.exe", "c.exe")
                            .allMatch(n -> lastIndex(log, CommandKind.REPLACE_FILE, "C:\\k\\" + n) < afterStep),
                    "every rename comes before the next step's first command");
            assertTrue(lastRename >= 0);
            assertNoTemporaryFiles();
        }

        @Test
        void aFailedVerificationIsReportedAndTheOtherUploadIsWholeOrAbsent() throws Exception {
            start();
            FileStep.Transfer wrong = new FileStep.Transfer("b.exe", "C:\\k\\b.exe", "f".repeat(64), 200_000);
            PlanRun run = run(plan(steps(wrong), List.of()));
            ExecutionException e = assertThrows(
                    ExecutionException.class,
                    () -> advance(runner, run, session).get());
            TransferFailedException failure = assertInstanceOf(TransferFailedException.class, e.getCause());
            assertTrue(failure.getMessage().contains("b.exe"), failure.getMessage());
            assertArrayEquals(contents.get("a.exe"), Files.readAllBytes(host.resolve("C:\\k\\a.exe")));
            assertFalse(Files.exists(host.resolve("C:\\k\\b.exe")), "the failed upload left no target");
            assertFalse(Files.exists(host.resolve("C:\\k\\after.conf")), "the step after did not run");
            assertNoTemporaryFiles();
        }

        private void assertNoTemporaryFiles() throws Exception {
            try (Stream<Path> files = Files.list(host.resolve("C:\\k"))) {
                List<String> temps = files.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".wmco-tmp"))
                        .toList();
                assertEquals(List.of(), temps, "no temporary file left behind");
            }
        }

        private static int lastIndex(List<CommandLogEntry> log, CommandKind kind, String target) {
            for (int i = log.size() - 1; i >= 0; i--) {
                if (log.get(i).kind() == kind && log.get(i).arguments().contains(target)) {
                    return i;
                }
            }
            return -1;
        }

        private static int firstIndex(List<CommandLogEntry> log, String argument) {
            for (int i = 0; i < log.size(); i++) {
                if (log.get(i).arguments().stream().anyMatch(a -> a.startsWith(argument))) {
                    return i;
                }
            }
            return Integer.MAX_VALUE;
        }
    }

    private static byte[] bytes(int size, int seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
