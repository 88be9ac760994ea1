package io.wmco.testkit.payload;

import static java.util.Objects.requireNonNull;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The packed form of one payload file: a gzip-compressed POSIX ustar archive holding exactly one regular file, as
 * {@code tar.exe} (bsdtar) on Windows and GNU tar unpack it. Written for stand-in payloads and benchmarks (the real
 * payload is packed by GNU tar in {@code scripts/build-payload.sh}); read by the simulated Windows host, which
 * refuses anything but that one file. Small on purpose: no pax or GNU extensions, names of at most 100 bytes,
 * sizes below 8 GiB. Thread-safe; no state.
 */
public final class SingleFileTarGz {
    private SingleFileTarGz() {}

    private static final int BLOCK = 512;
    private static final long MAX_SIZE = 077777777777L;

    /**
     * Writes {@code file} as the archive's single entry, named after the file, at gzip level {@code level}.
     *
     * @throws IllegalArgumentException when the name is longer than 100 bytes or the file is 8 GiB or more
     */
    public static void write(Path file, OutputStream out, int level) throws IOException {
        requireNonNull(file, "file cannot be null");
        requireNonNull(out, "out cannot be null");
        long size = Files.size(file);
        byte[] header = header(file.getFileName().toString(), size);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
                    {
                        def.setLevel(level);
                    }
                };
                InputStream in = Files.newInputStream(file)) {
            gz.write(header);
            long copied = in.transferTo(gz);
            if (copied != size) {
                throw new IOException(file + " changed while it was packed: " + copied + " bytes, expected " + size);
            }
            gz.write(new byte[(int) ((BLOCK - size % BLOCK) % BLOCK) + 2 * BLOCK]);
        }
    }

    /** {@link #write} at the best compression (the packing is done once, when the payload is built). */
    public static void write(Path file, OutputStream out) throws IOException {
        write(file, out, Deflater.BEST_COMPRESSION);
    }

    /** Writes the packed form of {@code file} to {@code target} through a temporary name beside it. */
    public static void pack(Path file, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temp)) {
            write(file, out);
        }
        Files.move(temp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Reads an archive that must hold exactly one regular file named {@code entry} and writes its content to
     * {@code target}.
     *
     * @return the number of content bytes written
     * @throws IOException when the archive is not gzip, is truncated, has a bad header checksum, holds another name,
     *     a path, a non-regular entry (directory, link, pax or GNU extension header) or a second entry
     */
    public static long extract(InputStream in, String entry, Path target) throws IOException {
        requireNonNull(entry, "entry cannot be null");
        try (InputStream gz = new GZIPInputStream(in, 1 << 16)) {
            byte[] header = gz.readNBytes(BLOCK);
            if (header.length < BLOCK || isZero(header)) {
                throw new IOException("the archive holds no entry");
            }
            String name = check(header);
            if (!name.equals(entry)) {
                throw new IOException("the archive's entry is '" + name + "', not '" + entry + "'");
            }
            long size = octal(header, 124, 12, "size");
            long written;
            try (OutputStream out = Files.newOutputStream(target)) {
                written = copy(gz, out, size);
            }
            skip(gz, (BLOCK - size % BLOCK) % BLOCK);
            byte[] next = gz.readNBytes(BLOCK);
            if (next.length == BLOCK && !isZero(next)) {
                throw new IOException("the archive holds a second entry after '" + name + "'");
            }
            // Read to the end so that gzip's CRC and length trailer is checked; only zero blocks may follow.
            byte[] rest = gz.readNBytes(64 * BLOCK);
            if (!isZero(rest) || gz.read() >= 0) {
                throw new IOException("the archive holds data after its end blocks");
            }
            return written;
        }
    }

    static byte[] header(String name, long size) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length == 0 || n.length > 100 || name.contains("/")) {
            throw new IllegalArgumentException("entry name must be 1..100 bytes without '/': " + name);
        }
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("file size " + size + " does not fit a ustar header");
        }
        byte[] h = new byte[BLOCK];
        System.arraycopy(n, 0, h, 0, n.length);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, "00000000000");
        Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = '0';
        put(h, 257, "ustar");
        h[263] = '0';
        h[264] = '0';
        put(h, 148, String.format("%06o", checksum(h)));
        h[155] = ' ';
        return h;
    }

    /** Checks a header and returns its name. */
    private static String check(byte[] h) throws IOException {
        String magic = new String(h, 257, 6, StandardCharsets.US_ASCII);
        if (!magic.equals("ustar\0") && !magic.equals("ustar ")) {
            throw new IOException("not a ustar archive (magic '" + magic.strip() + "')");
        }
        long stored = octal(h, 148, 8, "checksum");
        if (stored != checksum(h)) {
            throw new IOException("header checksum " + stored + " does not match " + checksum(h) + ": corrupt archive");
        }
        byte type = h[156];
        if (type != '0' && type != 0) {
            throw new IOException("entry type '" + (char) type + "' is not a regular file");
        }
        String prefix = string(h, 345, 155);
        String name = (prefix.isEmpty() ? "" : prefix + "/") + string(h, 0, 100);
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".")) {
            throw new IOException("entry name '" + name + "' is not a plain file name (it would leave the staging"
                    + " directory or make one)");
        }
        return name;
    }

    private static long checksum(byte[] h) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        return sum;
    }

    private static long octal(byte[] h, int offset, int length, String field) throws IOException {
        String s = new String(h, offset, length, StandardCharsets.US_ASCII)
                .replace('\0', ' ')
                .strip();
        if (s.isEmpty() || !s.matches("[0-7]+")) {
            throw new IOException("header field " + field + " is not octal: '" + s + "'");
        }
        return Long.parseLong(s, 8);
    }

    private static String string(byte[] h, int offset, int length) {
        int end = offset;
        while (end < offset + length && h[end] != 0) {
            end++;
        }
        return new String(h, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static void put(byte[] h, int offset, String value) {
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, offset, b.length);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static long copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new EOFException("the archive ends " + left + " bytes before its entry does: truncated");
            }
            out.write(buf, 0, n);
            left -= n;
        }
        return size;
    }

    private static void skip(InputStream in, long n) throws IOException {
        if (in.readNBytes((int) n).length != n) {
            throw new EOFException("the archive ends inside its padding: truncated");
        }
    }
}
