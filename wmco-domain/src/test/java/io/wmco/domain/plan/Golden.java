package io.wmco.domain.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares rendered text with an expected file under {@code src/test/resources/io/wmco/domain/plan/}, to the
 * character. On a difference the actual text is written to {@code target/golden-actual/} for diffing; the
 * expected files are only ever changed by hand.
 */
final class Golden {
    private Golden() {}

    static void assertMatches(String name, String actual) {
        String expected;
        try (InputStream in = Golden.class.getResourceAsStream(name)) {
            if (in == null) {
                save(name, actual);
                fail("expected file " + name + " is missing; the actual text is in target/golden-actual/" + name);
                return;
            }
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!expected.equals(actual)) {
            save(name, actual);
        }
        assertEquals(expected, actual, "differs from " + name + "; actual text in target/golden-actual/" + name);
    }

    private static void save(String name, String actual) {
        try {
            Path p = Path.of("target", "golden-actual", name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, actual, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
