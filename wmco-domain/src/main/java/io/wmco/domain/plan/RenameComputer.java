package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

/**
 * Rename the computer to {@code computerName} and reboot, when its hostname differs (case-insensitively); vSphere
 * and Nutanix name nodes after their Machines. The executor waits for the host to come back under the new name.
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
        return "rename the computer to " + computerName + " and reboot if its hostname differs";
    }
}
