package io.wmco.it.support;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The operator image that {@code scripts/build-image.sh} wrote, as named by {@code target/image/image.env} of the
 * repository: the archive and the reference it carries. Immutable.
 *
 * @param archive the image archive (OCI layout with Docker's manifest.json)
 * @param reference the image reference inside, e.g. {@code localhost/wmco/windows-machine-config-operator:0.1.0}
 */
public record OperatorImageArchive(Path archive, String reference) {

    /** The built image, or empty (with nothing built, or the archive gone). */
    public static Optional<OperatorImageArchive> find() {
        Path env = repositoryRoot().resolve("target/image/image.env");
        if (!Files.isRegularFile(env)) {
            return Optional.empty();
        }
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(env, UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + env, e);
        }
        String archive = values.get("WMCO_IMAGE_ARCHIVE");
        String reference = values.get("WMCO_IMAGE_REF");
        if (archive == null || reference == null || !Files.isRegularFile(Path.of(archive))) {
            return Optional.empty();
        }
        return Optional.of(new OperatorImageArchive(Path.of(archive), reference));
    }

    /** Where {@code find()} looks: {@code <repository>/target/image/image.env}. */
    public static Path expectedAt() {
        return repositoryRoot().resolve("target/image/image.env");
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/build-image.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no scripts/build-image.sh above " + Path.of("").toAbsolutePath());
    }
}
