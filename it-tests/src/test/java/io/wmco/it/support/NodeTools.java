package io.wmco.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where {@code it-tests/kube/build-node-tools.sh} put the suite's own node programs and images: the system property
 * {@code wmco.it.nodeTools} (the build sets it to {@code it-tests/target/node-tools}), else {@code WMCO_IT_NODE_TOOLS},
 * else the first {@code target/node-tools} or {@code it-tests/target/node-tools} found from the working directory
 * upwards. Stateless and thread-safe.
 */
final class NodeTools {

    private NodeTools() {}

    static Optional<Path> dir() {
        String configured = System.getProperty("wmco.it.nodeTools", System.getenv("WMCO_IT_NODE_TOOLS"));
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isDirectory);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate :
                    new Path[] {dir.resolve("target/node-tools"), dir.resolve("it-tests/target/node-tools")}) {
                if (Files.isRegularFile(candidate.resolve("relay"))) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    static Path relay(Path dir) {
        return dir.resolve("relay");
    }

    static Path pauseImage(Path dir) {
        return dir.resolve("pause.oci.tar");
    }

    static Path probeImage(Path dir) {
        return dir.resolve("probe.oci.tar");
    }
}
