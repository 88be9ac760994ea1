package io.wmco.adapter.ssh;

import io.wmco.domain.remote.CommandResult;
import io.wmco.domain.remote.Shell;
import io.wmco.domain.remote.ShellWrapper;
import io.wmco.domain.remote.WindowsCommands;
import java.util.Optional;

/**
 * PowerShell file commands for Windows hosts, built by {@link WindowsCommands} (the vocabulary the simulated
 * Windows host understands) and wrapped by {@link ShellWrapper} for the host's default shell.
 */
final class WindowsFileCommands implements FileCommands {

    @Override
    public String hashWire(String path, Shell defaultShell) {
        return ShellWrapper.wireForm(WindowsCommands.fileSha256(path), defaultShell);
    }

    @Override
    public Optional<String> parseHash(CommandResult result) {
        return WindowsCommands.parseSha256(result);
    }

    @Override
    public String replaceWire(String temp, String target, Shell defaultShell) {
        return ShellWrapper.wireForm(WindowsCommands.replaceFile(temp, target), defaultShell);
    }

    @Override
    public String removeWire(String path, Shell defaultShell) {
        return ShellWrapper.wireForm(WindowsCommands.removeFile(path), defaultShell);
    }
}
