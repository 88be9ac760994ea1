package io.wmco.adapter.k8s;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonObject;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.wmco.domain.machine.MachineSnapshot;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.ports.cluster.MachineRepository;
import java.util.List;
import java.util.Optional;

/**
 * {@link MachineRepository} over {@code machine.openshift.io/v1beta1}. When the API is installed, Machines of the
 * Machine API namespace come from an informer; others are read directly. When it is not installed, every method
 * returns nothing and deletes do nothing.
 */
final class KubeMachineRepository implements MachineRepository {
    static final String GROUP = "machine.openshift.io";
    static final String VERSION = "v1beta1";
    static final String PLURAL = "machines";

    private final CustomObjectsApi custom;
    private final String cachedNamespace;
    private final Optional<Lister<DynamicKubernetesObject>> lister;

    /**
     * @param lister the Machine informer's lister, or empty when the Machine API is not installed
     */
    KubeMachineRepository(ApiClient client, String cachedNamespace, Optional<Lister<DynamicKubernetesObject>> lister) {
        this.custom = new CustomObjectsApi(requireNonNull(client, "client cannot be null"));
        this.cachedNamespace = requireNonNull(cachedNamespace, "cachedNamespace cannot be null");
        this.lister = requireNonNull(lister, "lister cannot be null");
    }

    @Override
    public boolean available() {
        return lister.isPresent();
    }

    @Override
    public List<MachineSnapshot> windowsMachines() {
        return lister.map(l -> l.list().stream()
                        .map(m -> MachineMapping.toSnapshot(m.getRaw()))
                        .filter(m -> MetadataKeys.WINDOWS.equals(m.labels().get(MetadataKeys.MACHINE_OS_ID_LABEL)))
                        .toList())
                .orElse(List.of());
    }

    @Override
    public Optional<MachineSnapshot> get(String namespace, String name) {
        requireNonNull(namespace, "namespace cannot be null");
        requireNonNull(name, "name cannot be null");
        if (lister.isEmpty()) {
            return Optional.empty();
        }
        if (cachedNamespace.equals(namespace)) {
            return Optional.ofNullable(lister.get().namespace(namespace).get(name))
                    .map(m -> MachineMapping.toSnapshot(m.getRaw()));
        }
        return ApiErrors.read(
                        "read Machine " + namespace + "/" + name,
                        false,
                        () -> custom.getNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL, name)
                                .execute())
                .map(o -> MachineMapping.toSnapshot(toJson(o)));
    }

    @Override
    public void delete(String namespace, String name) {
        requireNonNull(namespace, "namespace cannot be null");
        requireNonNull(name, "name cannot be null");
        if (lister.isEmpty()) {
            return;
        }
        ApiErrors.delete(
                "delete Machine " + namespace + "/" + name,
                () -> custom.deleteNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL, name)
                        .execute());
    }

    /** Custom-object calls return Gson maps; turn them into a tree. */
    static JsonObject toJson(Object customObject) {
        return JSON.getGson().toJsonTree(customObject).getAsJsonObject();
    }
}
