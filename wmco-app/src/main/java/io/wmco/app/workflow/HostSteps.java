package io.wmco.app.workflow;

import io.wmco.domain.plan.RenameComputer;
import io.wmco.domain.remote.HostCommands;
import io.wmco.ports.remote.HostUnreachableException;
import java.time.Duration;

/**
 * Carries out {@link RenameComputer}: renames and reboots when the host name differs, then waits for the host to
 * answer under the new name (unreachable meanwhile is part of the wait, not a failure).
 */
final class HostSteps {
    private HostSteps() {}

    /** How long a renamed host may take to come back. */
    static final Duration REBOOT_TIMEOUT = Duration.ofMinutes(10);
    /** How soon a rebooting host is looked at again. */
    static final Duration REBOOT_RECHECK = Duration.ofSeconds(10);

    static StepResult run(RenameComputer step, StepContext ctx) {
        String wanted = step.computerName();
        String current;
        try {
            current = HostCommands.parseHostname(ctx.remote().runChecked("read hostname", HostCommands.hostname()));
        } catch (HostUnreachableException e) {
            if (ctx.run().visits() == 0) {
                throw e;
            }
            return rebooting(ctx, wanted);
        }
        if (current.equalsIgnoreCase(wanted)) {
            return StepResult.DONE;
        }
        if (ctx.run().visits() == 0) {
            // The connection drops with the reboot; the pooled connector opens a new one on the next look.
            ctx.remote().runChecked("rename computer to " + wanted, HostCommands.renameComputerAndReboot(wanted));
        }
        return rebooting(ctx, wanted);
    }

    private static StepResult rebooting(StepContext ctx, String wanted) {
        return ctx.waitFor("host " + ctx.instance() + " to come back as " + wanted, REBOOT_TIMEOUT, REBOOT_RECHECK);
    }
}
