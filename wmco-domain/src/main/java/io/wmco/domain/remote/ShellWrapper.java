package io.wmco.domain.remote;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Decides how a {@link RemoteCommand} is sent to a host whose SSH default shell is known. This is the single
 * definition of the wire form: the SSH adapter sends what {@link #wireForm} returns and the simulated Windows host
 * understands exactly that.
 *
 * <ul>
 *   <li>Same shell: the script is sent as is.</li>
 *   <li>PowerShell script, cmd default: {@code powershell.exe -NoLogo -NoProfile -NonInteractive -ExecutionPolicy
 *       Bypass -EncodedCommand <base64 of the UTF-16LE script>}; nothing in the script needs escaping.</li>
 *   <li>cmd script, PowerShell default: {@code cmd.exe /d /c <script>}, the script built with
 *       {@link Quoting#cmd}.</li>
 * </ul>
 */
public final class ShellWrapper {
    private ShellWrapper() {}

    /** The probe sent to find the default shell: exits 0 printing a number in PowerShell, fails in cmd.exe. */
    public static final String PROBE = "$PSVersionTable.PSVersion.Major";

    /** Prefix of a wrapped PowerShell script, up to the base64 payload. */
    public static final String POWERSHELL_PREFIX =
            "powershell.exe -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ";

    /** Prefix of a wrapped cmd.exe command line. */
    public static final String CMD_PREFIX = "cmd.exe /d /c ";

    /** The text to send over SSH to run {@code command} on a host whose default shell is {@code defaultShell}. */
    public static String wireForm(RemoteCommand command, Shell defaultShell) {
        requireNonNull(command, "command cannot be null");
        requireNonNull(defaultShell, "defaultShell cannot be null");
        if (command.shell() == defaultShell) {
            return command.script();
        }
        return switch (command.shell()) {
            case POWERSHELL -> POWERSHELL_PREFIX + encode(command.script());
            case CMD -> CMD_PREFIX + command.script();
        };
    }

    /** Base64 of the UTF-16LE bytes of a script, as PowerShell's {@code -EncodedCommand} expects. */
    public static String encode(String script) {
        return Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
    }

    /** The inverse of {@link #encode}. */
    public static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_16LE);
    }
}
