package io.wmco.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.fleet.DefaultParallelism;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParallelismTest {
    private static final DefaultParallelism.Machine ONE_CPU = new DefaultParallelism.Machine(1, 128L << 20);
    /** The real payload's bytes on the wire per new node with its packed forms (README "Benchmarks"). */
    private static final long REAL_SIZE = 86_421_565L;

    @Test
    void aGivenValueWinsOverTheMachine() {
        Parallelism p = Parallelism.resolve(Optional.of(17), ONE_CPU, REAL_SIZE);
        assertEquals(17, p.slots());
        assertEquals("set by --max-parallel-configurations", p.why());
    }

    @Test
    void theDefaultIsTheDomainsChoiceForTheBytesANewNodeIsSentAndSaysHowToOverrideIt() {
        Parallelism p = Parallelism.resolve(Optional.empty(), ONE_CPU, REAL_SIZE);
        DefaultParallelism.Choice expected = DefaultParallelism.choose(ONE_CPU, REAL_SIZE);
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
