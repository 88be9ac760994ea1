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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The {@code Dockerfile} itself, which users with a registry build from and {@code scripts/build-image.sh} reads its
 * run stage from: a build stage on a JDK and a run stage on a JRE, a numeric non-root user, the payload directory,
 * and an ENTRYPOINT whose main class is the operator's. The image built here is checked for real, in a container
 * runtime, by {@code io.wmco.it.image.OperatorImageIT}.
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
}
