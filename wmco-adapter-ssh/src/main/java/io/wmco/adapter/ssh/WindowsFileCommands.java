package io.wmco.adapter.ssh;

import io.wmco.domain.remote.CommandResult;
import io.wmco.domain.remote.Shell;
import io.wmco.domain.remote.ShellWrapper;
import java.util.Optional;

/**
 * PowerShell file commands for Windows hosts, built by {@link io.wmco.domain.remote.FileCommands} (the vocabulary the simulated
 * Windows host understands) and wrapped by {@link ShellWrapper} for the host's default shell.
 */
final class WindowsFileCommands implements FileCommands {

    @Override
    public String hashWire(String path, Shell defaultShell) {
        return ShellWrapper.wireForm(io.wmco.domain.remote.FileCommands.sha256(path), defaultShell);
    }

    @Override
    public Optional<String> parseHash(CommandResult result) {
        return io.wmco.domain.remote.FileCommands.parseSha256(result);
    }

    @Override
    public String replaceWire(String temp, String target, Shell defaultShell) {
        return ShellWrapper.wireForm(io.wmco.domain.remote.FileCommands.replace(temp, target), defaultShell);
    }

    @Override
    public String removeWire(String path, Shell defaultShell) {
        return ShellWrapper.wireForm(io.wmco.domain.remote.FileCommands.remove(path), defaultShell);
    }

    @Override
    public String removeDirectoryWire(String path, Shell defaultShell) {
        return ShellWrapper.wireForm(io.wmco.domain.remote.FileCommands.removeDirectory(path), defaultShell);
    }

    @Override
    public String unpackWire(String archive, String staging, String entry, String temp, Shell defaultShell) {
        return ShellWrapper.wireForm(
                io.wmco.domain.remote.FileCommands.unpack(archive, staging, entry, temp), defaultShell);
    }

    @Override
    public io.wmco.domain.remote.FileCommands.Unpack parseUnpack(CommandResult result) {
        return io.wmco.domain.remote.FileCommands.parseUnpack(result);
    }
}
