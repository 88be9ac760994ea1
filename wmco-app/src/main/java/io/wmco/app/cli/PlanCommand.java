package io.wmco.app.cli;

import io.wmco.app.payload.PayloadDirectory;
import io.wmco.domain.access.AuthorizedKey;
import io.wmco.domain.access.PublicKeyHash;
import io.wmco.domain.cluster.ClusterSettings;
import io.wmco.domain.cluster.Ipv4Cidr;
import io.wmco.domain.instance.InstanceAddress;
import io.wmco.domain.payload.PayloadFile;
import io.wmco.domain.payload.PayloadFiles;
import io.wmco.domain.payload.PayloadManifest;
import io.wmco.domain.plan.BootstrapCredentials;
import io.wmco.domain.plan.ConfigurationPlanner;
import io.wmco.domain.plan.NodeIdentity;
import io.wmco.domain.plan.NodeTarget;
import io.wmco.domain.plan.PlanInputs;
import io.wmco.domain.plan.PlanResult;
import io.wmco.domain.plan.PlanTimeouts;
import io.wmco.domain.platform.Platform;
import io.wmco.domain.platform.PlatformProfile;
import io.wmco.domain.platform.PlatformProfiles;
import io.wmco.ports.remote.KeyPairReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code wmco plan}: prints the configuration plan the operator would execute on one instance (directories, files
 * with their hashes, services with their command lines, waits) without contacting anything. Cluster values not
 * given as options are placeholders, and secrets (bootstrap token, key, user name) never appear in the output.
 */
final class PlanCommand {
    static final String DEFAULT_INSTANCE = "192.0.2.10";
    static final String DEFAULT_SERVICE_CIDR = "10.96.0.0/12";
    static final String DEFAULT_API_URL = "https://api-int.cluster.example:6443";
    /** Stands for a hash that is not known without the payload directory. */
    static final String PLACEHOLDER_SHA256 = "0".repeat(64);

    private static final String PLACEHOLDER_CA =
            "-----BEGIN CERTIFICATE-----\n(placeholder)\n-----END CERTIFICATE-----\n";
    private static final String PLACEHOLDER_TOKEN = "xxxxxx.xxxxxxxxxxxxxxxx";
    private static final String PLACEHOLDER_USERNAME = "(encrypted-user-name)";

    static final String USAGE = "wmco plan --platform P [--instance ADDRESS] [--ip IPV4] [--node-name NAME]\n"
            + "          [--payload-dir DIR] [--service-cidr CIDR] [--cluster-dns IP] [--vxlan-port PORT]\n"
            + "          [--api-server-url URL] [--operator-version V] [--key FILE] [--machine]\n"
            + "  Prints the steps the operator runs to configure the instance, touching nothing.\n"
            + "  --platform        " + UserDataCommand.platforms() + "\n"
            + "  --instance        IPv4 address or DNS name as listed in windows-instances (default 192.0.2.10)\n"
            + "  --ip              the instance's IPv4 address when --instance is a DNS name (no lookup is made)\n"
            + "  --node-name       the node name (default: the DNS name, or win-<ip with dashes>)\n"
            + "  --payload-dir     directory of the Windows binaries; hashes are computed (default: placeholders)\n"
            + "  --service-cidr    the cluster's service network (default " + DEFAULT_SERVICE_CIDR + ")\n"
            + "  --cluster-dns     cluster DNS address (default: 10th address of --service-cidr)\n"
            + "  --vxlan-port      hybrid-overlay VXLAN port (default 4789)\n"
            + "  --api-server-url  URL kubelets reach the API server at (default " + DEFAULT_API_URL + ")\n"
            + "  --operator-version  version written to the node (default: this build's)\n"
            + "  --key             private key file: shows the real pub-key-hash annotation instead of a placeholder\n"
            + "  --machine         plan for a Machine API instance instead of a bring-your-own host\n";

    private final KeyPairReader keys;
    private final String defaultVersion;

    PlanCommand(KeyPairReader keys, String defaultVersion) {
        this.keys = keys;
        this.defaultVersion = defaultVersion;
    }

    int run(List<String> args, PrintStream out, PrintStream err) {
        CliArgs a = CliArgs.parse(
                "plan",
                args,
                Set.of(
                        "platform",
                        "instance",
                        "ip",
                        "node-name",
                        "payload-dir",
                        "service-cidr",
                        "cluster-dns",
                        "vxlan-port",
                        "api-server-url",
                        "operator-version",
                        "key"),
                Set.of("machine"));
        Platform platform = UserDataCommand.platform(a, "plan");
        PlatformProfile profile = PlatformProfiles.of(platform);
        Integer vxlan = a.get("vxlan-port").isPresent() ? a.intValue("vxlan-port", 0, 1, 65535) : null;
        ClusterSettings.Result derived = ClusterSettings.forKubernetes(
                a.get("service-cidr").orElse(DEFAULT_SERVICE_CIDR),
                a.get("cluster-dns").orElse(null),
                vxlan,
                platform);
        if (derived instanceof ClusterSettings.Invalid invalid) {
            throw new UsageException("wmco plan: " + String.join("; ", invalid.problems()));
        }
        ClusterSettings cluster = ((ClusterSettings.Valid) derived).settings();
        NodeTarget target = target(a);
        List<String> notes = new ArrayList<>();
        PayloadManifest payload = payload(a, profile, notes);
        BootstrapCredentials credentials;
        try {
            credentials = new BootstrapCredentials(
                    a.get("api-server-url").orElse(DEFAULT_API_URL), PLACEHOLDER_CA, PLACEHOLDER_CA, PLACEHOLDER_TOKEN);
        } catch (IllegalArgumentException e) {
            throw new UsageException("wmco plan: --api-server-url: " + e.getMessage(), e);
        }
        String hash;
        if (a.get("key").isPresent()) {
            AuthorizedKey key = UserDataCommand.publicKey(keys, a.readFile("key", "~/.ssh/wmco_ed25519"), "plan");
            hash = PublicKeyHash.of(key).value();
        } else {
            hash = PLACEHOLDER_SHA256;
            notes.add("pub-key-hash is a placeholder: pass --key FILE for the real value");
        }
        String version = a.get("operator-version").orElse(defaultVersion);
        PlanInputs inputs = new PlanInputs(
                profile,
                cluster,
                target,
                payload,
                version,
                credentials,
                new NodeIdentity(hash, PLACEHOLDER_USERNAME),
                PlanTimeouts.DEFAULT);
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

    private static NodeTarget target(CliArgs a) {
        String instance = a.get("instance").orElse(DEFAULT_INSTANCE).toLowerCase(Locale.ROOT);
        InstanceAddress address;
        try {
            address = InstanceAddress.parse(instance);
        } catch (IllegalArgumentException e) {
            throw new UsageException("wmco plan: --instance: " + e.getMessage(), e);
        }
        boolean isIp = Ipv4Cidr.isIpv4Address(instance);
        String ip = a.get("ip").orElse(isIp ? instance : null);
        if (ip == null) {
            throw new UsageException("wmco plan: --instance " + instance + " is a DNS name; give its IPv4 address "
                    + "with --ip (the plan makes no lookups)");
        }
        String nodeName = a.get("node-name").orElse(isIp ? "win-" + instance.replace('.', '-') : instance);
        try {
            return new NodeTarget(address.value(), ip, nodeName, !a.flag("machine"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("wmco plan: " + e.getMessage(), e);
        }
    }

    private static PayloadManifest payload(CliArgs a, PlatformProfile profile, List<String> notes) {
        Map<String, PayloadFile> files = new TreeMap<>();
        if (a.get("payload-dir").isPresent()) {
            Path dir = Path.of(a.get("payload-dir").get());
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
            notes.add("file hashes are placeholders (" + PLACEHOLDER_SHA256.substring(0, 8) + "...): pass "
                    + "--payload-dir DIR for the real ones");
        }
        return PayloadManifest.of(files);
    }
}
