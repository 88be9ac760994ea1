package io.wmco.app.loop;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Raised once when this replica must stop acting on hosts: the operator closes or loses its Lease. Running plans
 * look at it between two steps and end there, so that a new leader never works on a host at the same time.
 * Thread-safe.
 */
public final class StopSignal implements BooleanSupplier {
    private final AtomicBoolean raised = new AtomicBoolean();

    /** Raises the signal; idempotent. */
    public void raise() {
        raised.set(true);
    }

    /** Whether the signal has been raised. */
    @Override
    public boolean getAsBoolean() {
        return raised.get();
    }
}
