package io.wmco.domain.plan;

/**
 * One step of configuring or deconfiguring a Windows node, as data. An executor in the application turns each
 * step into remote commands and cluster calls. Every step is idempotent: the executor checks the current state
 * and acts only when it differs, so an interrupted plan can be resumed at any step or run again from the start.
 *
 * <p>The steps come in families, one file each, so that a step's data sits beside its siblings and an executor
 * handles one family at a time: {@link ServiceStep} (Windows services), {@link FileStep} (directories and files),
 * {@link NetworkStep} (HNS networks and the source VIP), {@link HostStep} (machine environment and trusted
 * certificates), {@link NodeStep} (the Node object: cordon, metadata, waits for cluster state),
 * {@link RenameComputer} and {@link RebootComputer}.
 *
 * <p>{@link #phase()} is a stable name for metrics and logs; {@link #describe()} is a one-line human rendering
 * that never contains a secret.
 */
public sealed interface ConfigStep
        permits ServiceStep, FileStep, NetworkStep, NodeStep, HostStep, RenameComputer, RebootComputer {

    /** Stable name of the kind of step, e.g. {@code ensure-service}. */
    String phase();

    /** One line describing what the step does; secrets are redacted. */
    String describe();
}
