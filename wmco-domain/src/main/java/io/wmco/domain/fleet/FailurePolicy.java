package io.wmco.domain.fleet;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.event.EventReason;
import io.wmco.domain.event.Notice;
import io.wmco.domain.fleet.FailureContext.Action;
import io.wmco.domain.instance.InstanceSource;
import java.time.Duration;

/**
 * What follows a failed action on an instance, decided once, here:
 * <ul>
 *   <li>the host of a Machine refuses the operator's key while being configured or upgraded: the Machine is
 *       deleted ({@link FailureDecision.DeleteMachine}); its user data is baked in at boot, so only a fresh
 *       Machine can let the operator in;</li>
 *   <li>a removed BYOH instance's host has been unreachable for {@link #UNREACHABLE_ATTEMPTS_BEFORE_FORCED_DELETE}
 *       attempts in a row and its node is NotReady: the node is deleted without cleaning the host
 *       ({@link FailureDecision.ForceDeleteNode}), since the host is evidently gone;</li>
 *   <li>any other retryable failure: {@link FailureDecision.Retry} with backoff;</li>
 *   <li>any other failure: {@link FailureDecision.Report}, rechecked after {@link #PERMANENT_RECHECK} (a BYOH host
 *       refusing the key is reported as {@link EventReason#AUTHENTICATION_REJECTED}: its authorized keys are the
 *       administrator's, and a host found to be another entry's as {@link EventReason#DUPLICATE_INSTANCE}).</li>
 * </ul>
 * Messages name the subject and the failure and, for reports, how the operator comes back to it; they never hold
 * an attempt number or a delay, so the same problem always yields the same {@link Notice}. Thread-safe; no state.
 */
public final class FailurePolicy {
    private FailurePolicy() {}

    /** Failed removals of an unreachable host after which its NotReady node is deleted anyway. */
    public static final int UNREACHABLE_ATTEMPTS_BEFORE_FORCED_DELETE = 3;

    /** When a failure only an administrator can fix is looked at again without any change. */
    public static final Duration PERMANENT_RECHECK = Duration.ofMinutes(15);

    /** Decides what follows {@code failure} in {@code context}. */
    public static FailureDecision decide(Failure failure, FailureContext context) {
        requireNonNull(failure, "failure cannot be null");
        requireNonNull(context, "context cannot be null");
        String what = context.subject() + ": " + failure.message();
        boolean configuring = context.action() == Action.CONFIGURE || context.action() == Action.UPGRADE;
        if (failure.kind() == Failure.Kind.AUTHENTICATION_REJECTED
                && configuring
                && context.source() instanceof InstanceSource.Machine m) {
            return new FailureDecision.DeleteMachine(
                    m.namespace(),
                    m.name(),
                    new Notice(
                            EventReason.MACHINE_DELETED,
                            "the host of Machine " + m.name() + " rejected the operator's key (" + failure.message()
                                    + "); the Machine is deleted so that its MachineSet replaces it"));
        }
        if (failure.kind() == Failure.Kind.HOST_UNREACHABLE
                && context.action() == Action.DECONFIGURE
                && context.failuresBefore() + 1 >= UNREACHABLE_ATTEMPTS_BEFORE_FORCED_DELETE
                && context.node().filter(n -> !n.ready()).isPresent()) {
            return new FailureDecision.ForceDeleteNode(
                    context.node().get().name(),
                    new Notice(
                            EventReason.HOST_UNREACHABLE,
                            what + "; the host stays unreachable and its node is NotReady: the node is deleted"
                                    + " without cleaning the host"));
        }
        if (failure.retryable()) {
            return new FailureDecision.Retry(new Notice(EventReason.CONFIGURATION_RETRYING, what + "; retrying"));
        }
        EventReason reason = switch (failure.kind()) {
            case AUTHENTICATION_REJECTED -> EventReason.AUTHENTICATION_REJECTED;
            case DUPLICATE -> EventReason.DUPLICATE_INSTANCE;
            default -> EventReason.CONFIGURATION_FAILED;
        };
        return new FailureDecision.Report(
                new Notice(
                        reason,
                        what + "; fix the cause (the operator tries again when the windows-instances ConfigMap or the"
                                + " key Secret changes, or after " + PERMANENT_RECHECK.toMinutes() + " minutes)"),
                PERMANENT_RECHECK);
    }
}
