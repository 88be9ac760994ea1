package io.wmco.app.payload;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.payload.PayloadFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads the payload directory once at startup: every regular file's SHA-256 and size, keyed by its path relative
 * to the directory with '/' separators (e.g. {@code cni/win-overlay.exe}), leaving out the manifest
 * ({@value PayloadFiles#MANIFEST}). Files are streamed, never loaded whole.
 */
public final class PayloadDirectory {

    /** The digest of one payload file. */
    public record Digest(Path path, String sha256, long size) {
        public Digest {
            requireNonNull(path, "path cannot be null");
            requireNonNull(sha256, "sha256 cannot be null");
        }
    }

    private PayloadDirectory() {}

    /**
     * @throws IllegalStateException when the directory does not exist, naming it and the flag that sets it
     * @throws UncheckedIOException when a file cannot be read
     */
    public static Map<String, Digest> scan(Path dir) {
        requireNonNull(dir, "dir cannot be null");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("payload directory " + dir + " does not exist; set --payload-dir to the"
                    + " directory holding kubelet.exe, kube-proxy.exe and the other Windows binaries");
        }
        Map<String, Digest> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String key = dir.relativize(p).toString().replace('\\', '/');
                if (key.equals(PayloadFiles.MANIFEST) || isPackedForm(key)) {
                    continue;
                }
                out.put(key, new Digest(p, sha256(p), Files.size(p)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read payload directory " + dir, e);
        }
        return out;
    }

    /** Packed forms live beside the payload files; they are not payload files themselves. */
    private static boolean isPackedForm(String key) {
        return key.startsWith(io.wmco.domain.payload.PackedForms.DIRECTORY + "/");
    }

    /** The names {@link #scan} would report, without hashing anything. */
    public static Set<String> list(Path dir) {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .filter(k -> !k.equals(PayloadFiles.MANIFEST) && !isPackedForm(k))
                    .forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read payload directory " + dir, e);
        }
        return out;
    }

    /** Lower-case hex SHA-256 of a file, streamed. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
