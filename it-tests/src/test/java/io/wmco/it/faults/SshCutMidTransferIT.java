package io.wmco.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.app.payload.PayloadDirectory;
import io.wmco.domain.payload.PayloadFiles;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Issue 14, item 6: the SSH connection is cut in the middle of a payload upload during a real configuration. */
class SshCutMidTransferIT extends FaultScenario {
    @Test
    void cutMidUploadLeavesNoPartialTargetAndConverges() throws Exception {
        SimulatedWindowsHost cut = env.startHost(0);
        SimulatedWindowsHost other = env.startHost(1);
        // well inside the first payload file (the smallest stand-in binary holds more than 8 KiB)
        cut.faults().dropConnectionAfterSftpBytes(100_000);
        env.instances(env.entries(2));
        env.startOperator("1.0.0");

        env.awaitConfigured(Duration.ofMinutes(3), "1.0.0", env.nodeName(0), env.nodeName(1));

        List<String> dropped = cut.faults().droppedWrites();
        assertEquals(1, dropped.size(), "the connection was cut once, during an upload: " + dropped);
        assertTrue(
                dropped.get(0).endsWith(".wmco-tmp"),
                "the cut write went to the target path itself, not a temporary name: " + dropped.get(0));
        for (SimulatedWindowsHost host : List.of(cut, other)) {
            assertPayloadComplete(host);
            FaultEnvironment.assertNoDuplicateService(host);
        }
        assertEquals(List.of(), log.linesContaining(env.secrets()), "secrets or user names in the operator's log");
        assertTrue(
                log.lines().size() > 10,
                "the operator's log was captured: " + log.lines().size() + " lines");
    }

    /** Every payload file on the host is whole (its SHA-256 matches), and no temporary upload is left behind. */
    private void assertPayloadComplete(SimulatedWindowsHost host) throws Exception {
        Map<String, PayloadDirectory.Digest> payload = PayloadDirectory.scan(env.payloadDir());
        List<String> wrong = new ArrayList<>();
        int present = 0;
        for (Map.Entry<String, PayloadDirectory.Digest> e : payload.entrySet()) {
            Path target = host.resolve(PayloadFiles.remotePath(e.getKey()));
            if (Files.exists(target)) {
                present++;
                if (!e.getValue().sha256().equals(PayloadDirectory.sha256(target))) {
                    wrong.add(e.getKey() + " (" + Files.size(target) + " bytes)");
                }
            }
        }
        assertEquals(List.of(), wrong, "partial or wrong payload files on " + host.hostname());
        assertTrue(present >= 3, "payload files on " + host.hostname() + ": " + present);
        try (Stream<Path> files = Files.walk(host.drive())) {
            List<Path> temps = files.filter(p -> p.getFileName().toString().endsWith(".wmco-tmp"))
                    .toList();
            assertEquals(List.of(), temps, "temporary uploads left on " + host.hostname());
        }
    }
}
