package io.wmco.app.workflow;

import io.wmco.domain.plan.FileStep;
import io.wmco.domain.remote.FileCommands;
import io.wmco.ports.remote.RemoteHost;

/**
 * Carries out {@link FileStep}s. Transfers are work, not waiting: they run on the worker, one file per step, so
 * that a stop or a lost Lease is noticed between files.
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
            host.uploadIfChanged(ctx.payload().apply(s.payloadName()), s.sha256(), s.remotePath());
        } else if (step instanceof FileStep.Write s) {
            host.writeIfChanged(s.content(), s.remotePath());
        } else if (step instanceof FileStep.RenderCniConfig s) {
            host.writeIfChanged(s.content(ctx.overlayFacts()), s.remotePath());
        }
        return StepResult.DONE;
    }
}
