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
}
