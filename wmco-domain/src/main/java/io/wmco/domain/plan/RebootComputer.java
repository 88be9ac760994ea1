package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

/**
 * Reboot the host ({@code Restart-Computer -Force}) and wait until it answers over SSH from a new boot (its last
 * boot time changed) within {@code timeout}. The one way the operator reboots a host: for a node that asked for it
 * (after a cordon and drain) and after {@link RenameComputer}, whose new name takes effect only at a reboot.
 *
 * @param onlyAfterRename reboot only when the plan's {@link RenameComputer} just renamed the computer (and did
 *     nothing otherwise); false: always reboot
 * @param timeout how long the host may take to answer again
 */
public record RebootComputer(boolean onlyAfterRename, java.time.Duration timeout) implements ConfigStep {
    public RebootComputer {
        requireNonNull(timeout, "timeout cannot be null");
    }

    @Override
    public String phase() {
        return "reboot-computer";
    }

    @Override
    public String describe() {
        return (onlyAfterRename ? "if the computer was renamed: " : "")
                + "reboot (Restart-Computer -Force) and wait up to " + Durations.human(timeout)
                + " for SSH to answer from the new boot";
    }
}
