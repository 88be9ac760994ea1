package io.wmco.app.workflow;

import io.wmco.domain.plan.RebootComputer;
import io.wmco.domain.plan.RenameComputer;
import io.wmco.domain.remote.HostCommands;
import io.wmco.ports.remote.HostUnreachableException;
import io.wmco.ports.remote.RemoteAccessException;
import java.time.Duration;

/**
 * Carries out {@link RenameComputer} and {@link RebootComputer}, the one path by which the operator reboots a host.
 * A reboot reads the host's last boot time, sends {@code Restart-Computer -Force} and returns: the worker is given
 * back while the host is away. Each later look asks for the boot time again; the host being unreachable, refusing
 * the key or failing the command while it starts, or still answering from the old boot (Windows takes a moment to go
 * down), is part of the wait until the step's deadline, and a new boot time ends it.
 * A rename takes effect at that reboot, so the rename only records that the reboot after it is due.
 */
final class HostSteps {
    private HostSteps() {}

    /** How soon a rebooting host is looked at again. */
    static final Duration REBOOT_RECHECK = Duration.ofSeconds(5);

    static StepResult run(RenameComputer step, StepContext ctx) {
        String wanted = step.computerName();
        String current = HostCommands.parseHostname(ctx.remote().runChecked("read hostname", HostCommands.hostname()));
        if (!current.equalsIgnoreCase(wanted)) {
            ctx.remote().runChecked("rename computer to " + wanted, HostCommands.renameComputer(wanted));
            ctx.run().rebootDue();
        }
        return StepResult.DONE;
    }

    static StepResult run(RebootComputer step, StepContext ctx) {
        if (ctx.run().visits() == 0) {
            if (step.onlyAfterRename() && !ctx.run().isRebootDue()) {
                return StepResult.DONE;
            }
            ctx.run().bootBefore(bootTime(ctx));
            try {
                ctx.remote().runChecked("reboot", HostCommands.restartComputer());
            } catch (HostUnreachableException e) {
                // the host went down before its answer arrived: the reboot is under way
            }
            return waiting(step, ctx);
        }
        String now;
        try {
            now = bootTime(ctx);
        } catch (RemoteAccessException | IllegalArgumentException e) {
            // unreachable, or half up: sshd may refuse the key or the boot time not be readable yet while Windows
            // starts; anything but a new boot time is part of the wait, bounded by the step's deadline
            return waiting(step, ctx);
        }
        if (now.equals(ctx.run().bootBefore().orElse(null))) {
            return waiting(step, ctx);
        }
        return StepResult.DONE;
    }

    private static String bootTime(StepContext ctx) {
        return HostCommands.parseLastBootTime(
                ctx.remote().runChecked("read the boot time", HostCommands.lastBootTime()));
    }

    private static StepResult waiting(RebootComputer step, StepContext ctx) {
        // the pooled connection dies with the reboot; the connector opens a new one on a later look
        return ctx.waitFor("host " + ctx.instance() + " to answer after its reboot", step.timeout(), REBOOT_RECHECK);
    }
}
