package io.wmco.it.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.wmco.it.support.ClusterFixture;
import io.wmco.it.support.SandboxParts;
import io.wmco.it.support.TestCluster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator image that {@code scripts/build-image.sh} built ({@code target/image/image.env} names the archive
 * and reference): its configuration matches the Dockerfile's run stage, and {@code scripts/check-image.sh} loads it
 * into a real containerd with runc, runs {@code --help} through the entrypoint and starts the operator against this
 * suite's API server until {@code /readyz} answers. Skipped, saying so, where no archive was built or containerd is
 * not installed.
 */
class OperatorImageIT {

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("scripts/build-image.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no scripts/build-image.sh above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static Map<String, String> imageEnv() throws IOException {
        Path env = root().resolve("target/image/image.env");
        assumeTrue(Files.isRegularFile(env), "no image built (scripts/build-image.sh writes " + env + "): skipped");
        Map<String, String> out = new HashMap<>();
        for (String line : Files.readAllLines(env, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assumeTrue(Files.isRegularFile(Path.of(out.get("WMCO_IMAGE_ARCHIVE"))), "archive missing: " + out);
        return out;
    }

    /** The archive's blobs and top-level JSON files by name (blobs are read only when small). */
    private static Map<String, byte[]> smallEntries(Path archive) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (InputStream in = Files.newInputStream(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isFile() && e.getSize() < 1 << 20) {
                    out.put(e.getName().replaceFirst("^\\./", ""), tar.readAllBytes());
                }
            }
        }
        return out;
    }

    private static JsonObject json(Map<String, byte[]> entries, String name) {
        byte[] b = entries.get(name);
        assertTrue(b != null, "the archive has no " + name + ": " + entries.keySet());
        return JsonParser.parseString(new String(b, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static String blob(String digest) {
        return "blobs/sha256/" + digest.substring("sha256:".length());
    }

    @Test
    void theImageConfigurationIsTheDockerfilesRunStage() throws Exception {
        Map<String, String> env = imageEnv();
        Map<String, byte[]> entries = smallEntries(Path.of(env.get("WMCO_IMAGE_ARCHIVE")));
        JsonObject index = json(entries, "index.json");
        JsonObject desc = index.getAsJsonArray("manifests").get(0).getAsJsonObject();
        assertEquals(
                env.get("WMCO_IMAGE_REF"),
                desc.getAsJsonObject("annotations")
                        .get("io.containerd.image.name")
                        .getAsString());
        JsonObject manifest = json(entries, blob(desc.get("digest").getAsString()));
        JsonObject config = json(
                        entries,
                        blob(manifest.getAsJsonObject("config").get("digest").getAsString()))
                .getAsJsonObject("config");

        String dockerfile = Files.readString(root().resolve("Dockerfile"), StandardCharsets.UTF_8);
        Matcher entry = Pattern.compile("(?m)^ENTRYPOINT\\s+(\\[.*])\\s*$").matcher(dockerfile);
        assertTrue(entry.find(), "the Dockerfile has no exec-form ENTRYPOINT");
        assertEquals(JsonParser.parseString(entry.group(1)), config.get("Entrypoint"));
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(dockerfile);
        assertTrue(user.find());
        assertEquals(user.group(1), config.get("User").getAsString());
        assertEquals("1001:0", config.get("User").getAsString(), "non-root, group 0 (OpenShift's arbitrary UIDs)");
        List<String> vars = new ArrayList<>();
        for (JsonElement v : config.getAsJsonArray("Env")) {
            vars.add(v.getAsString().substring(0, v.getAsString().indexOf('=')));
        }
        assertTrue(vars.containsAll(List.of("PATH", "OPERATOR_VERSION", "JAVA_TOOL_OPTIONS")), vars.toString());
        JsonArray layers = manifest.getAsJsonArray("layers");
        assertEquals(4, layers.size(), "base, payload, libraries, operator: " + layers);
    }

    @Test
    void theImageStartsInContainerdAndTheOperatorBecomesReady(@TempDir Path dir) throws Exception {
        Map<String, String> env = imageEnv();
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/containerd"))
                        || Files.isExecutable(Path.of("/usr/local/bin/containerd")),
                "containerd is not installed (scripts/prerequisites.sh installs it): skipped");
        TestCluster cluster = ClusterFixture.shared();
        String namespace = "wmco-image-it";
        SandboxParts.ensureNamespace(new CoreV1Api(cluster.adminClient()), namespace);
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, cluster.kubeconfigYaml(), StandardCharsets.UTF_8);
        Path log = dir.resolve("operator.log");

        ProcessBuilder pb = new ProcessBuilder(
                        "bash",
                        root().resolve("scripts/check-image.sh").toString(),
                        "--kubeconfig",
                        kubeconfig.toString(),
                        "--namespace",
                        namespace,
                        "--keep-log",
                        log.toString())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "check-image.sh did not finish");
        System.out.println(out);

        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("entrypoint --help: OK"), out);
        String operatorLog = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(operatorLog.contains("payload: "), operatorLog);
        assertTrue(operatorLog.contains("from its manifest"), operatorLog);
    }
}
