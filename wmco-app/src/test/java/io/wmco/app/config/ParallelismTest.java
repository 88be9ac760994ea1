package io.wmco.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.fleet.DefaultParallelism;
import io.wmco.domain.payload.PayloadFile;
import io.wmco.domain.payload.PayloadManifest;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParallelismTest {
    private static final String SHA = "a".repeat(64);
    private static final DefaultParallelism.Machine ONE_CPU = new DefaultParallelism.Machine(1, 128L << 20);
    private static final PayloadManifest REAL_SIZE = PayloadManifest.of(Map.of(
            "kubelet.exe", new PayloadFile(SHA, 200_000_000L), "containerd.exe", new PayloadFile(SHA, 61_000_000L)));

    @Test
    void aGivenValueWinsOverTheMachine() {
        Parallelism p = Parallelism.resolve(Optional.of(17), ONE_CPU, REAL_SIZE);
        assertEquals(17, p.slots());
        assertEquals("set by --max-parallel-configurations", p.why());
    }

    @Test
    void theDefaultIsTheDomainsChoiceForThePayloadsWholeSizeAndSaysHowToOverrideIt() {
        Parallelism p = Parallelism.resolve(Optional.empty(), ONE_CPU, REAL_SIZE);
        DefaultParallelism.Choice expected = DefaultParallelism.choose(ONE_CPU, 261_000_000L);
        assertEquals(expected.slots(), p.slots());
        assertTrue(p.why().startsWith(expected.reason()), p.why());
        assertTrue(p.why().endsWith("; set --max-parallel-configurations to override"), p.why());
    }

    @Test
    void thisJvmReportsWhatTheRuntimeSays() {
        DefaultParallelism.Machine m = Parallelism.thisJvm();
        assertEquals(Runtime.getRuntime().availableProcessors(), m.processors());
        assertEquals(Runtime.getRuntime().maxMemory(), m.maxHeapBytes());
    }
}
