package io.wmco.app.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options of one subcommand: {@code --name value} or {@code --name=value}; flags without a value are listed
 * separately. Unknown options, repeated options, missing values and stray arguments are refused with a
 * {@link UsageException} naming them. Not thread-safe; built and read once.
 */
final class CliArgs {
    private final String command;
    private final Map<String, String> values = new LinkedHashMap<>();

    private CliArgs(String command) {
        this.command = command;
    }

    /**
     * @param valued options that take a value
     * @param flags options that take none (their value reads as {@code "true"})
     */
    static CliArgs parse(String command, List<String> args, Set<String> valued, Set<String> flags) {
        requireNonNull(args, "args cannot be null");
        CliArgs parsed = new CliArgs(command);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException(
                        "wmco " + command + ": unexpected argument '" + arg + "'; options start with --");
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            String value;
            if (flags.contains(name)) {
                if (eq >= 0) {
                    throw new UsageException("wmco " + command + ": --" + name + " takes no value");
                }
                value = "true";
            } else if (valued.contains(name)) {
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("wmco " + command + ": --" + name + " needs a value");
                }
            } else {
                throw new UsageException("wmco " + command + ": unknown option --" + name);
            }
            if (parsed.values.put(name, value) != null) {
                throw new UsageException("wmco " + command + ": --" + name + " is given twice; give it once");
            }
        }
        return parsed;
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    String required(String name, String example) {
        return get(name)
                .orElseThrow(() -> new UsageException(
                        "wmco " + command + ": --" + name + " is required, e.g. --" + name + " " + example));
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    int intValue(String name, int defaultValue, int min, int max) {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("wmco " + command + ": --" + name + " must be a whole number from " + min + " to "
                + max + ", got '" + v.get() + "'");
    }

    /** The bytes of a file named by a required option (a private key; never echoed). */
    byte[] readFile(String name, String example) {
        Path path = Path.of(required(name, example));
        if (!Files.isRegularFile(path)) {
            throw new UsageException("wmco " + command + ": --" + name + " " + path + " is not a readable file");
        }
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UsageException(
                    "wmco " + command + ": cannot read --" + name + " " + path + ": "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }
}
