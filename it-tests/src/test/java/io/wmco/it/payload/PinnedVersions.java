package io.wmco.it.payload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rows of {@code scripts/payload/versions.tsv}, the one place payload versions are pinned. */
final class PinnedVersions {
    private PinnedVersions() {}

    /** One way of building a file: its module, version and main package. */
    record Pin(String file, String module, String version, String mainPackage) {}

    /** The repository root (the directory holding {@code scripts/build-payload.sh}). */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("scripts/build-payload.sh"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "no scripts/build-payload.sh above " + Path.of("").toAbsolutePath());
    }

    static Path table() {
        return repositoryRoot().resolve("scripts/payload/versions.tsv");
    }

    /** File name to every pin of it, in table order. */
    static Map<String, List<Pin>> read() throws IOException {
        Map<String, List<Pin>> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(table(), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            String[] f = line.strip().split("\\s+");
            if (f.length != 5) {
                throw new IllegalStateException(table() + ": expected 5 columns in '" + line + "'");
            }
            out.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Pin(f[0], f[1], f[2], f[3]));
        }
        return out;
    }
}
