package io.wmco.testkit.sim;

import io.wmco.domain.remote.FileCommands;
import io.wmco.testkit.payload.SingleFileTarGz;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@link io.wmco.domain.remote.CommandKind#UNPACK_FILE} on the simulated host, as the PowerShell script does it:
 * without tar the marker and exit status of Server 2016; else a fresh staging directory, the gzip-compressed tar
 * read for real ({@link SingleFileTarGz}, which refuses a second entry, a path leaving the staging directory and
 * anything but a regular file, as a failing {@code tar.exe} would end the script), the file moved to its temporary
 * name, its hash printed, and the archive and the staging directory removed whatever happened.
 */
final class PackedFileUnpack {
    private PackedFileUnpack() {}

    static WindowsMachine.Outcome run(
            VirtualDrive drive, boolean hasTar, String archive, String staging, String entry, String temporary)
            throws IOException {
        if (!hasTar) {
            return new WindowsMachine.Outcome(
                    FileCommands.TAR_MISSING_EXIT, FileCommands.TAR_MISSING + "\r\n", "", null);
        }
        Path packed = drive.resolve(archive);
        Path dir = drive.resolve(staging);
        Path temp = drive.resolve(temporary);
        try {
            removeTree(dir);
            Files.createDirectories(dir);
            Path staged = dir.resolve(entry);
            if (!Files.isRegularFile(packed)) {
                return WindowsMachine.Outcome.error("tar.exe: Error opening archive: Failed to open '" + archive + "'");
            }
            try (InputStream in = Files.newInputStream(packed)) {
                SingleFileTarGz.extract(in, entry, staged);
            } catch (IOException e) {
                return WindowsMachine.Outcome.error("tar.exe exited with status 1 (simulated: " + e.getMessage() + ")");
            }
            Files.move(staged, temp, StandardCopyOption.REPLACE_EXISTING);
            return WindowsMachine.Outcome.ok(WindowsMachine.sha256Of(temp).toUpperCase(Locale.ROOT) + "\r\n");
        } finally {
            Files.deleteIfExists(packed);
            removeTree(dir);
        }
    }

    private static void removeTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            Files.delete(p);
        }
    }
}
