package io.wmco.domain.fleet;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * How many instances the operator configures at once when {@code --max-parallel-configurations} is not given: as
 * many work-queue workers as keep the CPUs the operator may use busy to a target, no fewer than {@link #MIN_SLOTS}
 * and no more than {@link #MAX_SLOTS} or what the heap can hold. Pure; thread-safe.
 *
 * <p>A worker is held only while a node's steps run commands and transfers: a step that waits for the cluster or a
 * reboot gives the worker back. By Little's law, the workers busy at a throughput of {@code X} nodes per second are
 * {@code X * W}, with {@code W} the time one node holds a worker; the CPUs carry at most
 * {@code X = cpus * utilisation / C}, with {@code C} the operator's CPU-seconds per node. So
 * {@code slots = cpus * utilisation * W / C}: fewer leave the CPUs idle while workers wait on slow hosts, more only
 * make every node slower (they share the same CPUs) and cost memory. Both {@code W} and {@code C} grow with the bytes
 * a new node is sent, which the caller passes in (the payload's size), so a small stand-in payload gives more slots
 * than the real one, whose transfer costs far more CPU than its commands.
 *
 * <p>Where the constants come from (this project's 2-core machine; README "Benchmarks"):
 * <ul>
 *   <li>{@link #HOST_SECONDS_PER_NODE}: {@code bench/byoh-onboarding}'s simulated hosts spend 4.2 s per node in
 *       command delays modelled on Windows (service starts, file hashes), time a worker waits for the host;</li>
 *   <li>{@link #BASE_CPU_SECONDS_PER_NODE}: the same bench measured the operator at 0.14-0.27 CPU-seconds per node
 *       with a stand-in payload of ~0.5 MB (so nearly all commands, SSH sessions and API writes); the upper end;</li>
 *   <li>{@link #CPU_SECONDS_PER_GB}: {@code bench/ssh-transfer}, the adapter's own (client-side) CPU for SFTP upload
 *       with verification: 6.3 CPU-seconds per GB (8.48 s for 5 x 256 MiB, load 1.2-5.5);</li>
 *   <li>{@link #LINK_BYTES_PER_SECOND}: a 1 Gbit/s path from the operator's node to a host, a floor for the clouds and
 *       hypervisors supported (a slower link makes {@code W} longer and more slots useful);</li>
 *   <li>{@link #HEAP_RESERVED_BYTES}: {@code bench/cluster-scale} peaks at ~75 MiB of heap with 10,000 nodes at
 *       start-up (a relist while nodes are configured can come back to it);</li>
 *   <li>{@link #HEAP_BYTES_PER_SLOT}: a slot has up to two uploads in flight ({@code StepOverlap.TRANSFER_WINDOW});
 *       the live heap after a full GC while 2, 4 and 8 SFTP uploads ran to OpenSSH on loopback grew by 1.9-4.4 MiB
 *       per upload (MINA's pipelined writes up to the channel window); an idle pooled connection, as a host waiting
 *       between steps keeps, by less than 0.1 MiB.</li>
 * </ul>
 */
public final class DefaultParallelism {
    private DefaultParallelism() {}

    /** Fewest slots: one slow or stuck host never holds up every other. */
    public static final int MIN_SLOTS = 2;
    /** Most slots: the most {@code bench/byoh-onboarding} has run at once (50 hosts at 50 slots). */
    public static final int MAX_SLOTS = 50;
    /** The share of the CPUs the workers may keep busy; the rest is for informers, the other loops and GC. */
    static final double UTILISATION = 0.75;

    static final double HOST_SECONDS_PER_NODE = 4.2;
    static final double BASE_CPU_SECONDS_PER_NODE = 0.27;
    static final double CPU_SECONDS_PER_GB = 6.3;
    static final double LINK_BYTES_PER_SECOND = 117e6;
    static final long HEAP_RESERVED_BYTES = 75L << 20;
    static final long HEAP_BYTES_PER_SLOT = 9L << 20;

    /**
     * What the JVM may use, as the app reads it: {@code Runtime.availableProcessors()} (which honours a container's CPU
     * limit) and {@code Runtime.maxMemory()} ({@link Long#MAX_VALUE} when unbounded).
     */
    public record Machine(int processors, long maxHeapBytes) {
        public Machine {
            if (processors < 1) {
                throw new IllegalArgumentException("processors must be at least 1, got " + processors);
            }
            if (maxHeapBytes < 1) {
                throw new IllegalArgumentException("maxHeapBytes must be positive, got " + maxHeapBytes);
            }
        }
    }

    /**
     * The chosen number of slots and why, for the start-up log.
     *
     * @param slots between {@link #MIN_SLOTS} and {@link #MAX_SLOTS}
     * @param reason the inputs and the rule in one line, e.g. {@code from 1 CPU, 261 MB per node: ...}
     */
    public record Choice(int slots, String reason) {
        public Choice {
            requireNonNull(reason, "reason cannot be null");
        }
    }

    /**
     * @param machine the CPUs and heap the operator may use
     * @param bytesPerNode the bytes a new node is sent (the payload's size); 0 or more
     */
    public static Choice choose(Machine machine, long bytesPerNode) {
        requireNonNull(machine, "machine cannot be null");
        if (bytesPerNode < 0) {
            throw new IllegalArgumentException("bytesPerNode must be 0 or more, got " + bytesPerNode);
        }
        double workerSeconds = HOST_SECONDS_PER_NODE + bytesPerNode / LINK_BYTES_PER_SECOND;
        double cpuSeconds = BASE_CPU_SECONDS_PER_NODE + bytesPerNode / 1e9 * CPU_SECONDS_PER_GB;
        double byCpu = machine.processors() * UTILISATION * workerSeconds / cpuSeconds;
        int cpuSlots = (int) Math.min(Integer.MAX_VALUE, Math.ceil(byCpu));
        long heapSlots = Math.max(0, machine.maxHeapBytes() - HEAP_RESERVED_BYTES) / HEAP_BYTES_PER_SLOT;
        int slots = (int) Math.max(MIN_SLOTS, Math.min(MAX_SLOTS, Math.min(cpuSlots, heapSlots)));
        StringBuilder why = new StringBuilder();
        why.append(String.format(
                Locale.ROOT,
                "from %d CPU%s and %d MB per node: a node costs ~%.2f CPU-s over ~%.1f s on a worker, so %d x %.2f x"
                        + " %.1f / %.2f = %.1f slots keep the CPUs %d %% busy",
                machine.processors(),
                machine.processors() == 1 ? "" : "s",
                Math.round(bytesPerNode / 1e6),
                cpuSeconds,
                workerSeconds,
                machine.processors(),
                UTILISATION,
                workerSeconds,
                cpuSeconds,
                byCpu,
                Math.round(UTILISATION * 100)));
        if (machine.maxHeapBytes() != Long.MAX_VALUE) {
            why.append(String.format(Locale.ROOT, "; a %d MiB heap holds %d", machine.maxHeapBytes() >> 20, heapSlots));
        }
        if (slots == MIN_SLOTS && Math.min(cpuSlots, heapSlots) < MIN_SLOTS) {
            why.append("; raised to the minimum ").append(MIN_SLOTS);
        } else if (slots == MAX_SLOTS && Math.min(cpuSlots, heapSlots) > MAX_SLOTS) {
            why.append("; capped at ").append(MAX_SLOTS);
        }
        return new Choice(slots, why.toString());
    }
}
