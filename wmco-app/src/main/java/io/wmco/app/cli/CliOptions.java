package io.wmco.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks picocli does not make: value ranges and key files, each failure a {@link UsageException} naming the option. */
final class CliOptions {
    private CliOptions() {}

    static int range(String command, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UsageException("wmco " + command + ": --" + option + " must be a whole number from " + min
                    + " to " + max + ", got '" + value + "'");
        }
        return value;
    }

    /** The bytes of a file named by an option (a private key: never echoed). */
    static byte[] readFile(String command, String option, Path path) {
        if (!Files.isRegularFile(path)) {
            throw new UsageException("wmco " + command + ": --" + option + " " + path + " is not a readable file");
        }
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UsageException(
                    "wmco " + command + ": cannot read --" + option + " " + path + ": "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }
}
