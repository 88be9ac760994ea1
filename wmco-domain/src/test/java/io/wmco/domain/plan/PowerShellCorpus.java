package io.wmco.domain.plan;

import io.wmco.domain.access.AuthorizedKey;
import io.wmco.domain.access.UserData;
import io.wmco.domain.hostsettings.ProxySettings;
import io.wmco.domain.platform.Platform;
import io.wmco.domain.remote.CommandKind;
import io.wmco.domain.remote.FileCommands;
import io.wmco.domain.remote.HnsCommands;
import io.wmco.domain.remote.HostCommands;
import io.wmco.domain.remote.HostConfigCommands;
import io.wmco.domain.remote.RemoteCommand;
import io.wmco.domain.remote.ServiceCommands;
import io.wmco.domain.remote.Shell;
import io.wmco.domain.remote.ShellWrapper;
import io.wmco.domain.remote.WindowsCommandLine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every PowerShell text the operator can send to a Windows host, rendered with hostile inputs, for an independent
 * grammar to parse ({@code PowerShellParseTest}).
 *
 * <ul>
 *   <li>Every {@link CommandKind}, built through its builder ({@link FileCommands}, {@link ServiceCommands}, {@link HnsCommands}, {@link HostCommands}): each argument that takes free
 *       text gets every value of {@link #HOSTILE}; arguments with a strict form (service names, drive roots, ports)
 *       get valid values, and {@link #refusedServiceNames} shows the builders refuse hostile ones.</li>
 *   <li>The service command lines of the configuration plan of every platform, as {@code SERVICE_CREATE} and
 *       {@code SERVICE_SET_BINARY_PATH} scripts.</li>
 *   <li>The user data of every platform (the part between {@code <powershell>} tags where the platform wraps it).</li>
 *   <li>PowerShell files shipped in the payload ({@code scripts/payload/files/*.ps1}, {@code *.psm1}), parsed
 *       without hostile values.</li>
 * </ul>
 *
 * <p>To extend the table, add a {@link Hostile} row: its category says where such values come from. Proxy values
 * reach the machine-variable command ({@link HostConfigCommands#setMachineVariable}) and registry hosts the paths of
 * the directory, certificate and file commands, like every other row. A new {@link CommandKind} needs a row in
 * {@link #commandScripts()}: {@code everyCommandKindIsRendered} fails until every kind has one.
 */
final class PowerShellCorpus {
    private PowerShellCorpus() {}

    /**
     * A hostile input.
     *
     * @param category where such a value comes from
     * @param value the text
     */
    record Hostile(String category, String value) {}

    /**
     * One script to parse.
     *
     * @param id what it is, for failure messages
     * @param script the PowerShell text exactly as sent
     * @param hostile values that must appear in it, and only inside single-quoted string literals
     */
    record Script(String id, String script, List<String> hostile) {}

    static final List<Hostile> HOSTILE = List.of(
            new Hostile("user name", "o'brien&&calc"),
            new Hostile("user name", "CORP\\$(Stop-Computer)"),
            new Hostile("user name", "a`b%PATH%!x"),
            new Hostile("user name", "it\u2019s \u2018typographic\u2019 \u201Aquotes\u201B"),
            new Hostile("node name", "win-1'; Restart-Computer -Force; '"),
            new Hostile("node name", "win-1\"; Restart-Computer; \""),
            new Hostile("node name", "win-1\r\nRestart-Computer"),
            new Hostile("node name", "@(1,2) | % { $_ } # comment"),
            new Hostile("path", "C:\\k\\it's here\\"),
            new Hostile("path", "C:\\Program Files\\a&b (x86)\\$env:TEMP\\"),
            new Hostile("path", "C:\\k\\{block};[type]::x\\--% stop"),
            new Hostile("path", "\\\\server\\share\\'';''\\x"),
            new Hostile("proxy value", "http://user:p@ss'w0rd@proxy.example:3128"),
            new Hostile("proxy value", ".svc,.cluster.local,10.0.0.0/8;$(iex 'x')"),
            new Hostile("registry host", "mirror.example:5000/'$(x)'"),
            new Hostile("registry host", "registry.example/\"quoted\"&<redirect>"));

    static List<String> hostileValues() {
        return HOSTILE.stream().map(Hostile::value).toList();
    }

    /** Every command kind with each hostile value in its free-text arguments. */
    static List<Script> commandScripts() {
        List<Script> out = new ArrayList<>();
        for (String v : hostileValues()) {
            add(out, "ensure-directory", FileCommands.ensureDirectory(v), v);
            add(out, "remove-directory", FileCommands.removeDirectory(v), v);
            add(out, "file-sha256", FileCommands.sha256(v), v);
            add(out, "replace-file", FileCommands.replace(v + ".tmp", v), v + ".tmp", v);
            add(out, "remove-file", FileCommands.remove(v), v);
            add(
                    out,
                    "unpack-file",
                    FileCommands.unpack(v + ".tar.gz", v + ".unpack", "kubelet.exe", v + ".tmp"),
                    v + ".tar.gz",
                    v + ".unpack",
                    v + ".tmp");
            add(out, "create-service", ServiceCommands.create("kubelet", v), v);
            add(out, "set-binary-path", ServiceCommands.setBinaryPath("kubelet", v), v);
            commandLineWith(v).ifPresent(line -> {
                // The joiner escapes double quotes for the Windows argv parser: the whole line is the value.
                add(out, "create-service argv", ServiceCommands.create("kubelet", line), line);
                add(out, "set-binary-path argv", ServiceCommands.setBinaryPath("kubelet", line), line);
            });
            add(out, "hns-network-names", HnsCommands.networkNames(v), v);
            add(out, "hns-network-remove", HnsCommands.removeNetwork(v, v + "-net"), v, v + "-net");
            add(
                    out,
                    "hns-endpoint-ensure",
                    HnsCommands.ensureEndpoint(v, v + "-net", v + "-ep"),
                    v,
                    v + "-net",
                    v + "-ep");
            add(out, "rename-computer", HostCommands.renameComputer(v), v);
            add(out, "child-names", HostConfigCommands.childNames(v), v);
            add(out, "machine-env-set", HostConfigCommands.setMachineVariable("HTTP_PROXY", v), v);
            add(out, "root-cert-import", HostConfigCommands.importRootCertificate(v), v);
        }
        for (String name : List.of(ProxySettings.HTTP_PROXY, ProxySettings.HTTPS_PROXY, ProxySettings.NO_PROXY)) {
            add(out, "machine-env-remove", HostConfigCommands.removeMachineVariable(name));
        }
        add(
                out,
                "root-cert-remove",
                HostConfigCommands.removeRootCertificate("2B88AD17748D8EDC67CE3F4F93DDE700D709CFB8"));
        for (String service : List.of("kubelet", "windows_exporter", "hybrid-overlay-node", "containerd")) {
            add(out, "query-service", ServiceCommands.query(service));
            add(out, "start-service", ServiceCommands.start(service));
            add(out, "stop-service", ServiceCommands.stop(service));
            add(out, "delete-service", ServiceCommands.delete(service));
        }
        add(out, "hostname", HostCommands.hostname());
        add(out, "windows-build", HostCommands.windowsBuild());
        add(out, "last-boot-time", HostCommands.lastBootTime());
        add(out, "restart-computer", HostCommands.restartComputer());
        add(out, "drive-free-bytes", HostCommands.driveFreeBytes("C:\\"));
        add(out, "listening-tcp-ports", HostCommands.listeningTcpPorts());
        add(out, "firewall-inbound-rules", HostCommands.firewallInboundRules(10250));
        out.add(new Script("probe", ShellWrapper.PROBE, List.of()));
        return out;
    }

    /** The kinds {@link #commandScripts()} renders, recognised the way the simulated host recognises them. */
    static Set<CommandKind> renderedKinds() {
        Set<CommandKind> kinds = EnumSet.noneOf(CommandKind.class);
        for (Script s : commandScripts()) {
            CommandKind.match(s.script()).ifPresent(m -> kinds.add(m.kind()));
        }
        return kinds;
    }

    /** Builders whose argument has a strict form (variable names, thumbprints): each must refuse every hostile value. */
    static List<Function<String, RemoteCommand>> strictHostConfigBuilders() {
        return List.of(
                HostConfigCommands::removeMachineVariable,
                n -> HostConfigCommands.setMachineVariable(n, "http://proxy:3128"),
                HostConfigCommands::removeRootCertificate);
    }

    /** Service names that hostile inputs would make: every builder taking a service name must refuse them. */
    static List<Function<String, RemoteCommand>> serviceNameBuilders() {
        return List.of(
                ServiceCommands::query,
                ServiceCommands::start,
                ServiceCommands::stop,
                ServiceCommands::delete,
                n -> ServiceCommands.create(n, "C:\\k\\x.exe"),
                n -> ServiceCommands.setBinaryPath(n, "C:\\k\\x.exe"));
    }

    /** The service command lines of every platform's configuration plan. */
    static List<Script> planScripts() {
        List<Script> out = new ArrayList<>();
        for (Platform platform : Platform.values()) {
            NodeTarget target = platform == Platform.NONE
                    ? PlanFixtures.byoh()
                    : new NodeTarget("10.0.0.8", "10.0.0.8", "winps-abcde", false);
            // log rotation on: kube-log-runner's flags are part of the command lines (issue 13 item 4)
            PlanInputs inputs = PlanFixtures.inputs(platform, target, Optional.of(9898))
                    .withNode(new NodeSettings(LogRotation.of("100M", "168h", "5s"), KubeletSettings.DEFAULT));
            ConfigurationPlan plan = ((PlanResult.Planned) ConfigurationPlanner.configure(inputs)).plan();
            for (ConfigStep step : plan.steps()) {
                ServiceSpec spec = null;
                if (step instanceof ServiceStep.Ensure s) {
                    spec = s.spec();
                } else if (step instanceof ServiceStep.EnsureKubeProxy k) {
                    spec = k.service(OverlayFacts.of("10.132.1.0/24", "10.132.1.2"));
                }
                if (spec != null) {
                    String id = platform + " " + spec.name();
                    add(out, id + " create", ServiceCommands.create(spec.name(), spec.commandLine()));
                    add(out, id + " update", ServiceCommands.setBinaryPath(spec.name(), spec.commandLine()));
                }
            }
        }
        return out;
    }

    /** The user data of every platform, without the {@code <powershell>} tags some platforms need. */
    static List<Script> userDataScripts() {
        AuthorizedKey key = testKey();
        List<Script> out = new ArrayList<>();
        for (Platform platform : Platform.values()) {
            String text = UserData.render(platform, key);
            if (UserData.wrapsInTags(platform)) {
                String open = "<powershell>\n";
                String close = "</powershell>\n<persist>true</persist>\n";
                if (!text.startsWith(open) || !text.endsWith(close)) {
                    throw new AssertionError(platform + " user data is not wrapped as expected");
                }
                text = text.substring(open.length(), text.length() - close.length());
            }
            out.add(new Script("user data " + platform, text, List.of(key.line())));
        }
        return out;
    }

    /** PowerShell files of the payload, parsed as they are (no hostile values). */
    static List<Script> payloadScripts(Path repositoryRoot) throws IOException {
        Path dir = repositoryRoot.resolve("scripts/payload/files");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Script> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".ps1") || name.endsWith(".psm1")) {
                    out.add(new Script("payload " + name, Files.readString(p, StandardCharsets.UTF_8), List.of()));
                }
            }
        }
        return out;
    }

    /** A service command line holding {@code v} as one argument; empty when the joiner refuses it (line breaks). */
    private static Optional<String> commandLineWith(String v) {
        try {
            return Optional.of(WindowsCommandLine.join(List.of("C:\\k\\kubelet.exe", "--hostname-override=" + v)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void add(List<Script> out, String id, RemoteCommand command, String... hostile) {
        if (command.shell() != Shell.POWERSHELL) {
            throw new AssertionError(id + " is not a PowerShell command");
        }
        out.add(new Script(id, command.script(), List.of(hostile)));
    }

    /** An ed25519 public key of zeros: well-formed, authorizes nothing. */
    static AuthorizedKey testKey() {
        byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer blob = ByteBuffer.allocate(4 + type.length + 4 + 32);
        blob.putInt(type.length).put(type).putInt(32).put(new byte[32]);
        return new AuthorizedKey("ssh-ed25519", Base64.getEncoder().encodeToString(blob.array()));
    }

    /** The corpus as JSON: {@code [{"id":..,"script":..,"hostile":[..]}, ...]}. */
    static String toJson(List<Script> scripts) {
        StringBuilder sb = new StringBuilder("[\n");
        for (int i = 0; i < scripts.size(); i++) {
            Script s = scripts.get(i);
            sb.append("  {\"id\": ")
                    .append(json(s.id()))
                    .append(", \"script\": ")
                    .append(json(s.script()));
            sb.append(", \"hostile\": [");
            for (int j = 0; j < s.hostile().size(); j++) {
                sb.append(j == 0 ? "" : ", ").append(json(s.hostile().get(j)));
            }
            sb.append("]}").append(i + 1 < scripts.size() ? ",\n" : "\n");
        }
        return sb.append("]\n").toString();
    }

    private static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
