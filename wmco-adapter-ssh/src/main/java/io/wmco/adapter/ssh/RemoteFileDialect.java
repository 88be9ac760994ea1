package io.wmco.adapter.ssh;

/**
 * Which commands the adapter uses for remote file operations (hash, atomic replace). Production hosts are Windows;
 * the POSIX dialect exists so that the adapter can be exercised against a real OpenSSH sshd on Linux (tests, the
 * transfer benchmark).
 */
public enum RemoteFileDialect {
    /** PowerShell: {@code Get-FileHash} and {@code Move-Item}; paths like {@code C:\k\kubelet.exe}. */
    WINDOWS,
    /** POSIX shell: {@code sha256sum} and {@code mv -f}; absolute POSIX paths. */
    POSIX;

    FileCommands commands() {
        return switch (this) {
            case WINDOWS -> new WindowsFileCommands();
            case POSIX -> new PosixFileCommands();
        };
    }
}
