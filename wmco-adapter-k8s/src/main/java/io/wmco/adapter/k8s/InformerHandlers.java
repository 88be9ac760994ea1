package io.wmco.adapter.k8s;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.wmco.adapter.k8s.KubernetesCluster.Watched;
import io.wmco.domain.machine.MachineSnapshot;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.ports.cluster.ObjectRef;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The informer event handlers behind {@link KubernetesCluster#onChange}, {@link KubernetesCluster#onNodeChange} and
 * {@link KubernetesCluster#onMachineChange}: they turn API objects into references or domain snapshots and keep a
 * failing handler from stopping the informer (logged and swallowed). Thread-safe; no state.
 */
final class InformerHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(InformerHandlers.class);

    private InformerHandlers() {}

    static <T extends KubernetesObject> void add(
            SharedIndexInformer<T> informer, Watched what, Consumer<ObjectRef> handler) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                deliver(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                deliver(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                deliver(obj);
            }

            private void deliver(T obj) {
                try {
                    if (obj != null && obj.getMetadata() != null) {
                        handler.accept(what.ref(obj));
                    }
                } catch (RuntimeException e) {
                    LOG.warn("change handler for {} failed", what, e);
                }
            }
        });
    }

    static <T extends KubernetesObject, S> void addTyped(
            SharedIndexInformer<T> informer,
            Watched what,
            Function<T, S> map,
            BiConsumer<Optional<S>, Optional<S>> handler) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                deliver(null, obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                deliver(oldObj, newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                deliver(obj, null);
            }

            private void deliver(T before, T after) {
                try {
                    handler.accept(
                            Optional.ofNullable(before).map(map),
                            Optional.ofNullable(after).map(map));
                } catch (RuntimeException e) {
                    LOG.warn("change handler for {} failed", what, e);
                }
            }
        });
    }

    static boolean isWindows(MachineSnapshot m) {
        return MetadataKeys.WINDOWS.equals(m.labels().get(MetadataKeys.MACHINE_OS_ID_LABEL));
    }
}
