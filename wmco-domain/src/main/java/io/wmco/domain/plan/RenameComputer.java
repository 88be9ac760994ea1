package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

/**
 * Rename the computer to {@code computerName} when its hostname differs (case-insensitively); vSphere and Nutanix
 * name nodes after their Machines. The name takes effect at a reboot: the plan's next step is a
 * {@link RebootComputer} that runs only when this step renamed.
 */
public record RenameComputer(String computerName) implements ConfigStep {
    public RenameComputer {
        requireNonNull(computerName, "computerName cannot be null");
    }

    @Override
    public String phase() {
        return "rename-computer";
    }

    @Override
    public String describe() {
        return "rename the computer to " + computerName + " if its hostname differs";
    }
}
