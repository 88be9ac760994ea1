package io.wmco.testkit.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packed form against GNU tar both ways, and everything the reader must refuse. */
class SingleFileTarGzTest {
    @TempDir
    Path dir;

    private Path file(String name, int size) throws IOException {
        byte[] content = new byte[size];
        SplittableRandom r = new SplittableRandom(size);
        for (int i = 0; i < size; i++) {
            content[i] = (byte) ('a' + r.nextInt(4)); // compressible, like a binary's code and strings
        }
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private static void run(Path cwd, String... command) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(cwd.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    }

    @Test
    void gnuTarUnpacksWhatIsWritten() throws Exception {
        for (int size : List.of(0, 1, 511, 512, 513, 300_000)) {
            Path raw = file("kubelet.exe", size);
            Path archive = dir.resolve("kubelet.exe.tar.gz");
            SingleFileTarGz.pack(raw, archive);
            Path out = Files.createDirectories(dir.resolve("out" + size));
            run(out, "tar", "-xzf", archive.toString());
            assertArrayEquals(Files.readAllBytes(raw), Files.readAllBytes(out.resolve("kubelet.exe")), "size " + size);
            run(out, "tar", "-tvzf", archive.toString()); // GNU tar lists it without a warning exit status
        }
    }

    @Test
    void readsWhatGnuTarWritesInUstarAndGnuFormats() throws Exception {
        Path raw = file("containerd.exe", 70_000);
        for (String format : List.of("ustar", "gnu")) {
            Path archive = dir.resolve(format + ".tar.gz");
            run(dir, "tar", "--format=" + format, "-czf", archive.toString(), "containerd.exe");
            Path target = dir.resolve("unpacked-" + format);
            try (InputStream in = Files.newInputStream(archive)) {
                assertEquals(70_000, SingleFileTarGz.extract(in, "containerd.exe", target));
            }
            assertArrayEquals(Files.readAllBytes(raw), Files.readAllBytes(target), format);
        }
    }

    @Test
    void refusesSecondEntriesDirectoriesLinksAndOtherNames() throws Exception {
        file("a.exe", 1000);
        file("b.exe", 1000);
        Files.createDirectories(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("link.exe"), dir.resolve("a.exe"));
        assertRefused(gnuTar("two", "a.exe", "b.exe"), "a.exe", "second entry");
        assertRefused(gnuTar("dir", "sub"), "sub", "not a regular file");
        assertRefused(gnuTar("link", "link.exe"), "link.exe", "not a regular file");
        assertRefused(gnuTar("name", "a.exe"), "b.exe", "not 'b.exe'");
        assertRefused(gnuTar("path", "--transform=s,^,../,", "a.exe"), "a.exe", "not a plain file name");
        assertRefused(gnuTar("pax", "--format=pax", "a.exe"), "a.exe", "not a regular file");
    }

    @Test
    void refusesCorruptTruncatedAndNonGzipArchives() throws Exception {
        Path raw = file("kubelet.exe", 100_000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SingleFileTarGz.write(raw, bytes);
        byte[] good = bytes.toByteArray();
        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x55;
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
        assertThrows(IOException.class, () -> extract(flipped, "kubelet.exe"));
        assertThrows(IOException.class, () -> extract(truncated, "kubelet.exe"));
        assertThrows(IOException.class, () -> extract(Files.readAllBytes(raw), "kubelet.exe"));
        // a ustar header whose checksum was not recomputed after a change
        byte[] header = SingleFileTarGz.header("kubelet.exe", 0);
        header[0] = 'K';
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bad)) {
            gz.write(header);
            gz.write(new byte[1024]);
        }
        IOException e = assertThrows(IOException.class, () -> extract(bad.toByteArray(), "Kubelet.exe"));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    private Path gnuTar(String name, String... args) throws Exception {
        Path archive = dir.resolve(name + ".tar.gz");
        String[] command = new String[args.length + 3];
        command[0] = "tar";
        command[1] = "-czf";
        command[2] = archive.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        run(dir, command);
        return archive;
    }

    private void assertRefused(Path archive, String entry, String why) throws IOException {
        IOException e = assertThrows(IOException.class, () -> extract(Files.readAllBytes(archive), entry));
        assertTrue(e.getMessage().contains(why), archive + ": " + e.getMessage());
    }

    private long extract(byte[] archive, String entry) throws IOException {
        return SingleFileTarGz.extract(new ByteArrayInputStream(archive), entry, dir.resolve("target"));
    }
}
