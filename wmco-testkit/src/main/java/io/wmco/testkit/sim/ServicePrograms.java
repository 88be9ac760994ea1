package io.wmco.testkit.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the simulated host knows of the programs its services run, beyond "the executable exists": the command-line
 * flags of {@code kube-log-runner.exe} exactly as its Go flag set defines them (an unknown flag or a malformed value
 * makes it exit at once, so the service does not start), and that it opens its {@code -log-file} in an existing
 * directory (it does not create directories); and {@code csi-proxy.exe}'s flags and log file likewise. A program
 * this class does not know starts as before. Stateless.
 */
final class ServicePrograms {
    private ServicePrograms() {}

    /** kube-log-runner's flags (component-base logs/kube-log-runner): name to whether it is boolean. */
    private static final Map<String, Boolean> LOG_RUNNER_FLAGS = Map.of(
            "log-file", false,
            "log-file-size", false,
            "log-file-age", false,
            "flush-interval", false,
            "also-stdout", true,
            "redirect-stderr", true);

    private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");
    private static final Pattern DURATION = Pattern.compile("0|([0-9]+(\\.[0-9]+)?(ns|us|\u00b5s|ms|s|m|h))+");
    private static final Set<String> BOOLEANS =
            Set.of("true", "false", "1", "0", "t", "f", "TRUE", "FALSE", "True", "False");

    /**
     * Starts the program of a service: empty when it runs, else why it exited at once (what the service manager
     * would report as a failed start).
     */
    static Optional<String> start(VirtualDrive drive, String serviceName, List<String> argv) {
        if (argv.isEmpty()) {
            return Optional.empty();
        }
        String exe = fileName(argv.get(0));
        if (exe.equals("kube-log-runner.exe")) {
            return logRunner(drive, serviceName, argv);
        }
        if (exe.equals("csi-proxy.exe")) {
            return csiProxy(drive, argv);
        }
        return Optional.empty();
    }

    private static Optional<String> logRunner(VirtualDrive drive, String serviceName, List<String> argv) {
        Map<String, String> flags = new LinkedHashMap<>();
        int i = 1;
        for (; i < argv.size(); i++) {
            String a = argv.get(i);
            if (!a.startsWith("-") || a.equals("-")) {
                break;
            }
            if (a.equals("--")) {
                i++;
                break;
            }
            String body = a.startsWith("--") ? a.substring(2) : a.substring(1);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            Boolean bool = LOG_RUNNER_FLAGS.get(name);
            if (bool == null) {
                return Optional.of("kube-log-runner: flag provided but not defined: -" + name);
            }
            String value;
            if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (bool) {
                value = "true";
            } else if (i + 1 < argv.size()) {
                value = argv.get(++i);
            } else {
                return Optional.of("kube-log-runner: flag needs an argument: -" + name);
            }
            Optional<String> bad = switch (name) {
                case "log-file-size" -> QUANTITY.matcher(value).matches() ? Optional.empty() : Optional.of("quantity");
                case "log-file-age", "flush-interval" ->
                    DURATION.matcher(value).matches() ? Optional.empty() : Optional.of("duration");
                case "also-stdout", "redirect-stderr" ->
                    BOOLEANS.contains(value) ? Optional.empty() : Optional.of("boolean");
                default -> Optional.empty();
            };
            if (bad.isPresent()) {
                return Optional.of(
                        "kube-log-runner: invalid value \"" + value + "\" for flag -" + name + ": not a " + bad.get());
            }
            flags.put(name, value);
        }
        if (i >= argv.size()) {
            return Optional.of("kube-log-runner: not enough arguments to run");
        }
        String program = argv.get(i);
        try {
            if (!Files.isRegularFile(drive.resolve(program))) {
                return Optional.of("kube-log-runner: starting command: exec: \"" + program + "\": file does not exist");
            }
            String logFile = flags.get("log-file");
            if (logFile != null && !logFile.isEmpty()) {
                Path log = drive.resolve(logFile);
                if (!Files.isDirectory(log.getParent())) {
                    return Optional.of("kube-log-runner: failed to create log file " + logFile
                            + ": The system cannot find the path specified.");
                }
                Files.writeString(
                        log,
                        "simulated " + fileName(program) + " of service " + serviceName + " started\n",
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        } catch (IllegalArgumentException | IOException e) {
            return Optional.of("kube-log-runner: " + e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * csi-proxy's flags (its own and klog's, single or double dash, {@code -name=value}); with {@code -log_file} and
     * {@code -logtostderr=false} it writes that file, in an existing directory.
     */
    private static Optional<String> csiProxy(VirtualDrive drive, List<String> argv) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (String a : argv.subList(1, argv.size())) {
            if (!a.startsWith("-")) {
                return Optional.of("csi-proxy: unexpected argument " + a);
            }
            String body = a.replaceFirst("^--?", "");
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            Boolean bool = CSI_PROXY_FLAGS.get(name);
            if (bool == null) {
                return Optional.of("csi-proxy: flag provided but not defined: -" + name);
            }
            String value = eq < 0 ? "true" : body.substring(eq + 1);
            if (eq < 0 && !bool) {
                return Optional.of("csi-proxy: flag needs an argument: -" + name);
            }
            if (bool && !BOOLEANS.contains(value)) {
                return Optional.of("csi-proxy: invalid boolean value \"" + value + "\" for -" + name);
            }
            flags.put(name, value);
        }
        String logFile = flags.get("log_file");
        if (logFile != null && "false".equalsIgnoreCase(flags.getOrDefault("logtostderr", "true"))) {
            try {
                Path log = drive.resolve(logFile);
                if (!Files.isDirectory(log.getParent())) {
                    return Optional.of("csi-proxy: log: failed to create log file " + logFile
                            + ": The system cannot find the path specified.");
                }
                Files.writeString(
                        log,
                        "simulated csi-proxy started\n",
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IllegalArgumentException | IOException e) {
                return Optional.of("csi-proxy: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** csi-proxy's flags that the simulation knows: name to whether it is boolean. */
    private static final Map<String, Boolean> CSI_PROXY_FLAGS = Map.of(
            "windows-service", true,
            "service-name", false,
            "kubelet-path", false,
            "log_file", false,
            "log_dir", false,
            "logtostderr", true,
            "alsologtostderr", true,
            "v", false);

    private static String fileName(String windowsPath) {
        int slash = windowsPath.lastIndexOf('\\');
        return windowsPath.substring(slash + 1).toLowerCase(Locale.ROOT);
    }
}
