package io.wmco.app.config;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.fleet.DefaultParallelism;
import java.util.Optional;

/**
 * How many instances are configured at once, and why, for the start-up log: {@code --max-parallel-configurations}
 * (or {@code MAX_PARALLEL_CONFIGURATIONS}) when given, else {@link DefaultParallelism}'s choice for this JVM's CPUs
 * and heap and the payload's size.
 *
 * @param slots the number of instance workers
 * @param why where the number comes from, one line without secrets
 */
public record Parallelism(int slots, String why) {
    public Parallelism {
        requireNonNull(why, "why cannot be null");
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1, got " + slots);
        }
    }

    /**
     * @param given the flag's value, when set
     * @param machine the CPUs and heap the JVM may use ({@link #thisJvm()})
     * @param bytesPerNewNode the bytes a new node is sent (packed forms where the payload has them)
     */
    public static Parallelism resolve(
            Optional<Integer> given, DefaultParallelism.Machine machine, long bytesPerNewNode) {
        requireNonNull(given, "given cannot be null");
        requireNonNull(machine, "machine cannot be null");
        if (given.isPresent()) {
            return new Parallelism(given.get(), "set by --max-parallel-configurations");
        }
        DefaultParallelism.Choice choice = DefaultParallelism.choose(machine, bytesPerNewNode);
        return new Parallelism(choice.slots(), choice.reason() + "; set --max-parallel-configurations to override");
    }

    /** The CPUs this JVM may use (a container's CPU limit included) and its maximum heap. */
    public static DefaultParallelism.Machine thisJvm() {
        Runtime rt = Runtime.getRuntime();
        return new DefaultParallelism.Machine(rt.availableProcessors(), rt.maxMemory());
    }
}
