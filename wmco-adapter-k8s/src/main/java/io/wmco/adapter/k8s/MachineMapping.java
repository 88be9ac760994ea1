package io.wmco.adapter.k8s;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.wmco.domain.machine.MachineSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps {@code machine.openshift.io/v1beta1} Machines, held as raw JSON, to {@link MachineSnapshot}. Pure functions;
 * missing fields become empty values.
 */
final class MachineMapping {
    /** Label the Machine API puts on Machines created by a MachineSet. */
    static final String MACHINE_SET_LABEL = "machine.openshift.io/cluster-api-machineset";

    private MachineMapping() {}

    static MachineSnapshot toSnapshot(JsonObject machine) {
        requireNonNull(machine, "machine cannot be null");
        JsonObject meta =
                object(machine, "metadata").orElseThrow(() -> new IllegalArgumentException("Machine without metadata"));
        String name = string(meta, "name").orElseThrow(() -> new IllegalArgumentException("Machine without a name"));
        String namespace = string(meta, "namespace").orElse("");
        Map<String, String> labels = stringMap(meta, "labels");
        boolean deleting = string(meta, "deletionTimestamp").isPresent();

        Optional<String> machineSet = Optional.empty();
        JsonArray owners = array(meta, "ownerReferences");
        for (JsonElement e : owners) {
            if (e.isJsonObject()
                    && string(e.getAsJsonObject(), "kind")
                            .filter("MachineSet"::equals)
                            .isPresent()) {
                machineSet = string(e.getAsJsonObject(), "name");
                break;
            }
        }
        if (machineSet.isEmpty()) {
            machineSet = Optional.ofNullable(labels.get(MACHINE_SET_LABEL)).filter(s -> !s.isEmpty());
        }

        String phase = "";
        List<String> internalIps = new ArrayList<>();
        Optional<String> nodeName = Optional.empty();
        Optional<JsonObject> status = object(machine, "status");
        if (status.isPresent()) {
            phase = string(status.get(), "phase").orElse("");
            for (JsonElement e : array(status.get(), "addresses")) {
                if (e.isJsonObject()
                        && string(e.getAsJsonObject(), "type")
                                .filter("InternalIP"::equals)
                                .isPresent()) {
                    string(e.getAsJsonObject(), "address").ifPresent(internalIps::add);
                }
            }
            nodeName = object(status.get(), "nodeRef")
                    .flatMap(ref -> string(ref, "name"))
                    .filter(s -> !s.isEmpty());
        }
        return new MachineSnapshot(namespace, name, labels, phase, internalIps, nodeName, machineSet, deleting);
    }

    static Optional<JsonObject> object(JsonObject parent, String key) {
        JsonElement e = parent.get(key);
        return e != null && e.isJsonObject() ? Optional.of(e.getAsJsonObject()) : Optional.empty();
    }

    static Optional<String> string(JsonObject parent, String key) {
        JsonElement e = parent.get(key);
        return e != null && e.isJsonPrimitive() ? Optional.of(e.getAsString()) : Optional.empty();
    }

    static JsonArray array(JsonObject parent, String key) {
        JsonElement e = parent.get(key);
        return e != null && e.isJsonArray() ? e.getAsJsonArray() : new JsonArray();
    }

    static Map<String, String> stringMap(JsonObject parent, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        object(parent, key)
                .ifPresent(o -> o.entrySet().forEach(en -> {
                    if (en.getValue().isJsonPrimitive()) {
                        out.put(en.getKey(), en.getValue().getAsString());
                    }
                }));
        return out;
    }
}
