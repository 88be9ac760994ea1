package io.wmco.app.config;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.plan.KubeletSettings;
import io.wmco.domain.plan.LogRotation;
import io.wmco.domain.plan.NodeSettings;
import java.util.List;
import java.util.function.Function;

/**
 * The operator's settings that tune every Windows node ({@link NodeSettings}): their flags, environment variables
 * and parsing. Shared by the operator ({@link SettingsParser}) and {@code wmco plan}, so both accept the same values
 * and refuse bad ones with the same message, which names the flag and its environment variable.
 */
public final class NodeFlags {
    private NodeFlags() {}

    public static final String SYSTEM_RESERVED = "kubelet-system-reserved";
    public static final String EVICTION_HARD = "kubelet-eviction-hard";
    public static final String MAX_PODS = "kubelet-max-pods";
    public static final String LOG_FILE_SIZE = "services-log-file-size";
    public static final String LOG_FILE_AGE = "services-log-file-age";
    public static final String LOG_FLUSH_INTERVAL = "services-log-flush-interval";

    static final List<SettingsParser.Flag> FLAGS = List.of(
            new SettingsParser.Flag(
                    SYSTEM_RESERVED,
                    "",
                    "KUBELET_SYSTEM_RESERVED",
                    "resources reserved for the system on Windows nodes, name=quantity,... replacing the named"
                            + " defaults (cpu=500m,ephemeral-storage=1Gi,memory=2Gi)"),
            new SettingsParser.Flag(
                    EVICTION_HARD,
                    "",
                    "KUBELET_EVICTION_HARD",
                    "hard eviction thresholds of Windows nodes, signal=value,... replacing the named defaults"
                            + " (imagefs.available=15%,nodefs.available=10%; memory.available may be added)"),
            new SettingsParser.Flag(
                    MAX_PODS,
                    "250",
                    "KUBELET_MAX_PODS",
                    "pods per Windows node, " + KubeletSettings.MIN_PODS + " to " + KubeletSettings.MAX_PODS),
            new SettingsParser.Flag(
                    LOG_FILE_SIZE,
                    "",
                    "SERVICES_LOG_FILE_SIZE",
                    "rotate the kubelet's and kube-proxy's log files on Windows nodes at this size, e.g. 100M"
                            + " (default: no rotation)"),
            new SettingsParser.Flag(
                    LOG_FILE_AGE,
                    "",
                    "SERVICES_LOG_FILE_AGE",
                    "delete rotated log files older than this, e.g. 168h (needs --" + LOG_FILE_SIZE + ")"),
            new SettingsParser.Flag(
                    LOG_FLUSH_INTERVAL,
                    "",
                    "SERVICES_LOG_FLUSH_INTERVAL",
                    "sync those log files to disk this often, e.g. 5s (needs --" + LOG_FILE_SIZE + ")"));

    /** The flag with its environment variable, as problems name it, e.g. {@code --kubelet-max-pods (KUBELET_MAX_PODS)}. */
    public static String label(String name) {
        for (SettingsParser.Flag f : FLAGS) {
            if (f.name().equals(name)) {
                return "--" + name + (f.env().isEmpty() ? "" : " (" + f.env() + ")");
            }
        }
        throw new IllegalArgumentException("no node flag " + name);
    }

    /**
     * The node settings from flag values.
     *
     * @param get a flag's value by name, "" when not given (the default is the operator's then)
     * @param problems receives one line per bad value, naming the flag
     * @return the settings, with the defaults where a value was refused
     */
    public static NodeSettings parse(Function<String, String> get, List<String> problems) {
        requireNonNull(get, "get cannot be null");
        requireNonNull(problems, "problems cannot be null");
        KubeletSettings kubelet = KubeletSettings.DEFAULT;
        try {
            kubelet = kubelet.withSystemReserved(get.apply(SYSTEM_RESERVED));
        } catch (IllegalArgumentException e) {
            problems.add(label(SYSTEM_RESERVED) + ": " + e.getMessage());
        }
        try {
            kubelet = kubelet.withEvictionHard(get.apply(EVICTION_HARD));
        } catch (IllegalArgumentException e) {
            problems.add(label(EVICTION_HARD) + ": " + e.getMessage());
        }
        String pods = get.apply(MAX_PODS).strip();
        if (!pods.isEmpty()) {
            try {
                kubelet = kubelet.withMaxPods(Integer.parseInt(pods));
            } catch (NumberFormatException e) {
                problems.add(label(MAX_PODS) + ": must be a whole number, got \"" + pods + "\"");
            } catch (IllegalArgumentException e) {
                problems.add(label(MAX_PODS) + ": " + e.getMessage());
            }
        }
        return new NodeSettings(logRotation(get, problems), kubelet);
    }

    private static LogRotation logRotation(Function<String, String> get, List<String> problems) {
        String size = get.apply(LOG_FILE_SIZE);
        String age = get.apply(LOG_FILE_AGE);
        String flush = get.apply(LOG_FLUSH_INTERVAL);
        int before = problems.size();
        LogRotation.sizeProblem(size).ifPresent(p -> problems.add(label(LOG_FILE_SIZE) + ": " + p));
        LogRotation.durationProblem(age).ifPresent(p -> problems.add(label(LOG_FILE_AGE) + ": " + p));
        LogRotation.durationProblem(flush).ifPresent(p -> problems.add(label(LOG_FLUSH_INTERVAL) + ": " + p));
        if (problems.size() > before) {
            return LogRotation.OFF;
        }
        try {
            return LogRotation.of(size, age, flush);
        } catch (IllegalArgumentException e) {
            List<String> given = new java.util.ArrayList<>();
            if (!age.isBlank()) {
                given.add(label(LOG_FILE_AGE));
            }
            if (!flush.isBlank()) {
                given.add(label(LOG_FLUSH_INTERVAL));
            }
            problems.add(String.join(" and ", given) + ": " + e.getMessage() + " (" + label(LOG_FILE_SIZE) + ")");
            return LogRotation.OFF;
        }
    }
}
