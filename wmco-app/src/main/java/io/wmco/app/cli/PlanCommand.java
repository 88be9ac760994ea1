package io.wmco.app.cli;

import io.wmco.app.config.NodeFlags;
import io.wmco.app.payload.PayloadDirectory;
import io.wmco.domain.access.AuthorizedKey;
import io.wmco.domain.access.PublicKeyHash;
import io.wmco.domain.cluster.ClusterSettings;
import io.wmco.domain.cluster.Ipv4Cidr;
import io.wmco.domain.hostsettings.HostSettings;
import io.wmco.domain.hostsettings.MirrorRule;
import io.wmco.domain.hostsettings.ProxySettings;
import io.wmco.domain.hostsettings.PullSecretAuths;
import io.wmco.domain.hostsettings.RegistryMirrors;
import io.wmco.domain.hostsettings.TrustedCertificate;
import io.wmco.domain.instance.InstanceAddress;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.payload.PayloadFile;
import io.wmco.domain.payload.PayloadFiles;
import io.wmco.domain.payload.PayloadManifest;
import io.wmco.domain.plan.BootstrapCredentials;
import io.wmco.domain.plan.ConfigurationPlanner;
import io.wmco.domain.plan.NodeIdentity;
import io.wmco.domain.plan.NodeSettings;
import io.wmco.domain.plan.NodeTarget;
import io.wmco.domain.plan.PlanInputs;
import io.wmco.domain.plan.PlanResult;
import io.wmco.domain.plan.PlanTimeouts;
import io.wmco.domain.platform.Platform;
import io.wmco.domain.platform.PlatformProfile;
import io.wmco.domain.platform.PlatformProfiles;
import io.wmco.ports.remote.KeyPairReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wmco plan}: prints the configuration plan the operator would execute on one instance (directories, files
 * with their hashes, services with their command lines, waits) without contacting anything. Cluster values not
 * given as options are placeholders, and secrets (bootstrap token, key, user name) never appear in the output.
 *
 * <p>Longer than 300 lines because it declares one picocli option per operator setting that changes a plan (cluster,
 * proxy, node settings), each mirroring its operator flag; the parsing itself is shared ({@code NodeFlags},
 * {@code ClusterSettings}), so splitting would only scatter the option table.
 */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        synopsisHeading = "",
        description = "Prints the steps the operator runs to configure the instance, touching nothing.",
        footer = WmcoCli.FOOTER)
final class PlanCommand implements Callable<Integer> {
    static final String DEFAULT_INSTANCE = "192.0.2.10";
    static final String DEFAULT_SERVICE_CIDR = "10.96.0.0/12";
    static final String DEFAULT_API_URL = "https://api-int.cluster.example:6443";
    /** Stands for a hash that is not known without the payload directory. */
    static final String PLACEHOLDER_SHA256 = "0".repeat(64);

    private static final String PLACEHOLDER_CA =
            "-----BEGIN CERTIFICATE-----\n(placeholder)\n-----END CERTIFICATE-----\n";
    private static final String PLACEHOLDER_TOKEN = "xxxxxx.xxxxxxxxxxxxxxxx";
    private static final String PLACEHOLDER_USERNAME = "(encrypted-user-name)";

    @Spec
    CommandSpec spec;

    @Mixin
    CliMixins.PlatformOption platformOption;

    @Option(
            names = "--instance",
            paramLabel = "ADDRESS",
            defaultValue = DEFAULT_INSTANCE,
            description = "IPv4 address or DNS name as listed in windows-instances (default ${DEFAULT-VALUE})")
    String instance;

    @Option(
            names = "--ip",
            paramLabel = "IPV4",
            description = "the instance's IPv4 address when --instance is a DNS name (no lookup is made)")
    String ip;

    @Option(
            names = "--node-name",
            paramLabel = "NAME",
            description = "the node name (default: the DNS name, or win-<ip with dashes>)")
    String nodeName;

    @Option(
            names = "--payload-dir",
            paramLabel = "DIR",
            description = "directory of the Windows binaries; hashes are computed (default: placeholders)")
    Path payloadDir;

    @Option(
            names = "--service-cidr",
            paramLabel = "CIDR",
            defaultValue = DEFAULT_SERVICE_CIDR,
            description = "the cluster's service network (default ${DEFAULT-VALUE})")
    String serviceCidr;

    @Option(
            names = "--cluster-dns",
            paramLabel = "IP",
            description = "cluster DNS address (default: 10th address of --service-cidr)")
    String clusterDns;

    @Option(names = "--vxlan-port", paramLabel = "PORT", description = "hybrid-overlay VXLAN port (default 4789)")
    Integer vxlanPort;

    @Option(
            names = "--api-server-url",
            paramLabel = "URL",
            defaultValue = DEFAULT_API_URL,
            description = "URL kubelets reach the API server at (default ${DEFAULT-VALUE})")
    String apiServerUrl;

    @Option(
            names = "--operator-version",
            paramLabel = "V",
            description = "version written to the node (default: this build's)")
    String operatorVersion;

    @Option(
            names = "--key",
            paramLabel = "FILE",
            description = "private key file: shows the real pub-key-hash annotation instead of a placeholder")
    Path key;

    @Option(names = "--machine", description = "plan for a Machine API instance instead of a bring-your-own host")
    boolean machine;

    @Option(
            names = "--http-proxy",
            paramLabel = "URL",
            description = "cluster-wide proxy set as HTTP_PROXY on the node (credentials are shown as ***)")
    String httpProxy;

    @Option(names = "--https-proxy", paramLabel = "URL", description = "set as HTTPS_PROXY on the node")
    String httpsProxy;

    @Option(names = "--no-proxy", paramLabel = "LIST", description = "set as NO_PROXY on the node")
    String noProxy;

    @Option(
            names = "--trusted-ca",
            paramLabel = "FILE",
            description =
                    "PEM bundle added to the node's trusted root store (as the wmco-trusted-ca ConfigMap holds it)")
    Path trustedCa;

    @Option(
            names = "--reboot",
            description = "print the plan that reboots the configured node once it is annotated"
                    + " windowsmachineconfig.openshift.io/reboot-required=true")
    boolean reboot;

    @Option(
            names = "--" + NodeFlags.SYSTEM_RESERVED,
            paramLabel = "NAME=QTY,...",
            description = "as the operator's flag: system reservations replacing the named defaults")
    String systemReserved;

    @Option(
            names = "--" + NodeFlags.EVICTION_HARD,
            paramLabel = "SIGNAL=VALUE,...",
            description = "as the operator's flag: hard eviction thresholds replacing the named defaults")
    String evictionHard;

    @Option(names = "--" + NodeFlags.MAX_PODS, paramLabel = "N", description = "as the operator's flag (default 250)")
    String maxPods;

    @Option(
            names = "--" + NodeFlags.LOG_FILE_SIZE,
            paramLabel = "SIZE",
            description = "as the operator's flag: rotate the kubelet's and kube-proxy's logs at this size")
    String logFileSize;

    @Option(
            names = "--" + NodeFlags.LOG_FILE_AGE,
            paramLabel = "DURATION",
            description = "as the operator's flag: delete rotated logs older than this")
    String logFileAge;

    @Option(
            names = "--" + NodeFlags.LOG_FLUSH_INTERVAL,
            paramLabel = "DURATION",
            description = "as the operator's flag: sync the logs to disk this often")
    String logFlushInterval;

    @Option(
            names = "--digest-mirror",
            paramLabel = "SOURCE=MIRROR[,MIRROR...]",
            description = "an ImageDigestMirrorSet entry: the containerd hosts.toml the node gets (repeatable)")
    List<String> digestMirrors = new ArrayList<>();

    @Option(
            names = "--tag-mirror",
            paramLabel = "SOURCE=MIRROR[,MIRROR...]",
            description = "an ImageTagMirrorSet entry (repeatable)")
    List<String> tagMirrors = new ArrayList<>();

    @Option(
            names = "--mirror-ca",
            paramLabel = "HOST[..PORT]=FILE",
            description = "a mirror's CA, keyed as in the image config's additionalTrustedCA ConfigMap (repeatable)")
    List<String> mirrorCas = new ArrayList<>();

    @Option(
            names = "--mirror-pull-secret",
            paramLabel = "FILE",
            description = "a .dockerconfigjson whose auths give mirrors their credentials (shown redacted)")
    Path mirrorPullSecret;

    private final KeyPairReader keys;
    private final String defaultVersion;

    PlanCommand(KeyPairReader keys, String defaultVersion) {
        this.keys = keys;
        this.defaultVersion = defaultVersion;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Platform platform = platformOption.platform;
        PlatformProfile profile = PlatformProfiles.of(platform);
        Integer vxlan = vxlanPort == null ? null : CliOptions.range("plan", "vxlan-port", vxlanPort, 1, 65535);
        ClusterSettings.Result derived =
                ClusterSettings.forKubernetes(serviceCidr.strip(), blankToNull(clusterDns), vxlan, platform);
        if (derived instanceof ClusterSettings.Invalid invalid) {
            throw new UsageException("wmco plan: " + String.join("; ", invalid.problems()));
        }
        ClusterSettings cluster = ((ClusterSettings.Valid) derived).settings();
        NodeTarget target = target();
        if (reboot) {
            out.println("# platform " + platform.openshiftName() + ", instance " + target.address()
                    + ": runs when the node is annotated " + MetadataKeys.REBOOT_REQUIRED_ANNOTATION
                    + "=true, holding an upgrade slot");
            out.print(ConfigurationPlanner.reboot(target.nodeName(), PlanTimeouts.DEFAULT)
                    .describe());
            out.flush();
            return 0;
        }
        List<String> notes = new ArrayList<>();
        PayloadManifest payload = payload(profile, notes);
        BootstrapCredentials credentials;
        try {
            credentials =
                    new BootstrapCredentials(apiServerUrl.strip(), PLACEHOLDER_CA, PLACEHOLDER_CA, PLACEHOLDER_TOKEN);
        } catch (IllegalArgumentException e) {
            throw new UsageException("wmco plan: --api-server-url: " + e.getMessage(), e);
        }
        String hash;
        if (key != null) {
            AuthorizedKey publicKey = UserDataCommand.publicKey(keys, CliOptions.readFile("plan", "key", key), "plan");
            hash = PublicKeyHash.of(publicKey).value();
        } else {
            hash = PLACEHOLDER_SHA256;
            notes.add("pub-key-hash is a placeholder: pass --key FILE for the real value");
        }
        String version = operatorVersion == null || operatorVersion.isBlank() ? defaultVersion : operatorVersion;
        NodeSettings node = nodeSettings();
        PlanInputs inputs = new PlanInputs(
                profile,
                cluster,
                target,
                payload,
                version,
                credentials,
                new NodeIdentity(hash, PLACEHOLDER_USERNAME),
                PlanTimeouts.DEFAULT,
                hostSettings(notes),
                node);
        PlanResult result = ConfigurationPlanner.configure(inputs);
        if (result instanceof PlanResult.Rejected rejected) {
            err.println("wmco plan: the operator would refuse this instance:");
            rejected.problems().forEach(problem -> err.println("  - " + problem));
            return 1;
        }
        PlanResult.Planned planned = (PlanResult.Planned) result;
        out.println("# platform " + platform.openshiftName() + ", instance " + target.address()
                + (target.byoh() ? " (bring-your-own host)" : " (Machine)") + ", service CIDR "
                + cluster.serviceCidr() + ", cluster DNS " + cluster.clusterDns() + ", operator version " + version);
        notes.forEach(n -> out.println("# note: " + n));
        out.print(planned.plan().describe());
        out.flush();
        return 0;
    }

    /** The host-wide settings from the proxy and trusted-CA options (none given: the variables are removed). */
    private HostSettings hostSettings(List<String> notes) {
        ProxySettings proxy;
        try {
            proxy = new ProxySettings(
                    Optional.ofNullable(blankToNull(httpProxy)),
                    Optional.ofNullable(blankToNull(httpsProxy)),
                    Optional.ofNullable(blankToNull(noProxy)));
        } catch (IllegalArgumentException e) {
            throw new UsageException("wmco plan: " + e.getMessage(), e);
        }
        List<TrustedCertificate> cas = List.of();
        if (trustedCa != null) {
            TrustedCertificate.Bundle bundle = TrustedCertificate.parseBundle(
                    new String(CliOptions.readFile("plan", "trusted-ca", trustedCa), StandardCharsets.US_ASCII),
                    "--trusted-ca " + trustedCa);
            bundle.problems().forEach(p -> notes.add(p));
            cas = bundle.certificates();
        }
        List<MirrorRule> rules = new ArrayList<>();
        mirrorRules(MirrorRule.Kind.DIGEST, digestMirrors, rules);
        mirrorRules(MirrorRule.Kind.TAG, tagMirrors, rules);
        Map<String, String> mirrorCaPem = new TreeMap<>();
        for (String option : mirrorCas) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("wmco plan: --mirror-ca takes HOST[..PORT]=FILE, got " + option);
            }
            Path file = Path.of(option.substring(eq + 1).strip());
            mirrorCaPem.put(
                    option.substring(0, eq).strip(),
                    new String(CliOptions.readFile("plan", "mirror-ca", file), StandardCharsets.US_ASCII));
        }
        PullSecretAuths auths = mirrorPullSecret == null
                ? PullSecretAuths.NONE
                : CliWiring.pullSecretAuths(
                        "--mirror-pull-secret " + mirrorPullSecret,
                        CliOptions.readFile("plan", "mirror-pull-secret", mirrorPullSecret));
        notes.addAll(auths.problems());
        RegistryMirrors.Rendered mirrors = RegistryMirrors.render(rules, mirrorCaPem, auths);
        notes.addAll(mirrors.problems());
        return new HostSettings(proxy, cas, mirrors.directories());
    }

    private static void mirrorRules(MirrorRule.Kind kind, List<String> options, List<MirrorRule> out) {
        int entry = 0;
        for (String option : options) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("wmco plan: --" + kind.name().toLowerCase(Locale.ROOT)
                        + "-mirror takes SOURCE=MIRROR[,MIRROR...], got " + option);
            }
            out.add(new MirrorRule(
                    kind,
                    "command-line",
                    ++entry,
                    option.substring(0, eq).strip(),
                    List.of(option.substring(eq + 1).strip().split("\\s*,\\s*")),
                    false));
        }
    }

    /** The node settings of the options, checked as the operator checks its flags. */
    private NodeSettings nodeSettings() {
        Map<String, String> given = new TreeMap<>();
        given.put(NodeFlags.SYSTEM_RESERVED, systemReserved);
        given.put(NodeFlags.EVICTION_HARD, evictionHard);
        given.put(NodeFlags.MAX_PODS, maxPods);
        given.put(NodeFlags.LOG_FILE_SIZE, logFileSize);
        given.put(NodeFlags.LOG_FILE_AGE, logFileAge);
        given.put(NodeFlags.LOG_FLUSH_INTERVAL, logFlushInterval);
        List<String> problems = new ArrayList<>();
        NodeSettings node = NodeFlags.parse(name -> given.get(name) == null ? "" : given.get(name), problems);
        if (!problems.isEmpty()) {
            throw new UsageException("wmco plan: " + String.join("; ", problems));
        }
        return node;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private NodeTarget target() {
        String instance = this.instance.strip().toLowerCase(Locale.ROOT);
        InstanceAddress address;
        try {
            address = InstanceAddress.parse(instance);
        } catch (IllegalArgumentException e) {
            throw new UsageException("wmco plan: --instance: " + e.getMessage(), e);
        }
        boolean isIp = Ipv4Cidr.isIpv4Address(instance);
        String ip = blankToNull(this.ip) != null ? this.ip.strip() : isIp ? instance : null;
        if (ip == null) {
            throw new UsageException("wmco plan: --instance " + instance + " is a DNS name; give its IPv4 address "
                    + "with --ip (the plan makes no lookups)");
        }
        String nodeName = blankToNull(this.nodeName) != null
                ? this.nodeName.strip()
                : isIp ? "win-" + instance.replace('.', '-') : instance;
        try {
            return new NodeTarget(address.value(), ip, nodeName, !machine);
        } catch (IllegalArgumentException e) {
            throw new UsageException("wmco plan: " + e.getMessage(), e);
        }
    }

    private PayloadManifest payload(PlatformProfile profile, List<String> notes) {
        Map<String, PayloadFile> files = new TreeMap<>();
        if (payloadDir != null) {
            Path dir = payloadDir;
            Map<String, PayloadDirectory.Digest> scanned;
            try {
                scanned = PayloadDirectory.scan(dir);
            } catch (IllegalStateException | UncheckedIOException e) {
                throw new UsageException("wmco plan: --payload-dir: " + e.getMessage(), e);
            }
            scanned.forEach((name, d) -> files.put(name, new PayloadFile(d.sha256(), d.size())));
        } else {
            for (String name : PayloadFiles.requiredFor(profile)) {
                files.put(name, new PayloadFile(PLACEHOLDER_SHA256, 0));
            }
            files.put(PayloadFiles.CSI_PROXY, new PayloadFile(PLACEHOLDER_SHA256, 0));
            notes.add("csi-proxy steps are shown as if the payload held " + PayloadFiles.CSI_PROXY
                    + " (optional: without it the operator deletes the csi-proxy service instead)");
            notes.add("file hashes are placeholders (" + PLACEHOLDER_SHA256.substring(0, 8) + "...): pass "
                    + "--payload-dir DIR for the real ones");
        }
        return PayloadManifest.of(files);
    }
}
