package io.wmco.testkit.sim;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The simulated host's {@code C:\} drive: a directory on disk named {@code C:} under the SFTP root, so that the
 * SFTP path {@code /C:/k/x} and the Windows path {@code C:\k\x} name the same file. Windows paths resolve
 * case-insensitively against existing entries, as NTFS does.
 *
 * <p>Thread-safe (no state beyond the root).
 */
final class VirtualDrive {
    private final Path sftpRoot;
    private final Path drive;

    VirtualDrive(Path sftpRoot) throws IOException {
        this.sftpRoot = requireNonNull(sftpRoot, "sftpRoot cannot be null");
        this.drive = Files.createDirectories(sftpRoot.resolve("C:"));
    }

    /** The directory served as the SFTP root ({@code /}). */
    Path sftpRoot() {
        return sftpRoot;
    }

    /** The directory holding {@code C:\}. */
    Path drive() {
        return drive;
    }

    /**
     * The file on disk for a Windows path such as {@code C:\k\kubelet.exe} (also {@code C:/k/x}, {@code /C:/k/x}).
     *
     * @throws IllegalArgumentException when the path is not on drive C, is relative, or escapes the drive
     */
    Path resolve(String windowsPath) {
        requireNonNull(windowsPath, "windowsPath cannot be null");
        String p = windowsPath.replace('/', '\\');
        if (p.startsWith("\\") && p.length() > 2 && p.charAt(2) == ':') {
            p = p.substring(1);
        }
        if (p.length() < 2 || p.charAt(1) != ':' || Character.toUpperCase(p.charAt(0)) != 'C') {
            throw new IllegalArgumentException(
                    "the simulated host has only drive C: and absolute paths; got '" + windowsPath + "'");
        }
        Path current = drive;
        for (String segment : p.substring(2).split("\\\\")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (current.equals(drive)) {
                    throw new IllegalArgumentException("path escapes C:\\: '" + windowsPath + "'");
                }
                current = current.getParent();
                continue;
            }
            current = current.resolve(existingName(current, segment));
        }
        return current;
    }

    /** The Windows path of a file on the drive, for messages. */
    String windowsPath(Path file) {
        Path rel = drive.relativize(file);
        return "C:\\" + rel.toString().replace('/', '\\');
    }

    private static String existingName(Path dir, String segment) {
        if (Files.exists(dir.resolve(segment)) || !Files.isDirectory(dir)) {
            return segment;
        }
        String lower = segment.toLowerCase(Locale.ROOT);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path e : entries) {
                if (e.getFileName().toString().toLowerCase(Locale.ROOT).equals(lower)) {
                    return e.getFileName().toString();
                }
            }
        } catch (IOException e) {
            return segment;
        }
        return segment;
    }
}
