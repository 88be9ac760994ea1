package io.wmco.app.loop;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.extended.controller.ControllerWatch;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.workqueue.WorkQueue;
import io.kubernetes.client.informer.ResourceEventHandler;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Function;

/**
 * A watch that turns each add, update or delete of an object into any number of work-queue keys: a change of
 * the {@code windows-instances} ConfigMap, for example, concerns every instance it lists and every BYOH node.
 * The mapping reads caches only; it must be cheap and must not throw.
 *
 * @param <T> the watched API type
 */
public final class FanOutWatch<T extends KubernetesObject> implements ControllerWatch<T> {
    private final Class<T> type;
    private final WorkQueue<Request> queue;
    private final Function<T, Collection<Request>> keys;

    public FanOutWatch(Class<T> type, WorkQueue<Request> queue, Function<T, Collection<Request>> keys) {
        this.type = requireNonNull(type, "type cannot be null");
        this.queue = requireNonNull(queue, "queue cannot be null");
        this.keys = requireNonNull(keys, "keys cannot be null");
    }

    @Override
    public Class<T> getResourceClass() {
        return type;
    }

    @Override
    public ResourceEventHandler<T> getResourceEventHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                enqueue(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                enqueue(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                enqueue(obj);
            }
        };
    }

    private void enqueue(T obj) {
        if (obj == null) {
            return;
        }
        for (Request r : keys.apply(obj)) {
            queue.add(r);
        }
    }

    @Override
    public Duration getResyncPeriod() {
        return Duration.ZERO;
    }
}
