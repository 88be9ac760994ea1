package io.wmco.testkit.sim;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The emulated kubelet's check of {@code --image-credential-provider-config} and
 * {@code --image-credential-provider-bin-dir}, as a real kubelet makes it at startup (and refuses to start when it
 * fails): the file is a {@code CredentialProviderConfig} of {@code kubelet.config.k8s.io/v1}; every provider has a
 * name, at least one image pattern, a default cache duration and the {@code credentialprovider.kubelet.k8s.io/v1}
 * API; and its executable ({@code <name>.exe} on Windows) is in the binary directory. Stateless.
 */
final class CredentialProviderFile {
    private CredentialProviderFile() {}

    /**
     * Checks the configuration and the providers' executables.
     *
     * @return the provider names
     * @throws IOException saying what a kubelet would complain about
     */
    static List<String> check(VirtualDrive drive, String configPath, String binDir) throws IOException {
        if (binDir == null || binDir.isBlank()) {
            throw new IOException(
                    "--image-credential-provider-bin-dir is required with" + " --image-credential-provider-config");
        }
        Path file = drive.resolve(configPath);
        if (!Files.isRegularFile(file)) {
            throw new IOException("credential provider config " + configPath + " does not exist");
        }
        List<String> names = new ArrayList<>();
        try {
            JsonObject root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            expect(root, "apiVersion", "kubelet.config.k8s.io/v1", configPath);
            expect(root, "kind", "CredentialProviderConfig", configPath);
            for (JsonElement e : root.getAsJsonArray("providers")) {
                JsonObject p = e.getAsJsonObject();
                String name = p.get("name").getAsString();
                expect(p, "apiVersion", "credentialprovider.kubelet.k8s.io/v1", configPath);
                if (!p.has("matchImages") || p.getAsJsonArray("matchImages").isEmpty()) {
                    throw new IOException(configPath + ": provider " + name + " has no matchImages");
                }
                if (!p.has("defaultCacheDuration")) {
                    throw new IOException(configPath + ": provider " + name + " has no defaultCacheDuration");
                }
                String exe = binDir.replaceAll("\\\\+$", "") + "\\" + name + ".exe";
                if (!Files.isRegularFile(drive.resolve(exe))) {
                    throw new IOException("credential provider " + name + ": " + exe + " does not exist");
                }
                names.add(name);
            }
        } catch (RuntimeException e) {
            throw new IOException("credential provider config " + configPath + " is malformed: " + e, e);
        }
        if (names.isEmpty()) {
            throw new IOException("credential provider config " + configPath + " names no provider");
        }
        return List.copyOf(names);
    }

    private static void expect(JsonObject o, String field, String value, String configPath) throws IOException {
        if (!o.has(field) || !value.equals(o.get(field).getAsString())) {
            throw new IOException(configPath + ": " + field + " must be " + value + ", got " + o.get(field));
        }
    }
}
