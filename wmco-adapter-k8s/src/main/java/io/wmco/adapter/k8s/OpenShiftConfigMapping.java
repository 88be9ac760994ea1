package io.wmco.adapter.k8s;

import static io.wmco.adapter.k8s.MachineMapping.array;
import static io.wmco.adapter.k8s.MachineMapping.object;
import static io.wmco.adapter.k8s.MachineMapping.string;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.wmco.domain.cluster.NetworkFacts;
import io.wmco.domain.tls.TlsSecurityProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the cluster facts the operator needs out of OpenShift's {@code networks.operator.openshift.io/cluster} and
 * {@code infrastructures.config.openshift.io/cluster} and {@code apiservers.config.openshift.io/cluster}, held as
 * raw JSON. Pure functions.
 */
final class OpenShiftConfigMapping {
    private OpenShiftConfigMapping() {}

    /** {@code spec.defaultNetwork.type}, {@code spec.serviceNetwork} and the OVN hybrid overlay settings. */
    static NetworkFacts network(JsonObject network) {
        JsonObject spec = object(network, "spec").orElseGet(JsonObject::new);
        Optional<JsonObject> defaultNetwork = object(spec, "defaultNetwork");
        String type = defaultNetwork.flatMap(d -> string(d, "type")).orElse("");
        List<String> serviceNetwork = new ArrayList<>();
        for (JsonElement e : array(spec, "serviceNetwork")) {
            if (e.isJsonPrimitive()) {
                serviceNetwork.add(e.getAsString());
            }
        }
        Optional<JsonObject> hybrid = defaultNetwork
                .flatMap(d -> object(d, "ovnKubernetesConfig"))
                .flatMap(o -> object(o, "hybridOverlayConfig"));
        List<String> hybridNetworks = new ArrayList<>();
        Optional<Integer> vxlanPort = Optional.empty();
        if (hybrid.isPresent()) {
            for (JsonElement e : array(hybrid.get(), "hybridClusterNetwork")) {
                if (e.isJsonObject()) {
                    string(e.getAsJsonObject(), "cidr").ifPresent(hybridNetworks::add);
                }
            }
            JsonElement port = hybrid.get().get("hybridOverlayVXLANPort");
            if (port != null
                    && port.isJsonPrimitive()
                    && port.getAsJsonPrimitive().isNumber()) {
                vxlanPort = Optional.of(port.getAsInt());
            }
        }
        return new NetworkFacts(type, serviceNetwork, hybridNetworks, vxlanPort);
    }

    /** {@code status.platformStatus.type}, falling back to the deprecated {@code status.platform}. */
    static Optional<String> platform(JsonObject infrastructure) {
        Optional<JsonObject> status = object(infrastructure, "status");
        return status.flatMap(s -> object(s, "platformStatus"))
                .flatMap(p -> string(p, "type"))
                .or(() -> status.flatMap(s -> string(s, "platform")))
                .filter(s -> !s.isBlank());
    }

    /**
     * {@code spec.tlsSecurityProfile}: its {@code type} and, when present, the {@code custom} block's ciphers and
     * {@code minTLSVersion}. Empty when the field is absent or null (OpenShift then uses its default).
     */
    static Optional<TlsSecurityProfile> tlsProfile(JsonObject apiServer) {
        Optional<JsonObject> profile = object(apiServer, "spec").flatMap(s -> object(s, "tlsSecurityProfile"));
        if (profile.isEmpty()) {
            return Optional.empty();
        }
        String type = string(profile.get(), "type").orElse("");
        Optional<JsonObject> custom = object(profile.get(), "custom");
        List<String> ciphers = new ArrayList<>();
        custom.ifPresent(c -> {
            for (JsonElement e : array(c, "ciphers")) {
                if (e.isJsonPrimitive()) {
                    ciphers.add(e.getAsString());
                }
            }
        });
        return Optional.of(new TlsSecurityProfile(
                type, ciphers, custom.flatMap(c -> string(c, "minTLSVersion")), custom.isPresent()));
    }
}
