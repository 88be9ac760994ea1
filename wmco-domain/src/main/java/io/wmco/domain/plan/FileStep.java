package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.cluster.Ipv4Cidr;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Steps on the host's directories and files. Writes compare SHA-256 first and go through a temporary name, so a
 * repeated step sends nothing and a target never holds a partial file.
 */
public sealed interface FileStep extends ConfigStep {

    /** Create these directories when missing, in order. */
    record EnsureDirectories(List<String> paths) implements FileStep {
        public EnsureDirectories {
            paths = List.copyOf(requireNonNull(paths, "paths cannot be null"));
        }

        @Override
        public String phase() {
            return "ensure-directories";
        }

        @Override
        public String describe() {
            return "create directories " + String.join(" ", paths);
        }
    }

    /** Remove these directories with their content, in order; missing ones are fine. */
    record RemoveDirectories(List<String> paths) implements FileStep {
        public RemoveDirectories {
            paths = List.copyOf(requireNonNull(paths, "paths cannot be null"));
        }

        @Override
        public String phase() {
            return "remove-directories";
        }

        @Override
        public String describe() {
            return "remove directories " + String.join(" ", paths);
        }
    }

    /** Make {@code remotePath} equal to the payload file {@code payloadName}, copying only when the hash differs. */
    record Transfer(String payloadName, String remotePath, String sha256, long size) implements FileStep {
        public Transfer {
            requireNonNull(payloadName, "payloadName cannot be null");
            requireNonNull(remotePath, "remotePath cannot be null");
            requireNonNull(sha256, "sha256 cannot be null");
        }

        @Override
        public String phase() {
            return "transfer-file";
        }

        @Override
        public String describe() {
            return "copy " + payloadName + " to " + remotePath + " unless its sha256 is " + sha256 + " (" + size
                    + " bytes)";
        }
    }

    /**
     * Make {@code remotePath} hold exactly {@code content}, writing only when the hash differs. A
     * {@code sensitive} content (credentials) is never shown, not even its hash.
     */
    record Write(String remotePath, byte[] content, String description, boolean sensitive) implements FileStep {
        public Write {
            requireNonNull(remotePath, "remotePath cannot be null");
            content = requireNonNull(content, "content cannot be null").clone();
            requireNonNull(description, "description cannot be null");
        }

        /** A non-sensitive file holding {@code text} as UTF-8. */
        public static Write text(String remotePath, String text, String description) {
            return new Write(remotePath, text.getBytes(StandardCharsets.UTF_8), description, false);
        }

        /** A copy of the content. */
        @Override
        public byte[] content() {
            return content.clone();
        }

        /** Lower-case hex SHA-256 of the content. */
        public String sha256() {
            return Sha256.hex(content);
        }

        @Override
        public String phase() {
            return "write-file";
        }

        @Override
        public String describe() {
            return "write " + description + " to " + remotePath
                    + (sensitive ? " (content redacted)" : " sha256 " + sha256() + " (" + content.length + " bytes)");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Write w
                    && remotePath.equals(w.remotePath)
                    && Arrays.equals(content, w.content)
                    && description.equals(w.description)
                    && sensitive == w.sensitive;
        }

        @Override
        public int hashCode() {
            return 31 * (31 * remotePath.hashCode() + Arrays.hashCode(content)) + description.hashCode();
        }

        @Override
        public String toString() {
            return "Write[" + describe() + "]";
        }
    }

    /**
     * Write the CNI configuration, whose content depends on the node subnet learned during execution: the executor
     * passes the {@link OverlayFacts} it gathered to {@link #content}.
     */
    record RenderCniConfig(String remotePath, Ipv4Cidr serviceCidr) implements FileStep {
        public RenderCniConfig {
            requireNonNull(remotePath, "remotePath cannot be null");
            requireNonNull(serviceCidr, "serviceCidr cannot be null");
        }

        /** The file content for the node's facts. */
        public byte[] content(OverlayFacts facts) {
            requireNonNull(facts, "facts cannot be null");
            return CniConfig.render(facts.nodeSubnet(), serviceCidr).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String phase() {
            return "render-cni-config";
        }

        @Override
        public String describe() {
            return "write CNI configuration for <node-subnet> with service CIDR " + serviceCidr + " to " + remotePath;
        }
    }
}
