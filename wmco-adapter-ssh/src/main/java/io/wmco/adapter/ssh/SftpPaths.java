package io.wmco.adapter.ssh;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * Maps the paths callers use to the form SFTP servers expect. Windows OpenSSH serves drive paths as
 * {@code /C:/k/kubelet.exe}; POSIX paths pass through unchanged.
 */
final class SftpPaths {
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:([\\\\/].*)?$");

    private SftpPaths() {}

    static String toSftp(String path) {
        requireNonNull(path, "path cannot be null");
        if (DRIVE.matcher(path).matches()) {
            return "/" + path.replace('\\', '/');
        }
        return path;
    }
}
