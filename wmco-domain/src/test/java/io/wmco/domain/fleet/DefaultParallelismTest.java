package io.wmco.domain.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefaultParallelismTest {
    private static final long UNBOUNDED = Long.MAX_VALUE;
    private static final long STAND_IN = 500_000L;
    private static final long REAL = 261_000_000L;

    private static DefaultParallelism.Choice choose(int cpus, long heapMiB, long bytes) {
        long heap = heapMiB < 0 ? UNBOUNDED : heapMiB << 20;
        return DefaultParallelism.choose(new DefaultParallelism.Machine(cpus, heap), bytes);
    }

    @ParameterizedTest(name = "{0} CPUs, heap {1} MiB (-1: unbounded), {2} bytes per node: {3} slots")
    @CsvSource({
        // the CPUs bound it: slots = ceil(cpus x 0.75 x W / C)
        "1, -1, 500000, 12",
        "2, -1, 500000, 24",
        "4, -1, 500000, 47",
        "1, -1, 0, 12",
        "1, -1, 261000000, 3",
        "2, -1, 261000000, 6",
        "4, -1, 261000000, 11",
        "16, -1, 261000000, 41",
        // a packed payload at ~0.4 of the raw size
        "1, -1, 104000000, 5",
        // at most MAX_SLOTS
        "8, -1, 500000, 50",
        "32, -1, 261000000, 50",
        // the heap bounds it: (heap - 75 MiB) / 9 MiB
        "2, 128, 500000, 5",
        "4, 256, 500000, 20",
        "1, 1024, 261000000, 3",
        // at least MIN_SLOTS: a tiny heap, or a payload so large that a node costs more CPU than it waits
        "1, 64, 500000, 2",
        "1, 75, 500000, 2",
        "1, -1, 10000000000, 2",
    })
    void slotsFollowTheCpusTheHeapAndThePayload(int cpus, long heapMiB, long bytes, int slots) {
        assertEquals(slots, choose(cpus, heapMiB, bytes).slots());
    }

    @Test
    void theRealPayloadNeedsFewerSlotsThanTheStandInBecauseItsTransferCostsCpu() {
        assertTrue(choose(1, -1, REAL).slots() < choose(1, -1, STAND_IN).slots());
    }

    @Test
    void theReasonGivesTheInputsAndTheArithmetic() {
        String why = choose(1, 128, REAL).reason();
        assertEquals(
                "from 1 CPU and 261 MB per node: a node costs ~1.91 CPU-s over ~6.4 s on a worker, so 1 x 0.75 x 6.4"
                        + " / 1.91 = 2.5 slots keep the CPUs 75 % busy; a 128 MiB heap holds 5",
                why);
    }

    @Test
    void theReasonSaysWhenABoundApplies() {
        assertTrue(choose(1, 64, STAND_IN).reason().endsWith("; raised to the minimum 2"));
        assertTrue(choose(8, -1, STAND_IN).reason().endsWith("; capped at 50"));
        assertTrue(choose(2, -1, STAND_IN).reason().contains("2 CPUs"));
        assertFalse(choose(2, -1, STAND_IN).reason().contains("heap"), "an unbounded heap is not mentioned");
        assertFalse(choose(1, -1, 10_000_000_000L).reason().contains("minimum"), "ceil(1.06) is 2 on its own");
    }

    @ParameterizedTest
    @CsvSource({"0, 1024, 0", "-1, 1024, 0", "1, 0, 0", "1, 1024, -1"})
    void refusesImpossibleInputs(int cpus, long heapBytes, long bytes) {
        assertThrows(
                IllegalArgumentException.class,
                () -> DefaultParallelism.choose(new DefaultParallelism.Machine(cpus, heapBytes), bytes));
    }
}
