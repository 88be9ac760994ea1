package io.wmco.ports.cluster;

/**
 * Records Kubernetes events an administrator sees with {@code kubectl describe} and {@code kubectl get events}.
 * Thread-safe. Best effort: a failure to record is logged by the adapter and never thrown; a null argument is the
 * caller's bug and throws {@link NullPointerException}.
 */
public interface EventRecorder {

    /** Event type. */
    enum Type {
        NORMAL,
        WARNING
    }

    /**
     * @param regarding the object the event is about
     * @param type normal or warning
     * @param reason a short CamelCase reason, e.g. {@code InvalidInstanceEntry}
     * @param message a sentence naming the problem and the fix; never a secret
     */
    void record(ObjectRef regarding, Type type, String reason, String message);
}
