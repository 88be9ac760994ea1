package io.wmco.testkit.payload;

import io.wmco.domain.payload.PackedForms;
import io.wmco.domain.payload.PayloadFile;
import io.wmco.domain.payload.PayloadFiles;
import io.wmco.domain.payload.PayloadManifest;
import io.wmco.domain.payload.PayloadManifestFormat;
import io.wmco.domain.payload.PayloadOrigin;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Writes stand-in files for the payload directory, for tests, the sandbox and benchmarks: there is no Windows
 * build of kubelet here. Sizes follow the real binaries (scaled by a factor so fast tests can shrink them);
 * content is pseudo-random from a seed, so the same seed gives the same hashes and a new seed simulates a new
 * operator version's payload. The content is two random bits a byte, so it compresses about as well as the real
 * Go binaries do (gzip: ~0.3); files of {@link PackedForms#MIN_RAW_BYTES} or more get their packed form in
 * {@value PackedForms#DIRECTORY}/, as {@code scripts/build-payload.sh} writes it for a real payload. A manifest ({@value PayloadFiles#MANIFEST}) records every file as a stand-in, so the
 * operator reads it as it reads a built payload's and warns that the files are not real.
 */
public final class StandInPayload {
    private StandInPayload() {}

    /** File name (as {@link PayloadFiles} names them) -> approximate real size in bytes. */
    public static final Map<String, Long> REAL_SIZES;

    static {
        Map<String, Long> m = new LinkedHashMap<>();
        long mib = 1L << 20;
        m.put(PayloadFiles.KUBELET, 118 * mib);
        m.put(PayloadFiles.KUBE_PROXY, 55 * mib);
        m.put(PayloadFiles.KUBE_LOG_RUNNER, 3 * mib);
        m.put(PayloadFiles.HYBRID_OVERLAY, 48 * mib);
        m.put(PayloadFiles.WINDOWS_EXPORTER, 24 * mib);
        m.put(PayloadFiles.CONTAINERD, 46 * mib);
        m.put(PayloadFiles.CONTAINERD_SHIM, 12 * mib);
        m.put(PayloadFiles.CONTAINERD_CONFIG, 2048L);
        m.put(PayloadFiles.CNI_WIN_OVERLAY, 5 * mib);
        m.put(PayloadFiles.CNI_WIN_BRIDGE, 5 * mib);
        m.put(PayloadFiles.CNI_HOST_LOCAL, 4 * mib);
        m.put(PayloadFiles.HNS_MODULE, 16 * 1024L);
        m.put(PayloadFiles.AZURE_CLOUD_NODE_MANAGER, 40 * mib);
        m.put(PayloadFiles.ECR_CREDENTIAL_PROVIDER, 20 * mib);
        REAL_SIZES = Map.copyOf(m);
    }

    /**
     * Writes every stand-in file under {@code dir}.
     *
     * @param scale fraction of the real size (1.0 = realistic; 0.001 for fast tests); each file keeps at least 1 KiB
     * @param seed content seed
     */
    public static void write(Path dir, double scale, long seed) throws IOException {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale must be positive, got " + scale);
        }
        Map<String, PayloadFile> manifest = new TreeMap<>();
        for (var e : REAL_SIZES.entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.createDirectories(dir);
            long size = Math.max(1024, (long) (e.getValue() * scale));
            SplittableRandom random = new SplittableRandom(seed ^ e.getKey().hashCode());
            byte[] header = ("stand-in " + e.getKey() + " seed " + seed + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] buf = new byte[1 << 16];
            MessageDigest sha256 = sha256();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(p), sha256)) {
                out.write(header);
                long left = size - header.length;
                while (left > 0) {
                    fill(random, buf);
                    int n = (int) Math.min(buf.length, left);
                    out.write(buf, 0, n);
                    left -= n;
                }
            }
            pack(dir, e.getKey());
            manifest.put(
                    e.getKey(),
                    new PayloadFile(
                            HexFormat.of().formatHex(sha256.digest()),
                            size,
                            PayloadOrigin.STAND_IN,
                            Optional.empty(),
                            Optional.empty()));
        }
        Files.writeString(
                dir.resolve(PayloadFiles.MANIFEST),
                PayloadManifestFormat.format(PayloadManifest.of(manifest)),
                StandardCharsets.UTF_8);
    }

    /**
     * Adds a stand-in file under {@code dir} (e.g. an optional file such as {@code csi-proxy.exe} that
     * {@link #write} leaves out) and records it in the manifest.
     */
    public static void add(Path dir, String name, long size, long seed) throws IOException {
        PayloadManifest current = PayloadManifestFormat.parse(
                Files.readAllLines(dir.resolve(PayloadFiles.MANIFEST), StandardCharsets.UTF_8),
                dir.resolve(PayloadFiles.MANIFEST).toString());
        byte[] content = new byte[(int) Math.max(1024, size)];
        fill(new SplittableRandom(seed ^ name.hashCode()), content);
        byte[] header = ("stand-in " + name + " seed " + seed + "\n").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(header, 0, content, 0, Math.min(header.length, content.length));
        Files.write(dir.resolve(name), content);
        pack(dir, name);
        Map<String, PayloadFile> files = new TreeMap<>(current.files());
        files.put(
                name,
                new PayloadFile(
                        HexFormat.of().formatHex(sha256().digest(content)),
                        content.length,
                        PayloadOrigin.STAND_IN,
                        Optional.empty(),
                        Optional.empty()));
        Files.writeString(
                dir.resolve(PayloadFiles.MANIFEST),
                PayloadManifestFormat.format(PayloadManifest.of(files)),
                StandardCharsets.UTF_8);
    }

    /** Removes a file from {@code dir} and its manifest; a missing file is fine. */
    public static void remove(Path dir, String name) throws IOException {
        PayloadManifest current = PayloadManifestFormat.parse(
                Files.readAllLines(dir.resolve(PayloadFiles.MANIFEST), StandardCharsets.UTF_8),
                dir.resolve(PayloadFiles.MANIFEST).toString());
        Map<String, PayloadFile> files = new TreeMap<>(current.files());
        files.remove(name);
        Files.deleteIfExists(dir.resolve(name));
        Files.deleteIfExists(dir.resolve(PackedForms.relativePath(name)));
        Files.deleteIfExists(dir.resolve(PackedForms.hashPath(name)));
        Files.writeString(
                dir.resolve(PayloadFiles.MANIFEST),
                PayloadManifestFormat.format(PayloadManifest.of(files)),
                StandardCharsets.UTF_8);
    }

    /** Two random bits a byte: compressible like code and data in a binary, and quick to make. */
    private static void fill(SplittableRandom random, byte[] buf) {
        for (int i = 0; i < buf.length; i += 32) {
            long r = random.nextLong();
            for (int j = 0; j < 32 && i + j < buf.length; j++) {
                buf[i + j] = (byte) (0x40 | ((r >>> (2 * j)) & 3));
            }
        }
    }

    /** Writes the packed form of a file large enough for the operator to send packed; removes a stale one. */
    private static void pack(Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        Path packed = dir.resolve(PackedForms.relativePath(name));
        Path record = dir.resolve(PackedForms.hashPath(name));
        if (Files.size(file) >= PackedForms.MIN_RAW_BYTES) {
            SingleFileTarGz.pack(file, packed);
            MessageDigest sha256 = sha256();
            try (var in = new java.security.DigestInputStream(Files.newInputStream(file), sha256)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            Files.writeString(record, HexFormat.of().formatHex(sha256.digest()) + "\n", StandardCharsets.US_ASCII);
        } else {
            Files.deleteIfExists(packed);
            Files.deleteIfExists(record);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
