package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The outcome of planning: a plan, or every reason none can be made (each naming the input and the fix). */
public sealed interface PlanResult {

    /** A plan to execute. */
    record Planned(ConfigurationPlan plan) implements PlanResult {
        public Planned {
            requireNonNull(plan, "plan cannot be null");
        }
    }

    /** No plan: configuring the node would fail for these reasons; retrying without a change will not help. */
    record Rejected(List<String> problems) implements PlanResult {
        public Rejected {
            problems = List.copyOf(requireNonNull(problems, "problems cannot be null"));
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("problems cannot be empty");
            }
        }
    }
}
