package io.wmco.it.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.CreateOptions;
import io.kubernetes.client.util.generic.options.UpdateOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the YAML documents under the repository's {@code deploy/} directory and sends them to an API server as
 * {@code kubectl apply} would for a first install: create, or replace when the object exists. Only the kinds the
 * manifests use are known; an unknown kind fails with its name, so a new manifest cannot be skipped silently.
 */
public final class DeployFiles {

    /** One YAML document and the file it came from. */
    public record Doc(Path file, JsonObject object) {
        public String kind() {
            return object.get("kind").getAsString();
        }

        public String apiVersion() {
            return object.get("apiVersion").getAsString();
        }

        public String name() {
            return object.getAsJsonObject("metadata").get("name").getAsString();
        }

        public String namespace() {
            JsonObject metadata = object.getAsJsonObject("metadata");
            return metadata.has("namespace") ? metadata.get("namespace").getAsString() : "";
        }

        @Override
        public String toString() {
            return kind() + " " + (namespace().isEmpty() ? "" : namespace() + "/") + name() + " (" + file.getFileName()
                    + ")";
        }
    }

    /** Kind to resource (plural) name, for the kinds the manifests hold. */
    private static final Map<String, String> PLURALS = Map.ofEntries(
            Map.entry("Namespace", "namespaces"),
            Map.entry("ServiceAccount", "serviceaccounts"),
            Map.entry("ClusterRole", "clusterroles"),
            Map.entry("ClusterRoleBinding", "clusterrolebindings"),
            Map.entry("Role", "roles"),
            Map.entry("RoleBinding", "rolebindings"),
            Map.entry("Deployment", "deployments"),
            Map.entry("Service", "services"),
            Map.entry("Secret", "secrets"),
            Map.entry("ConfigMap", "configmaps"),
            Map.entry("RuntimeClass", "runtimeclasses"));

    private static final YAMLMapper YAML = new YAMLMapper();

    private DeployFiles() {}

    /** The repository's {@code deploy/} directory, found from the working directory upwards. */
    public static Path deployDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("deploy/00-namespace.yaml"))) {
                return dir.resolve("deploy");
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no deploy/00-namespace.yaml above "
                + Path.of("").toAbsolutePath() + "; run the tests from the repository");
    }

    /** The {@code *.yaml} files directly in {@code dir}, sorted by name. */
    public static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Every non-empty YAML document of a file. */
    public static List<Doc> read(Path file) {
        List<Doc> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && !node.isNull() && !node.isMissingNode() && node.size() > 0) {
                    docs.add(new Doc(
                            file, JsonParser.parseString(node.toString()).getAsJsonObject()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
        return docs;
    }

    public static DynamicKubernetesApi apiFor(ApiClient client, String apiVersion, String kind) {
        String plural = PLURALS.get(kind);
        if (plural == null) {
            throw new IllegalStateException("kind " + kind + " is not known to DeployFiles; add its plural");
        }
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        return new DynamicKubernetesApi(group, version, plural, client);
    }

    /**
     * Creates the object, or replaces it when it exists; with {@code dryRun} the server validates and admits it
     * without storing it.
     *
     * @return the API server's answer (success or the rejection)
     */
    public static KubernetesApiResponse<DynamicKubernetesObject> apply(ApiClient client, Doc doc, boolean dryRun) {
        DynamicKubernetesApi api = apiFor(client, doc.apiVersion(), doc.kind());
        CreateOptions options = new CreateOptions();
        if (dryRun) {
            options.setDryRun("All");
        }
        DynamicKubernetesObject object =
                new DynamicKubernetesObject(doc.object().deepCopy());
        KubernetesApiResponse<DynamicKubernetesObject> created = api.create(object, options);
        if (created.getHttpStatusCode() != 409) {
            return created;
        }
        KubernetesApiResponse<DynamicKubernetesObject> current =
                doc.namespace().isEmpty() ? api.get(doc.name()) : api.get(doc.namespace(), doc.name());
        if (!current.isSuccess()) {
            return current;
        }
        JsonObject desired = doc.object().deepCopy();
        desired.getAsJsonObject("metadata")
                .addProperty(
                        "resourceVersion", current.getObject().getMetadata().getResourceVersion());
        UpdateOptions update = new UpdateOptions();
        if (dryRun) {
            update.setDryRun("All");
        }
        return api.update(new DynamicKubernetesObject(desired), update);
    }

    /** Human-readable reason of a failed response. */
    public static String failure(KubernetesApiResponse<?> response) {
        return "HTTP " + response.getHttpStatusCode() + " "
                + (response.getStatus() == null ? "" : response.getStatus().getMessage());
    }
}
