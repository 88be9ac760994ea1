package io.wmco.app.payload;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.payload.PackedForms;
import io.wmco.domain.payload.PayloadFile;
import io.wmco.domain.payload.PayloadFiles;
import io.wmco.domain.payload.PayloadManifest;
import io.wmco.domain.payload.PayloadManifestFormat;
import io.wmco.domain.payload.PayloadOrigin;
import io.wmco.domain.platform.PlatformProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the payload directory once at startup. When the directory has a manifest ({@value PayloadFiles#MANIFEST},
 * written by {@code scripts/build-payload.sh}) the hashes come from it and each listed file is only checked to exist
 * with the recorded size (cheap: a full payload is about half a gigabyte); without one every file is hashed. Then
 * the payload is checked against what nodes of the platform need: a missing required file stops the operator with a
 * message naming the file, what needs it and how to supply it; a missing optional file turns its feature off with
 * one log line; stand-in files are named in a warning.
 */
public final class PayloadLoader {
    private static final Logger LOG = LoggerFactory.getLogger(PayloadLoader.class);

    private PayloadLoader() {}

    /**
     * The payload as the operator uses it.
     *
     * @param manifest every file's identity and origin
     * @param paths local path of each file by name
     * @param packed local path of the packed form of each file that has one worth sending
     *     ({@link PackedForms#worthSending}), by name
     */
    public record Payload(PayloadManifest manifest, Map<String, Path> paths, Map<String, Path> packed) {
        public Payload {
            requireNonNull(manifest, "manifest cannot be null");
            paths = Map.copyOf(paths);
            packed = Map.copyOf(packed);
        }

        Payload(PayloadManifest manifest, Map<String, Path> paths) {
            this(manifest, paths, Map.of());
        }
    }

    /**
     * Reads and checks the payload directory, logging what it holds once.
     *
     * @throws IllegalStateException when the directory or its manifest is unusable or a required file is missing;
     *     the message names the file and the fix
     * @throws UncheckedIOException when a file cannot be read
     */
    public static Payload load(Path dir, PlatformProfile profile) {
        requireNonNull(dir, "dir cannot be null");
        requireNonNull(profile, "profile cannot be null");
        Path manifestFile = dir.resolve(PayloadFiles.MANIFEST);
        Payload found = Files.isRegularFile(manifestFile) ? fromManifest(dir, manifestFile) : hashed(dir);
        Payload payload = new Payload(found.manifest(), found.paths(), packedForms(dir, found));
        PayloadFiles.Check check = PayloadFiles.check(payload.manifest(), profile);
        if (!check.missing().isEmpty()) {
            throw new IllegalStateException("payload directory " + dir + " lacks " + String.join(", ", check.missing())
                    + "; " + PayloadFiles.HOW_TO_SUPPLY);
        }
        LOG.info(
                "payload: {} files from {} ({})",
                payload.manifest().files().size(),
                dir,
                summary(payload, manifestFile));
        LOG.info("payload: {}", packedSummary(payload));
        check.disabled().forEach(d -> LOG.info("payload: {} (file not in the payload)", d));
        if (!check.standIns().isEmpty()) {
            LOG.warn(
                    "payload: STAND-IN files, not working binaries (for tests only): {}; a node configured with them"
                            + " does not work; {}",
                    String.join(", ", check.standIns()),
                    PayloadFiles.HOW_TO_SUPPLY);
        }
        return payload;
    }

    /**
     * The packed forms ({@value PackedForms#DIRECTORY}/NAME{@value PackedForms#SUFFIX}, written when the payload was
     * built) that the domain's rule says are worth sending. Their content is checked on the host: the unpacked file
     * must have the manifest's hash, so a stale packed form fails its transfer instead of installing a wrong file.
     */
    private static Map<String, Path> packedForms(Path dir, Payload payload) {
        Map<String, Path> packed = new TreeMap<>();
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, Path> e : payload.paths().entrySet()) {
            Path p = dir.resolve(PackedForms.relativePath(e.getKey()));
            Path record = dir.resolve(PackedForms.hashPath(e.getKey()));
            try {
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                String madeFrom = Files.isRegularFile(record)
                        ? Files.readString(record, StandardCharsets.US_ASCII).strip()
                        : "";
                String sha256 = payload.manifest().get(e.getKey()).orElseThrow().sha256();
                if (!madeFrom.equals(sha256)) {
                    stale.add(e.getKey());
                } else if (PackedForms.worthSending(Files.size(e.getValue()), Files.size(p))) {
                    packed.put(e.getKey(), p);
                }
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read payload file " + p, ex);
            }
        }
        if (!stale.isEmpty()) {
            LOG.warn(
                    "payload: the packed forms of {} were made from other content (or lack their {} record) and are"
                            + " not used: those files go uncompressed; rebuild the payload with scripts/build-payload.sh",
                    String.join(", ", stale),
                    ".sha256");
        }
        return packed;
    }

    private static String packedSummary(Payload payload) {
        long raw = 0;
        long packed = 0;
        for (Map.Entry<String, Path> e : payload.packed().entrySet()) {
            try {
                raw += Files.size(payload.paths().get(e.getKey()));
                packed += Files.size(e.getValue());
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read payload file " + e.getValue(), ex);
            }
        }
        if (payload.packed().isEmpty()) {
            return "no file has a packed form worth sending: every file goes uncompressed";
        }
        return payload.packed().size() + " of " + payload.paths().size() + " files go packed: " + packed
                + " bytes packed for " + raw + " raw ("
                + String.format(java.util.Locale.ROOT, "%.2f", (double) packed / raw)
                + "); the rest uncompressed";
    }

    private static Payload fromManifest(Path dir, Path manifestFile) {
        PayloadManifest manifest;
        try {
            manifest = PayloadManifestFormat.parse(
                    Files.readAllLines(manifestFile, StandardCharsets.UTF_8), manifestFile.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read payload manifest " + manifestFile, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    e.getMessage() + "; rebuild the payload with scripts/build-payload.sh, or"
                            + " delete the manifest to have the operator hash the files",
                    e);
        }
        Map<String, Path> paths = new LinkedHashMap<>();
        for (Map.Entry<String, PayloadFile> e : manifest.files().entrySet()) {
            Path p = dir.resolve(e.getKey());
            long size;
            try {
                size = Files.isRegularFile(p) ? Files.size(p) : -1;
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read payload file " + p, ex);
            }
            if (size != e.getValue().size()) {
                throw new IllegalStateException(
                        "payload file " + p + (size < 0 ? " is missing" : " is " + size + " bytes")
                                + " but " + manifestFile + " lists it with "
                                + e.getValue().size() + " bytes: the directory"
                                + " changed after its manifest was written; rebuild the payload with"
                                + " scripts/build-payload.sh, or delete the manifest to have the operator hash the files");
            }
            paths.put(e.getKey(), p);
        }
        Set<String> unlisted = new TreeSet<>(PayloadDirectory.list(dir));
        unlisted.removeAll(manifest.files().keySet());
        if (!unlisted.isEmpty()) {
            LOG.warn("payload: files in {} but not in its manifest are ignored: {}", dir, String.join(", ", unlisted));
        }
        return new Payload(manifest, paths);
    }

    private static Payload hashed(Path dir) {
        Map<String, PayloadDirectory.Digest> scanned = PayloadDirectory.scan(dir);
        Map<String, PayloadFile> files = new TreeMap<>();
        Map<String, Path> paths = new LinkedHashMap<>();
        scanned.forEach((name, d) -> {
            files.put(name, new PayloadFile(d.sha256(), d.size()));
            paths.put(name, d.path());
        });
        return new Payload(PayloadManifest.of(files), paths);
    }

    private static String summary(Payload payload, Path manifestFile) {
        Map<PayloadOrigin, Long> byOrigin = payload.manifest().files().values().stream()
                .collect(Collectors.groupingBy(PayloadFile::origin, TreeMap::new, Collectors.counting()));
        if (byOrigin.keySet().equals(Set.of(PayloadOrigin.UNRECORDED))) {
            return "no " + manifestFile.getFileName() + ": hashed every file, origins unknown";
        }
        List<String> parts = new ArrayList<>();
        byOrigin.forEach((o, n) -> parts.add(n + " " + o.manifestName()));
        Set<String> modules = new TreeSet<>();
        payload.manifest()
                .files()
                .values()
                .forEach(f -> f.module()
                        .ifPresent(m -> modules.add(m + " " + f.version().orElse("?"))));
        return "from its manifest: " + String.join(", ", parts)
                + (modules.isEmpty() ? "" : "; " + String.join(", ", modules));
    }
}
