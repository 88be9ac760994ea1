package io.wmco.adapter.ssh;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.remote.CommandResult;
import io.wmco.domain.remote.Shell;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * POSIX file commands, sent verbatim whatever the shell probe said (a Linux sshd runs a POSIX shell). Used against
 * a real OpenSSH sshd in tests and the benchmark.
 */
final class PosixFileCommands implements FileCommands {
    private static final Pattern SHA256_LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *].*", Pattern.DOTALL);

    /** A POSIX shell single-quoted word holding exactly {@code value}. */
    static String quote(String value) {
        requireNonNull(value, "value cannot be null");
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("value holds a NUL character, which no shell argument can carry");
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    @Override
    public String hashWire(String path, Shell defaultShell) {
        String p = quote(path);
        // OpenSSL uses the CPU's SHA extensions; coreutils' sha256sum may not (4x slower on large files).
        return "if [ -f " + p + " ]; then if command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 -r -- " + p
                + "; else sha256sum -b -- " + p + "; fi; fi";
    }

    @Override
    public Optional<String> parseHash(CommandResult result) {
        if (!result.succeeded()) {
            throw new IllegalArgumentException("sha256sum failed with exit status " + result.exitStatus() + ": "
                    + result.stderr().strip());
        }
        String out = result.stdout().strip();
        if (out.isEmpty()) {
            return Optional.empty();
        }
        var m = SHA256_LINE.matcher(out);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected sha256sum output but the host printed: "
                    + (out.length() > 200 ? out.substring(0, 200) + "..." : out));
        }
        return Optional.of(m.group(1).toLowerCase(Locale.ROOT));
    }

    @Override
    public String replaceWire(String temp, String target, Shell defaultShell) {
        return "mv -f -- " + quote(temp) + " " + quote(target);
    }

    @Override
    public String removeWire(String path, Shell defaultShell) {
        return "rm -f -- " + quote(path);
    }

    @Override
    public String removeDirectoryWire(String path, Shell defaultShell) {
        return "rm -rf -- " + quote(path);
    }

    /**
     * GNU tar (or any tar on the PATH) in the same shape as the Windows command: a missing tar prints the same
     * marker with the same exit status, so the fallback can be tested against a real sshd.
     */
    @Override
    public String unpackWire(String archive, String staging, String entry, String temp, Shell defaultShell) {
        String a = quote(archive);
        String s = quote(staging);
        String e = quote(io.wmco.domain.remote.FileCommands.entryName(entry));
        String t = quote(temp);
        return "command -v tar >/dev/null 2>&1 || { echo " + quote(io.wmco.domain.remote.FileCommands.TAR_MISSING)
                + "; exit " + io.wmco.domain.remote.FileCommands.TAR_MISSING_EXIT + "; }; "
                + "rm -rf -- " + s + " && mkdir -- " + s + " && tar -xzf " + a + " -C " + s + " -- " + e
                + " && mv -f -- " + s + "/" + e + " " + t + "; rc=$?; rm -rf -- " + s + "; rm -f -- " + a
                + "; if [ $rc -ne 0 ]; then echo \"tar exited with status $rc\" >&2; exit $rc; fi; "
                + hashWire(temp, defaultShell);
    }

    @Override
    public io.wmco.domain.remote.FileCommands.Unpack parseUnpack(CommandResult result) {
        String out = result.stdout().strip();
        if (result.exitStatus() == io.wmco.domain.remote.FileCommands.TAR_MISSING_EXIT
                && out.equals(io.wmco.domain.remote.FileCommands.TAR_MISSING)) {
            return new io.wmco.domain.remote.FileCommands.Unpack.TarMissing();
        }
        try {
            return parseHash(result)
                    .<io.wmco.domain.remote.FileCommands.Unpack>map(
                            io.wmco.domain.remote.FileCommands.Unpack.Unpacked::new)
                    .orElseGet(() -> new io.wmco.domain.remote.FileCommands.Unpack.Failed("no file after unpacking"));
        } catch (IllegalArgumentException e) {
            return new io.wmco.domain.remote.FileCommands.Unpack.Failed(e.getMessage());
        }
    }
}
