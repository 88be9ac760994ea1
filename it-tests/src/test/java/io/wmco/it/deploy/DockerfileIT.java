package io.wmco.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of the {@code Dockerfile} without a container engine: the build and run stages, a non-root
 * user, the payload directory, and that the ENTRYPOINT's main class is in the operator jar and starts with the
 * entrypoint's arguments and the image's environment (asked for {@code --help}, so it needs no cluster).
 * {@code scripts/check-image.sh} goes further and rebuilds the image's file layout.
 */
class DockerfileIT {

    private static final Path DOCKERFILE = DeployFiles.deployDir().getParent().resolve("Dockerfile");

    private static String dockerfile() throws IOException {
        return Files.readString(DOCKERFILE, StandardCharsets.UTF_8);
    }

    /** The exec-form ENTRYPOINT as a list. */
    static List<String> entrypoint(String dockerfile) throws IOException {
        Matcher m = Pattern.compile("(?m)^ENTRYPOINT\\s+(\\[.*])\\s*$").matcher(dockerfile);
        assertTrue(m.find(), "the Dockerfile needs an exec-form ENTRYPOINT [\"java\", ...]");
        List<String> entry = new ArrayList<>();
        new ObjectMapper().readTree(m.group(1)).forEach(n -> entry.add(n.asText()));
        return entry;
    }

    /** ENV of the last stage, NAME=value pairs (quoted values unquoted, line continuations joined). */
    static Map<String, String> env(String dockerfile) {
        String run = dockerfile.substring(dockerfile.lastIndexOf("\nFROM ")).replace("\\\n", " ");
        Map<String, String> env = new LinkedHashMap<>();
        Matcher line = Pattern.compile("(?m)^ENV\\s+(.*)$").matcher(run);
        while (line.find()) {
            Matcher kv = Pattern.compile("([A-Z_][A-Z0-9_]*)=(\"[^\"]*\"|\\S+)").matcher(line.group(1));
            while (kv.find()) {
                env.put(kv.group(1), kv.group(2).replaceAll("^\"|\"$", ""));
            }
        }
        return env;
    }

    @Test
    void buildsWithTheWrapperOnAJdkAndRunsOnAJreAsNonRoot() throws IOException {
        String d = dockerfile();
        List<String> stages = Pattern.compile("(?m)^FROM\\s+(\\S+)")
                .matcher(d)
                .results()
                .map(r -> r.group(1))
                .toList();

        assertEquals(2, stages.size(), stages.toString());
        assertTrue(stages.get(0).contains("jdk"), stages.toString());
        assertTrue(stages.get(1).contains("jre"), stages.toString());
        assertTrue(d.contains("./mvnw "), "the build stage uses the Maven wrapper");
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+)").matcher(d);
        assertTrue(user.find(), "USER must be numeric so that runAsNonRoot can verify it");
        assertFalse(user.group(1).equals("0"), "USER must not be root");
        assertTrue(d.contains("/payload/"), "the payload directory is part of the image");
    }

    @Test
    void entrypointRunsTheOperatorMainWithThePayloadDirectory() throws Exception {
        List<String> entry = entrypoint(dockerfile());

        assertEquals("java", entry.get(0));
        String mainClass = entry.stream()
                .filter(a -> a.matches("[a-z]+(\\.[a-z]+)*\\.[A-Z]\\w*"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no main class in " + entry));
        assertEquals("io.wmco.app.Main", mainClass);
        assertTrue(entry.contains("--payload-dir=/payload"), entry.toString());
        Class<?> main = Class.forName(mainClass);
        Method m = main.getMethod("main", String[].class);
        assertTrue(Modifier.isStatic(m.getModifiers()));
        String location =
                main.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertTrue(
                location.contains("wmco-app"),
                "the main class must come from the wmco-app jar the image copies: " + location);
    }

    @Test
    void operatorStartsWithTheEntrypointArgumentsAndImageEnvironment() throws Exception {
        String d = dockerfile();
        List<String> entry = entrypoint(d);
        int mainIndex = entry.indexOf("io.wmco.app.Main");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(entry.subList(mainIndex, entry.size()));
        command.add("--help");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env(d));

        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the operator did not answer --help within 60 s");

        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("--payload-dir"), output);
        assertTrue(env(d).containsKey("OPERATOR_VERSION"), env(d).toString());
    }
}
