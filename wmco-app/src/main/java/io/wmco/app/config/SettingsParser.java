package io.wmco.app.config;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.hostsettings.ProxySettings;
import io.wmco.domain.plan.NodeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Builds {@link OperatorSettings} from command-line flags ({@code --name=value} or {@code --name value}) and
 * environment variables. picocli reads the command line and writes the help; this class holds the table of flags
 * and checks their values. Every problem is reported at once, each naming the flag and what it accepts.
 *
 * <p>Slightly over 300 lines: most of it is the table of flags, which reads best in one place; the node-tuning flags
 * live in {@link NodeFlags}.
 */
public final class SettingsParser {

    /** A flag the operator understands: its name, default, environment fallback and help text. */
    record Flag(String name, String defaultValue, String env, String help) {}

    static final List<Flag> FLAGS = java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(
                            new Flag(
                                    "kubeconfig",
                                    "",
                                    "KUBECONFIG",
                                    "kubeconfig file; empty uses the in-cluster service account"),
                            new Flag(
                                    "namespace",
                                    "openshift-windows-machine-config-operator",
                                    "WATCH_NAMESPACE",
                                    "operator namespace"),
                            new Flag(
                                    "payload-dir",
                                    "/payload",
                                    "WMCO_PAYLOAD_DIR",
                                    "directory of the Windows binaries handed to hosts"),
                            new Flag(
                                    "operator-version",
                                    "",
                                    "OPERATOR_VERSION",
                                    "version written to configured nodes (default: the jar's version)"),
                            new Flag(
                                    "max-parallel-configurations",
                                    "",
                                    "MAX_PARALLEL_CONFIGURATIONS",
                                    "instances configured at once (default: derived from the CPUs and heap the"
                                            + " operator may use and the payload's size; the start-up log says how)"),
                            new Flag(
                                    "max-parallel-upgrades",
                                    "1",
                                    "",
                                    "existing Windows nodes upgraded or replaced at once"),
                            new Flag(
                                    "http-port",
                                    "8080",
                                    "",
                                    "port of /healthz and /readyz, plain HTTP (0: any free port)"),
                            new Flag("leader-elect", "true", "", "take a Lease before acting (true or false)"),
                            new Flag("lease-name", "wmco-leader", "", "name of the leader-election Lease"),
                            new Flag(
                                    "identity",
                                    "",
                                    "POD_NAME",
                                    "this replica's identity in the Lease (default: random)"),
                            new Flag("lease-duration", "15s", "", "Lease validity without renewal"),
                            new Flag("ssh-port", "22", "", "SSH port of Windows hosts"),
                            new Flag("service-cidr", "10.96.0.0/12", "", "service CIDR (plain Kubernetes only)"),
                            new Flag(
                                    "cluster-dns",
                                    "",
                                    "",
                                    "cluster DNS address (plain Kubernetes; default: 10th address of --service-cidr)"),
                            new Flag(
                                    "vxlan-port",
                                    "",
                                    "",
                                    "hybrid-overlay VXLAN port (plain Kubernetes only; default 4789)"),
                            new Flag(
                                    "platform",
                                    "none",
                                    "",
                                    "platform on plain Kubernetes: none, aws, azure, gcp, vsphere, nutanix"),
                            new Flag(
                                    "allow-newer-kubernetes",
                                    "false",
                                    "",
                                    "accept API servers newer than the supported window"),
                            new Flag(
                                    "node-api-server-url",
                                    "",
                                    "",
                                    "API server URL written into kubelet kubeconfigs (default: derived)"),
                            new Flag(
                                    "node-ca-file",
                                    "",
                                    "",
                                    "CA bundle kubelets trust the API server with (default: the kube-root-ca.crt"
                                            + " ConfigMap, else the service account's CA)"),
                            new Flag(
                                    "csr-bootstrap-users",
                                    "",
                                    "",
                                    "comma-separated users whose kubelet client CSRs are approved, besides the operator's own"
                                            + " bootstrap token and OpenShift's node-bootstrapper ServiceAccount"),
                            new Flag(
                                    "http-proxy",
                                    "",
                                    "HTTP_PROXY",
                                    "proxy set as HTTP_PROXY on Windows nodes (OLM sets the variable from the cluster Proxy)"),
                            new Flag("https-proxy", "", "HTTPS_PROXY", "proxy set as HTTPS_PROXY on Windows nodes"),
                            new Flag("no-proxy", "", "NO_PROXY", "hosts set as NO_PROXY on Windows nodes"),
                            new Flag(
                                    "metrics-port",
                                    "8443",
                                    "METRICS_PORT",
                                    "port of /metrics, over TLS unless --metrics-insecure (0: any free port)"),
                            new Flag(
                                    "metrics-cert-file",
                                    "",
                                    "METRICS_CERT_FILE",
                                    "PEM certificate chain of /metrics, re-read when it changes (default: self-signed)"),
                            new Flag(
                                    "metrics-key-file",
                                    "",
                                    "METRICS_KEY_FILE",
                                    "PEM private key (PKCS#1, SEC1 or PKCS#8) of --metrics-cert-file"),
                            new Flag(
                                    "metrics-insecure",
                                    "false",
                                    "METRICS_INSECURE",
                                    "serve /metrics over plain HTTP instead of TLS"),
                            new Flag(
                                    "mirror-pull-secret",
                                    "",
                                    "MIRROR_PULL_SECRET",
                                    "Secret (NAME in the operator namespace, or NAMESPACE/NAME) whose .dockerconfigjson"
                                            + " gives registry mirrors their credentials (default: openshift-config/"
                                            + "pull-secret where image.config.openshift.io is served, else none)")),
                    NodeFlags.FLAGS.stream())
            .toList();

    /** Flags that may be given without a value, meaning true. */
    private static final Set<String> BOOLEAN_FLAGS =
            Set.of("leader-elect", "allow-newer-kubernetes", "metrics-insecure");

    private final Map<String, String> env;
    private final String defaultVersion;

    /**
     * @param env the process environment (or a test's map)
     * @param defaultVersion version to use when neither flag nor environment give one
     */
    public SettingsParser(Map<String, String> env, String defaultVersion) {
        this.env = Map.copyOf(env);
        this.defaultVersion = defaultVersion;
    }

    /**
     * @throws InvalidSettingsException listing every invalid or unknown flag
     */
    public OperatorSettings parse(String... args) {
        requireNonNull(args, "args cannot be null");
        CommandLine cli = commandLine(env);
        cli.setUnmatchedArgumentsAllowed(true);
        // A flag given again overrides the earlier value, as before picocli (scripts append overrides).
        cli.setOverwrittenOptionsAllowed(true);
        cli.getCommandSpec().parser().collectErrors(true);
        ParseResult parsed = cli.parseArgs(args);
        List<String> problems = new ArrayList<>();
        parsed.errors().forEach(e -> problems.add(e.getMessage()));
        for (String arg : parsed.unmatched()) {
            if (arg.startsWith("-")) {
                String name = arg.replaceFirst("^-+", "").replaceFirst("=.*$", "");
                problems.add("unknown flag --" + name + "; known flags: "
                        + String.join(
                                ", ", FLAGS.stream().map(f -> "--" + f.name()).toList()));
            } else {
                problems.add("unexpected argument \"" + arg + "\": flags look like --name=value");
            }
        }
        CommandSpec spec = cli.getCommandSpec();
        Function<String, String> get = name -> {
            String v = spec.findOption("--" + name).getValue();
            return v == null ? "" : v;
        };

        String version = get.apply("operator-version");
        if (version.isBlank()) {
            version = defaultVersion;
        }
        String identity = get.apply("identity");
        if (identity.isBlank()) {
            identity = "wmco-" + UUID.randomUUID();
        }
        String kubeconfig = get.apply("kubeconfig");
        Optional<Integer> maxParallel = Optional.empty();
        if (!get.apply("max-parallel-configurations").isBlank()) {
            maxParallel = Optional.of(intFlag(get, "max-parallel-configurations", 1, 1000, problems));
        }
        int maxUpgrades = intFlag(get, "max-parallel-upgrades", 1, 100, problems);
        int httpPort = intFlag(get, "http-port", 0, 65535, problems);
        int sshPort = intFlag(get, "ssh-port", 1, 65535, problems);
        int metricsPort = intFlag(get, "metrics-port", 0, 65535, problems);
        boolean metricsInsecure = boolFlag(get, "metrics-insecure", problems);
        boolean leader = boolFlag(get, "leader-elect", problems);
        boolean allowNewer = boolFlag(get, "allow-newer-kubernetes", problems);
        Duration lease = durationFlag(get, "lease-duration", problems);
        String vxlan = get.apply("vxlan-port");
        Optional<Integer> vxlanPort = Optional.empty();
        if (!vxlan.isBlank()) {
            vxlanPort = Optional.of(intFlag(get, "vxlan-port", 1, 65535, problems));
        }
        String dns = get.apply("cluster-dns");
        String apiUrl = get.apply("node-api-server-url");
        String caFile = get.apply("node-ca-file");
        NodeSettings node = NodeFlags.parse(get, problems);
        if (version.isBlank()) {
            problems.add(
                    "--operator-version is empty and the jar carries no version; set --operator-version or OPERATOR_VERSION");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        try {
            return new OperatorSettings(
                    kubeconfig.isBlank() ? Optional.empty() : Optional.of(Path.of(kubeconfig)),
                    get.apply("namespace"),
                    Path.of(get.apply("payload-dir")),
                    version,
                    maxParallel,
                    maxUpgrades,
                    httpPort,
                    leader,
                    get.apply("lease-name"),
                    identity,
                    lease,
                    sshPort,
                    new OperatorSettings.ClusterFlags(
                            get.apply("service-cidr"),
                            dns.isBlank() ? Optional.empty() : Optional.of(dns),
                            vxlanPort,
                            get.apply("platform")),
                    allowNewer,
                    apiUrl.isBlank() ? Optional.empty() : Optional.of(apiUrl),
                    caFile.isBlank() ? Optional.empty() : Optional.of(Path.of(caFile)),
                    Arrays.stream(get.apply("csr-bootstrap-users").split(","))
                            .map(String::strip)
                            .filter(u -> !u.isEmpty())
                            .toList(),
                    new ProxySettings(
                            optional(get.apply("http-proxy")),
                            optional(get.apply("https-proxy")),
                            optional(get.apply("no-proxy"))),
                    node,
                    new OperatorSettings.MetricsServing(
                            metricsPort,
                            optional(get.apply("metrics-cert-file")).map(Path::of),
                            optional(get.apply("metrics-key-file")).map(Path::of),
                            metricsInsecure),
                    get.apply("mirror-pull-secret").strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(List.of(e.getMessage()));
        }
    }

    private static Optional<String> optional(String value) {
        return value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** Every flag with its help, default and environment variable, for {@code --help}. */
    public static String usage() {
        return commandLine(Map.of()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /**
     * The flags as a picocli command: every flag takes one value ({@code --name=value} or {@code --name value});
     * {@code --leader-elect}, {@code --allow-newer-kubernetes} and {@code --metrics-insecure} alone mean true. A flag not given takes its
     * environment variable when set and not blank, else its default. Values are strings, checked by
     * {@link #parse}, so that every problem is reported at once.
     */
    private static CommandLine commandLine(Map<String, String> env) {
        CommandSpec spec = CommandSpec.create().name("wmco-operator").mixinStandardHelpOptions(false);
        spec.usageMessage()
                .description("The Windows Machine Config Operator. Flags:")
                .width(120);
        for (Flag f : FLAGS) {
            String fromEnv = f.env().isEmpty() ? null : env.get(f.env());
            String value = fromEnv != null && !fromEnv.isBlank() ? fromEnv : f.defaultValue();
            boolean bool = BOOLEAN_FLAGS.contains(f.name());
            String help = f.help()
                    + (f.defaultValue().isEmpty() ? "" : " (default " + f.defaultValue() + ")")
                    + (f.env().isEmpty() ? "" : " [env " + f.env() + "]");
            spec.addOption(OptionSpec.builder("--" + f.name())
                    .type(String.class)
                    .arity(bool ? "0..1" : "1")
                    .fallbackValue(bool ? "true" : "")
                    .paramLabel(bool ? "true|false" : "<" + f.name() + ">")
                    .defaultValue(value)
                    .description(help.replace("%", "%%"))
                    .build());
        }
        return new CommandLine(spec);
    }

    private static int intFlag(Function<String, String> get, String name, int min, int max, List<String> problems) {
        String raw = get.apply(name);
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < min || v > max) {
                problems.add("--" + name + " must be between " + min + " and " + max + ", got " + raw);
            }
            return v;
        } catch (NumberFormatException e) {
            problems.add("--" + name + " must be a whole number, got \"" + raw + "\"");
            return min;
        }
    }

    private static boolean boolFlag(Function<String, String> get, String name, List<String> problems) {
        String raw = get.apply(name).trim();
        if (raw.equalsIgnoreCase("true")) {
            return true;
        }
        if (!raw.equalsIgnoreCase("false")) {
            problems.add("--" + name + " must be true or false, got \"" + raw + "\"");
        }
        return false;
    }

    private static Duration durationFlag(Function<String, String> get, String name, List<String> problems) {
        String raw = get.apply(name).trim();
        try {
            if (raw.matches("\\d+(ms|s|m|h)")) {
                long n = Long.parseLong(raw.replaceAll("\\D", ""));
                return switch (raw.replaceAll("\\d", "")) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            return Duration.parse(raw);
        } catch (DateTimeParseException e) {
            problems.add("--" + name + " must be a duration such as 30s, 5m or 1h, got \"" + raw + "\"");
            return Duration.ofSeconds(1);
        }
    }
}
