package io.wmco.app.workflow;

import io.wmco.domain.plan.FileStep;
import io.wmco.domain.remote.FileCommands;
import io.wmco.ports.remote.LocalFile;
import io.wmco.ports.remote.RemoteHost;
import java.util.function.Function;

/**
 * Carries out {@link FileStep}s. Transfers are work, not waiting: a transfer alone runs on the worker; consecutive
 * independent ones run two at a time ({@link OverlappedTransfers}), and a stop or a lost Lease is noticed before each
 * one starts.
 */
final class FileSteps {
    private FileSteps() {}

    static StepResult run(FileStep step, StepContext ctx) {
        RemoteHost host = ctx.remote();
        if (step instanceof FileStep.EnsureDirectories s) {
            s.paths().forEach(p -> host.runChecked("create directory " + p, FileCommands.ensureDirectory(p)));
        } else if (step instanceof FileStep.RemoveDirectories s) {
            s.paths().forEach(p -> host.runChecked("remove directory " + p, FileCommands.removeDirectory(p)));
        } else if (step instanceof FileStep.Transfer s) {
            transfer(s, host, ctx.payload());
        } else if (step instanceof FileStep.Write s) {
            host.writeIfChanged(s.content(), s.remotePath());
        } else if (step instanceof FileStep.RenderCniConfig s) {
            host.writeIfChanged(s.content(ctx.overlayFacts()), s.remotePath());
        }
        return StepResult.DONE;
    }

    /** Makes the host's file equal to the payload file: safe to call for several steps at once on one host. */
    static void transfer(FileStep.Transfer step, RemoteHost host, Function<String, LocalFile> payload) {
        host.uploadIfChanged(payload.apply(step.payloadName()), step.sha256(), step.remotePath());
    }
}
