package io.wmco.testkit.sim;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Taint;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the emulated kubelet takes from its {@code --config} file (a {@code KubeletConfiguration} written as JSON,
 * which the operator renders): {@code serverTLSBootstrap}, {@code registerWithTaints}, {@code maxPods},
 * {@code systemReserved} and {@code evictionHard}. As a real kubelet, it computes the node's allocatable resources
 * from the machine's capacity minus the reservations and the memory eviction threshold, and refuses a file that is
 * not a {@code KubeletConfiguration} or whose values do not parse. Immutable.
 */
record KubeletConfigFile(
        boolean serverTlsBootstrap,
        List<V1Taint> registerWithTaints,
        int maxPods,
        Map<String, String> systemReserved,
        Map<String, String> evictionHard) {

    /** The kubelet's own default pod limit, when the file names none. */
    static final int KUBELET_DEFAULT_MAX_PODS = 110;

    /** What the simulated machine has. */
    static final Map<String, String> MACHINE_CAPACITY =
            Map.of("cpu", "2", "memory", "8Gi", "ephemeral-storage", "100Gi");

    KubeletConfigFile {
        registerWithTaints = List.copyOf(registerWithTaints);
        systemReserved = Map.copyOf(systemReserved);
        evictionHard = Map.copyOf(evictionHard);
    }

    /** A kubelet started without {@code --config}. */
    static final KubeletConfigFile NONE =
            new KubeletConfigFile(false, List.of(), KUBELET_DEFAULT_MAX_PODS, Map.of(), Map.of());

    /**
     * Reads the file.
     *
     * @throws IOException when it is missing, not JSON, not a {@code KubeletConfiguration}, or a value is malformed
     */
    static KubeletConfigFile read(Path file, String windowsPath) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("kubelet config " + windowsPath + " does not exist");
        }
        JsonObject root;
        try {
            root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (JsonSyntaxException | IllegalStateException e) {
            throw new IOException("kubelet config " + windowsPath + " is not a JSON object: " + e.getMessage(), e);
        }
        if (!root.has("kind") || !"KubeletConfiguration".equals(root.get("kind").getAsString())) {
            throw new IOException("kubelet config " + windowsPath + " is not a KubeletConfiguration");
        }
        try {
            List<V1Taint> taints = new ArrayList<>();
            if (root.has("registerWithTaints")) {
                for (JsonElement t : root.getAsJsonArray("registerWithTaints")) {
                    JsonObject o = t.getAsJsonObject();
                    String effect = o.get("effect").getAsString();
                    if (!List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
                        throw new IOException("kubelet config " + windowsPath + ": taint effect " + effect);
                    }
                    taints.add(new V1Taint()
                            .key(o.get("key").getAsString())
                            .value(o.has("value") ? o.get("value").getAsString() : null)
                            .effect(effect));
                }
            }
            int maxPods = root.has("maxPods") ? root.get("maxPods").getAsInt() : KUBELET_DEFAULT_MAX_PODS;
            Map<String, String> reserved = strings(root, "systemReserved", windowsPath);
            for (String v : reserved.values()) {
                new Quantity(v);
            }
            Map<String, String> eviction = strings(root, "evictionHard", windowsPath);
            for (String v : eviction.values()) {
                if (!v.endsWith("%")) {
                    new Quantity(v);
                }
            }
            boolean tls = root.has("serverTLSBootstrap")
                    && root.get("serverTLSBootstrap").getAsBoolean();
            return new KubeletConfigFile(tls, taints, maxPods, reserved, eviction);
        } catch (RuntimeException e) {
            throw new IOException("kubelet config " + windowsPath + " holds a malformed value: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> strings(JsonObject root, String field, String windowsPath) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!root.has(field)) {
            return out;
        }
        if (!root.get(field).isJsonObject()) {
            throw new IOException("kubelet config " + windowsPath + ": " + field + " is not an object");
        }
        root.getAsJsonObject(field)
                .entrySet()
                .forEach(e -> out.put(e.getKey(), e.getValue().getAsString()));
        return out;
    }

    /** The node's capacity: the machine's, and {@link #maxPods} pods. */
    Map<String, Quantity> capacity() {
        Map<String, Quantity> c = new LinkedHashMap<>();
        MACHINE_CAPACITY.forEach((k, v) -> c.put(k, new Quantity(v)));
        c.put("pods", new Quantity(String.valueOf(maxPods)));
        return c;
    }

    /**
     * Capacity minus {@code systemReserved}, minus the hard eviction threshold of memory ({@code memory.available})
     * and of the node file system ({@code nodefs.available}) for ephemeral storage, as the kubelet computes it.
     */
    Map<String, Quantity> allocatable() {
        Map<String, Quantity> capacity = capacity();
        Map<String, Quantity> a = new LinkedHashMap<>();
        capacity.forEach((name, q) -> {
            BigDecimal left = q.getNumber();
            if (systemReserved.containsKey(name)) {
                left = left.subtract(new Quantity(systemReserved.get(name)).getNumber());
            }
            String signal = switch (name) {
                case "memory" -> "memory.available";
                case "ephemeral-storage" -> "nodefs.available";
                default -> null;
            };
            if (signal != null && evictionHard.containsKey(signal)) {
                left = left.subtract(threshold(evictionHard.get(signal), q.getNumber()));
            }
            a.put(name, new Quantity(left.max(BigDecimal.ZERO), q.getFormat()));
        });
        return a;
    }

    private static BigDecimal threshold(String value, BigDecimal capacity) {
        if (value.endsWith("%")) {
            return capacity.multiply(new BigDecimal(value.substring(0, value.length() - 1)))
                    .divide(BigDecimal.valueOf(100));
        }
        return new Quantity(value).getNumber();
    }
}
