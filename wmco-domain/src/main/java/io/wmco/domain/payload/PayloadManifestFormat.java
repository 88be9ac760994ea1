package io.wmco.domain.payload;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The text form of a payload manifest, as {@code scripts/build-payload.sh} writes it to
 * {@value PayloadFiles#MANIFEST} beside the files: one line per file with six tab-separated fields (file name,
 * SHA-256, size in bytes, origin, Go module, module version; {@code -} for no module or version); lines starting
 * with {@code #} and blank lines are ignored.
 */
public final class PayloadManifestFormat {
    private PayloadManifestFormat() {}

    private static final String NONE = "-";

    /**
     * Reads a manifest.
     *
     * @param source where the text came from, named in error messages
     * @throws IllegalArgumentException naming the line, the field and what it must be
     */
    public static PayloadManifest parse(List<String> lines, String source) {
        requireNonNull(lines, "lines cannot be null");
        requireNonNull(source, "source cannot be null");
        Map<String, PayloadFile> files = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1);
            String[] f = line.split("\t", -1);
            if (f.length != 6) {
                throw new IllegalArgumentException(where + " has " + f.length
                        + " tab-separated fields; expected 6: file, sha256, size, origin, module, version");
            }
            PayloadOrigin origin = PayloadOrigin.parse(f[3])
                    .orElseThrow(() -> new IllegalArgumentException(
                            where + ": origin '" + f[3] + "' must be built, repository, supplied or stand-in"));
            long size;
            try {
                size = Long.parseLong(f[2]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": size '" + f[2] + "' must be a number of bytes", e);
            }
            PayloadFile file;
            try {
                file = new PayloadFile(f[1], size, origin, optional(f[4]), optional(f[5]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            if (files.put(f[0], file) != null) {
                throw new IllegalArgumentException(where + ": file " + f[0] + " is listed twice");
            }
        }
        try {
            return PayloadManifest.of(files);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /** Writes a manifest in the form {@link #parse} reads, with a header comment. */
    public static String format(PayloadManifest manifest) {
        requireNonNull(manifest, "manifest cannot be null");
        StringBuilder out = new StringBuilder(
                "# wmco payload manifest v1: file, sha256, size, origin (built|repository|supplied|stand-in), module,"
                        + " version\n");
        manifest.files()
                .forEach((name, f) -> out.append(name)
                        .append('\t')
                        .append(f.sha256())
                        .append('\t')
                        .append(f.size())
                        .append('\t')
                        .append(f.origin().manifestName())
                        .append('\t')
                        .append(f.module().orElse(NONE))
                        .append('\t')
                        .append(f.version().orElse(NONE))
                        .append('\n'));
        return out.toString();
    }

    private static Optional<String> optional(String field) {
        return field.isEmpty() || field.equals(NONE) ? Optional.empty() : Optional.of(field);
    }
}
