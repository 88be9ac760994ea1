package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An ordered list of steps that configures (or deconfigures) one node, plus the steps to run when any step fails.
 * Immutable and thread-safe.
 *
 * @param kind what the plan does, e.g. {@code configure} or {@code deconfigure}
 * @param nodeName the node the plan is for
 * @param steps the steps, run in order; every step is idempotent, so a failed plan is retried from the start
 * @param onFailure steps to run after a failure (configuration: stop all services so the node shows NotReady
 *     rather than half-configured); failures of these are reported, not retried
 */
public record ConfigurationPlan(String kind, String nodeName, List<ConfigStep> steps, List<ConfigStep> onFailure) {
    public ConfigurationPlan {
        requireNonNull(kind, "kind cannot be null");
        requireNonNull(nodeName, "nodeName cannot be null");
        steps = List.copyOf(requireNonNull(steps, "steps cannot be null"));
        onFailure = List.copyOf(requireNonNull(onFailure, "onFailure cannot be null"));
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one step");
        }
    }

    /**
     * The plan as text: a header, one numbered line per step ({@code phase: description}), then the failure
     * steps. Contains file hashes and service command lines, never secrets. Stable across runs, so fit for golden
     * files and logs.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(kind).append(" node ").append(nodeName).append('\n');
        int width = String.valueOf(steps.size()).length();
        for (int i = 0; i < steps.size(); i++) {
            ConfigStep s = steps.get(i);
            sb.append(String.format("%" + width + "d", i + 1))
                    .append(' ')
                    .append(s.phase())
                    .append(": ")
                    .append(s.describe())
                    .append('\n');
        }
        for (ConfigStep s : onFailure) {
            sb.append("on failure ")
                    .append(s.phase())
                    .append(": ")
                    .append(s.describe())
                    .append('\n');
        }
        return sb.toString();
    }
}
