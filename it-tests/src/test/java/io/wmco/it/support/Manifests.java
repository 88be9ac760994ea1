package io.wmco.it.support;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.util.Yaml;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * Applies the YAML kept under {@code src/test/resources} ({@code crds/}, {@code rbac/}). Idempotent:
 * objects that exist are left alone (external clusters) or replaced (clusters the fixture started).
 * Stateless; safe to call from several threads as long as they do not race on the same objects.
 */
final class Manifests {

    /** The OpenShift API types the operator reads, one CRD per file. */
    static final List<String> OPENSHIFT_CRDS = List.of(
            "crds/machine.openshift.io_machines.yaml",
            "crds/machine.openshift.io_machinesets.yaml",
            "crds/config.openshift.io_infrastructures.yaml",
            "crds/config.openshift.io_networks.yaml",
            "crds/operator.openshift.io_networks.yaml",
            "crds/config.openshift.io_imagedigestmirrorsets.yaml",
            "crds/config.openshift.io_imagetagmirrorsets.yaml",
            "crds/config.openshift.io_apiservers.yaml");

    /**
     * {@code images.config.openshift.io}, kept apart from {@link #OPENSHIFT_CRDS}: where it is served, every operator
     * watches the ConfigMaps of {@code openshift-config} and the cluster pull secret, which only the tests of the image
     * config's mirror CAs and pull secret set up.
     */
    static final List<String> IMAGE_CONFIG_CRD = List.of("crds/config.openshift.io_images.yaml");

    /** What kubeadm grants so that bootstrap-token users can ask for kubelet client certificates. */
    static final String BOOTSTRAP_RBAC = "rbac/bootstrap-rbac.yaml";

    private static final Duration ESTABLISH = Duration.ofSeconds(60);
    private static final YAMLMapper YAML = new YAMLMapper();

    private Manifests() {}

    /**
     * The CRDs as raw JSON. Deliberately not {@code V1CustomResourceDefinition}: the 25.0.0 models initialise
     * every collection of {@code V1JSONSchemaProps} to an empty one and send them back, which the API server
     * rejects ("dependencies is not supported").
     */
    static List<JsonObject> openShiftCrds() {
        return OPENSHIFT_CRDS.stream().map(Manifests::loadJson).toList();
    }

    /** Creates (or, when {@code replace}, updates) the OpenShift CRDs and waits until each is Established. */
    static void applyOpenShiftCrds(ApiClient client, boolean replace) {
        applyCrds(client, replace, OPENSHIFT_CRDS);
    }

    /** Creates (or, when {@code replace}, updates) the CRDs of these files and waits until each is served. */
    static void applyCrds(ApiClient client, boolean replace, List<String> files) {
        DynamicKubernetesApi api = crdApi(client);
        List<JsonObject> crds = files.stream().map(Manifests::loadJson).toList();
        for (JsonObject crd : crds) {
            String name = name(crd);
            KubernetesApiResponse<DynamicKubernetesObject> created = api.create(new DynamicKubernetesObject(crd));
            if (created.isSuccess()) {
                continue;
            }
            if (created.getHttpStatusCode() != 409) {
                throw failure("could not create CRD " + name, created);
            }
            if (replace) {
                KubernetesApiResponse<DynamicKubernetesObject> current = api.get(name);
                if (!current.isSuccess()) {
                    throw failure("could not read CRD " + name, current);
                }
                DynamicKubernetesObject desired = new DynamicKubernetesObject(crd.deepCopy());
                desired.getRaw()
                        .getAsJsonObject("metadata")
                        .addProperty(
                                "resourceVersion",
                                current.getObject().getMetadata().getResourceVersion());
                KubernetesApiResponse<DynamicKubernetesObject> updated = api.update(desired);
                if (!updated.isSuccess()) {
                    throw failure("could not update CRD " + name, updated);
                }
            }
        }
        for (JsonObject crd : crds) {
            String name = name(crd);
            await("CRD " + name + " Established")
                    .atMost(ESTABLISH)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> established(api.get(name)));
            // Established is not enough: right after a (re)creation the storage answers 429 "storage is
            // (re)initializing" for a moment. Wait until the resource can be listed.
            JsonObject spec = crd.getAsJsonObject("spec");
            DynamicKubernetesApi resource = new DynamicKubernetesApi(
                    spec.get("group").getAsString(),
                    spec.getAsJsonArray("versions")
                            .get(0)
                            .getAsJsonObject()
                            .get("name")
                            .getAsString(),
                    spec.getAsJsonObject("names").get("plural").getAsString(),
                    client);
            await("CRD " + name + " served")
                    .atMost(ESTABLISH)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> resource.list().isSuccess());
        }
    }

    /** Deletes the OpenShift CRDs (and so every object of those kinds) and waits until they are gone. */
    static void deleteOpenShiftCrds(ApiClient client) {
        deleteCrds(client, OPENSHIFT_CRDS);
    }

    /** Deletes the CRDs of these files (and every object of their kinds) and waits until they are gone. */
    static void deleteCrds(ApiClient client, List<String> files) {
        DynamicKubernetesApi api = crdApi(client);
        for (JsonObject crd : files.stream().map(Manifests::loadJson).toList()) {
            String name = name(crd);
            KubernetesApiResponse<DynamicKubernetesObject> deleted = api.delete(name);
            if (!deleted.isSuccess() && deleted.getHttpStatusCode() != 404) {
                throw failure("could not delete CRD " + name, deleted);
            }
            await("CRD " + name + " deleted")
                    .atMost(ESTABLISH)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> api.get(name).getHttpStatusCode() == 404);
        }
    }

    private static DynamicKubernetesApi crdApi(ApiClient client) {
        return new DynamicKubernetesApi("apiextensions.k8s.io", "v1", "customresourcedefinitions", client);
    }

    private static String name(JsonObject object) {
        return object.getAsJsonObject("metadata").get("name").getAsString();
    }

    private static boolean established(KubernetesApiResponse<DynamicKubernetesObject> response) {
        if (!response.isSuccess()) {
            return false;
        }
        JsonObject status = response.getObject().getRaw().getAsJsonObject("status");
        if (status == null || !status.has("conditions")) {
            return false;
        }
        for (JsonElement condition : status.getAsJsonArray("conditions")) {
            JsonObject c = condition.getAsJsonObject();
            if ("Established".equals(c.get("type").getAsString())
                    && "True".equals(c.get("status").getAsString())) {
                return true;
            }
        }
        return false;
    }

    private static JsonObject loadJson(String resource) {
        try (InputStream in = Manifests.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + resource + " is missing from the classpath");
            }
            return JsonParser.parseString(YAML.readTree(in).toString()).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read test resource " + resource, e);
        }
    }

    private static IllegalStateException failure(String what, KubernetesApiResponse<?> response) {
        return new IllegalStateException(what + ": HTTP " + response.getHttpStatusCode() + " "
                + (response.getStatus() == null ? "" : response.getStatus().getMessage()));
    }

    /** Creates the ClusterRoleBindings of {@link #BOOTSTRAP_RBAC}; existing ones are kept. */
    static void applyBootstrapRbac(ApiClient client) {
        RbacAuthorizationV1Api api = new RbacAuthorizationV1Api(client);
        for (V1ClusterRoleBinding binding : load(BOOTSTRAP_RBAC, V1ClusterRoleBinding.class)) {
            try {
                api.createClusterRoleBinding(binding).execute();
            } catch (ApiException e) {
                if (e.getCode() != 409) {
                    throw failure(
                            "could not create ClusterRoleBinding "
                                    + binding.getMetadata().getName(),
                            e);
                }
            }
        }
    }

    static <T> List<T> load(String resource, Class<T> type) {
        try (InputStream in = Manifests.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + resource + " is missing from the classpath");
            }
            List<Object> objects = Yaml.loadAll(new String(in.readAllBytes(), UTF_8));
            return objects.stream()
                    .map(o -> {
                        if (!type.isInstance(o)) {
                            throw new IllegalStateException(resource + " holds a "
                                    + o.getClass().getSimpleName() + ", expected only " + type.getSimpleName());
                        }
                        return type.cast(o);
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read test resource " + resource, e);
        }
    }

    private static IllegalStateException failure(String what, ApiException e) {
        return new IllegalStateException(what + ": HTTP " + e.getCode() + " " + e.getResponseBody(), e);
    }
}
