package io.wmco.app.cli;

import io.wmco.adapter.ssh.InMemoryHostKeyStore;
import io.wmco.adapter.ssh.MinaSshConnector;
import io.wmco.adapter.ssh.SshSettings;
import io.wmco.domain.access.AuthorizedKey;
import io.wmco.domain.instance.InstanceAddress;
import io.wmco.domain.instance.InstanceMatcher;
import io.wmco.domain.instance.Username;
import io.wmco.domain.instance.WindowsBuilds;
import io.wmco.domain.remote.CommandResult;
import io.wmco.domain.remote.HostCommands;
import io.wmco.domain.remote.HostCommands.ListeningPort;
import io.wmco.domain.remote.RemoteCommand;
import io.wmco.domain.remote.ServiceCommands;
import io.wmco.domain.remote.ServiceState;
import io.wmco.domain.remote.ServiceStatus;
import io.wmco.domain.remote.Shell;
import io.wmco.ports.remote.AuthenticationRejectedException;
import io.wmco.ports.remote.HostEndpoint;
import io.wmco.ports.remote.HostKeyMismatchException;
import io.wmco.ports.remote.HostUnreachableException;
import io.wmco.ports.remote.KeyPairReader;
import io.wmco.ports.remote.RemoteAccessException;
import io.wmco.ports.remote.RemoteHost;
import io.wmco.ports.remote.SshCredentials;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code wmco preflight}: checks a would-be bring-your-own host the way the operator will use it, one report line
 * per check with the fix for each failure. Every command sent to the host comes from the operator's vocabulary
 * ({@link io.wmco.domain.remote.HostCommands} and the other command families). Exit status 0 when every check passes, 1 when one fails.
 */
final class PreflightCommand {
    static final int DEFAULT_MIN_FREE_GIB = 10;

    static final String USAGE = "wmco preflight --host H --user U --key FILE [--port 22] [--host-key SHA256:...]\n"
            + "          [--min-free-gib 10] [--timeout 20]\n"
            + "  Checks that a Windows host can become a node: SSH login with the key, host key (shown for pinning),\n"
            + "  default shell, hostname, Windows build, firewall and ports, container runtime, disk space.\n"
            + "  --host          the address as it will appear in windows-instances (IPv4 or DNS name)\n"
            + "  --user          the user the key is authorized for (e.g. Administrator)\n"
            + "  --key           the private key file (the cloud-private-key Secret's private-key.pem)\n"
            + "  --port          SSH port (default 22)\n"
            + "  --host-key      expected host key fingerprint; the check fails when the host shows another\n"
            + "  --min-free-gib  free space required on C:\\ in GiB (default " + DEFAULT_MIN_FREE_GIB + ")\n"
            + "  --timeout       seconds to wait for the connection (default 20)\n"
            + "  Exit status: 0 all checks passed, 1 a check failed, 2 bad usage.\n";

    /** Ports the operator's services listen on, and the process that may hold each. */
    static final Map<Integer, String> SERVICE_PORTS = orderedPorts();

    private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}=?");

    private final KeyPairReader keys;

    PreflightCommand(KeyPairReader keys) {
        this.keys = keys;
    }

    private static Map<Integer, String> orderedPorts() {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(10250, "kubelet");
        m.put(9182, "windows_exporter");
        return m;
    }

    int run(List<String> args, PrintStream out) {
        CliArgs a = CliArgs.parse(
                "preflight",
                args,
                Set.of("host", "user", "key", "port", "host-key", "min-free-gib", "timeout"),
                Set.of());
        String host = a.required("host", "10.0.0.5");
        InstanceAddress.problem(host).ifPresent(p -> {
            throw new UsageException("wmco preflight: --host '" + host + "' " + p + " (the operator accepts the same "
                    + "addresses in windows-instances)");
        });
        String userArg = a.required("user", "Administrator");
        Username.problem(userArg).ifPresent(p -> {
            throw new UsageException("wmco preflight: --user " + p + " (the operator refuses the same user names in "
                    + "windows-instances)");
        });
        Username user = new Username(userArg);
        int port = a.intValue("port", 22, 1, 65535);
        int minFreeGib = a.intValue("min-free-gib", DEFAULT_MIN_FREE_GIB, 0, 1 << 20);
        int timeout = a.intValue("timeout", 20, 1, 600);
        Optional<String> expectedKey = a.get("host-key");
        if (expectedKey.isPresent() && !FINGERPRINT.matcher(expectedKey.get()).matches()) {
            throw new UsageException("wmco preflight: --host-key must be an OpenSSH SHA-256 fingerprint such as "
                    + "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU (ssh-keygen -lf <host key>.pub)");
        }
        byte[] privateKey = a.readFile("key", "~/.ssh/wmco_ed25519");
        SshCredentials credentials = new SshCredentials(privateKey);
        AuthorizedKey publicKey = UserDataCommand.publicKey(keys, privateKey, "preflight");
        HostEndpoint endpoint = new HostEndpoint(host, port, user.value());

        out.println("wmco preflight " + shown(user) + "@" + endpoint.hostId() + " (key " + publicKey.type() + ")");
        List<PreflightCheck> checks = new ArrayList<>();
        InMemoryHostKeyStore hostKeys = new InMemoryHostKeyStore();
        expectedKey.ifPresent(k -> hostKeys.pin(endpoint.hostId(), k));
        SshSettings settings = SshSettings.defaults().withConnectTimeout(Duration.ofSeconds(timeout));
        try (MinaSshConnector connector = new MinaSshConnector(settings, hostKeys)) {
            RemoteHost remote = connect(connector, endpoint, user, credentials, hostKeys, expectedKey, checks);
            if (remote != null) {
                try (remote) {
                    new HostChecks(remote, user, minFreeGib).runAll(checks);
                }
            }
        }
        checks.forEach(c -> out.println(c.render()));
        long failed = checks.stream()
                .filter(c -> c.status() == PreflightCheck.Status.FAIL)
                .count();
        out.println(
                failed == 0
                        ? "PASSED: all " + checks.size() + " checks"
                        : "FAILED: " + failed + " of " + checks.size()
                                + " checks; fix them and run wmco preflight again");
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    /** The SSH and host-key checks; null when no connection could be made (the host checks are then skipped). */
    private static RemoteHost connect(
            MinaSshConnector connector,
            HostEndpoint endpoint,
            Username user,
            SshCredentials credentials,
            InMemoryHostKeyStore hostKeys,
            Optional<String> expectedKey,
            List<PreflightCheck> checks) {
        String keyFix = "add the key's public half (wmco user-data --platform none --key FILE prints it) to "
                + "C:\\ProgramData\\ssh\\administrators_authorized_keys (administrators) or to "
                + "C:\\Users\\" + shown(user) + "\\.ssh\\authorized_keys, with an "
                + "ACL for Administrators and "
                + "SYSTEM only, and set PubkeyAuthentication yes in sshd_config";
        try {
            RemoteHost remote = connector.connect(endpoint, credentials);
            checks.add(PreflightCheck.pass("ssh", "logged in as " + shown(user) + " with the key"));
            checks.add(hostKeyPass(hostKeys.pinned(endpoint.hostId()).orElse("?"), expectedKey));
            return remote;
        } catch (AuthenticationRejectedException e) {
            checks.add(PreflightCheck.fail("ssh", "the host refused the key for user " + shown(user), keyFix));
            checks.add(hostKeys.pinned(endpoint.hostId())
                    .map(k -> hostKeyPass(k, expectedKey))
                    .orElse(PreflightCheck.skip("host key", "not seen")));
        } catch (HostKeyMismatchException e) {
            checks.add(PreflightCheck.skip("ssh", "not attempted: the host key is not the expected one"));
            checks.add(PreflightCheck.fail(
                    "host key",
                    "the host shows " + e.presentedFingerprint() + ", expected " + e.pinnedFingerprint(),
                    "if the host was reinstalled, check the new key on its console "
                            + "(ssh-keygen -lf C:\\ProgramData\\ssh\\ssh_host_ed25519_key.pub) and pass that fingerprint; "
                            + "otherwise something else answers at this address"));
        } catch (HostUnreachableException e) {
            checks.add(PreflightCheck.fail(
                    "ssh",
                    "cannot reach " + endpoint.hostId() + ": " + reason(e),
                    "make sure the OpenSSH Server service (sshd) runs on the host, the firewall lets TCP "
                            + endpoint.port() + " in, and the cluster's network can route to " + endpoint.address()
                            + " (wmco user-data prints a script that sets up sshd)"));
            checks.add(PreflightCheck.skip("host key", "needs an SSH connection"));
        } catch (RemoteAccessException e) {
            checks.add(PreflightCheck.fail("ssh", reason(e), keyFix));
            checks.add(PreflightCheck.skip("host key", "needs an SSH connection"));
        }
        for (String name : HostChecks.NAMES) {
            checks.add(PreflightCheck.skip(name, "needs an SSH connection"));
        }
        return null;
    }

    /**
     * The user name for report lines and suggested commands: as typed when {@link Username#isPlain() plain}, else a
     * placeholder, so that no pasted suggestion can run part of a hostile name.
     */
    static String shown(Username user) {
        return user.isPlain() ? user.value() : "<user>";
    }

    private static PreflightCheck hostKeyPass(String fingerprint, Optional<String> expectedKey) {
        return PreflightCheck.pass(
                "host key",
                fingerprint
                        + (expectedKey.isPresent()
                                ? " (as expected)"
                                : " (compare it with the host's console, then pin it with --host-key " + fingerprint
                                        + ")"));
    }

    /** The message of a port error without the "host:port: " prefix the exception adds. */
    private static String reason(RemoteAccessException e) {
        String m = String.valueOf(e.getMessage());
        String prefix = e.host() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    /** The checks that need a logged-in connection. */
    private static final class HostChecks {
        static final List<String> NAMES =
                List.of("shell", "hostname", "windows build", "firewall", "ports", "container runtime", "disk space");

        private final RemoteHost remote;
        private final String user;
        private final int minFreeGib;

        HostChecks(RemoteHost remote, Username user, int minFreeGib) {
            this.remote = remote;
            this.user = shown(user);
            this.minFreeGib = minFreeGib;
        }

        void runAll(List<PreflightCheck> checks) {
            CommandResult hostname = run(HostCommands.hostname());
            if (!hostname.succeeded()) {
                checks.add(PreflightCheck.fail(
                        "shell",
                        "default shell " + shellName(remote.defaultShell())
                                + ", but PowerShell commands fail (exit status " + hostname.exitStatus() + ": "
                                + tail(hostname.stderr()) + ")",
                        "make sure powershell.exe runs for " + user + " over SSH "
                                + "(try: ssh " + user
                                + "@<host> powershell.exe -NonInteractive -Command Get-Date); the "
                                + "operator runs every command in PowerShell"));
                NAMES.stream().skip(1).forEach(n -> checks.add(PreflightCheck.skip(n, "needs working PowerShell")));
                return;
            }
            checks.add(PreflightCheck.pass(
                    "shell",
                    shellName(remote.defaultShell())
                            + (remote.defaultShell() == Shell.POWERSHELL
                                    ? ""
                                    : "; the operator wraps its commands in powershell.exe")));
            String name = hostname.stdout().strip();
            checks.add(InstanceMatcher.hostnameProblem(name)
                    .map(p -> PreflightCheck.fail(
                            "hostname",
                            p,
                            "Rename-Computer -NewName <label> -Restart, with "
                                    + "a name of letters, digits and '-' that starts and ends with a letter or digit"))
                    .orElseGet(() -> PreflightCheck.pass(
                            "hostname", name + " (node name " + name.toLowerCase(java.util.Locale.ROOT) + ")")));
            checks.add(parsed(
                    "windows build",
                    HostCommands.windowsBuild(),
                    HostCommands::parseWindowsBuild,
                    build -> WindowsBuilds.problem(build)
                            .map(p -> PreflightCheck.fail(
                                    "windows build",
                                    p,
                                    "reinstall the host with one of " + "the supported Windows Server LTSC releases"))
                            .orElseGet(() -> PreflightCheck.pass(
                                    "windows build",
                                    WindowsBuilds.find(build).orElseThrow().toString()))));
            checks.add(firewall());
            checks.add(parsed(
                    "ports", HostCommands.listeningTcpPorts(), HostCommands::parseListeningTcpPorts, this::ports));
            checks.add(containerRuntime());
            checks.add(parsed(
                    "disk space", HostCommands.driveFreeBytes("C:\\"), HostCommands::parseDriveFreeBytes, this::disk));
        }

        private PreflightCheck firewall() {
            List<String> closed = new ArrayList<>();
            for (Map.Entry<Integer, String> e : SERVICE_PORTS.entrySet()) {
                CommandResult r = run(HostCommands.firewallInboundRules(e.getKey()));
                try {
                    if (HostCommands.parseFirewallRuleCount(r) == 0) {
                        closed.add(e.getKey() + " (" + e.getValue() + ")");
                    }
                } catch (IllegalArgumentException ex) {
                    return unreadable("firewall", ex);
                }
            }
            if (closed.isEmpty()) {
                return PreflightCheck.pass(
                        "firewall",
                        "inbound TCP "
                                + SERVICE_PORTS.keySet().stream()
                                        .map(String::valueOf)
                                        .reduce((x, y) -> x + ", " + y)
                                        .orElse("")
                                + " allowed");
            }
            StringBuilder fix = new StringBuilder();
            for (String c : closed) {
                String p = c.substring(0, c.indexOf(' '));
                fix.append(fix.isEmpty() ? "" : "; ")
                        .append("New-NetFirewallRule -DisplayName 'wmco ")
                        .append(p)
                        .append("' -Direction Inbound -Protocol TCP -LocalPort ")
                        .append(p)
                        .append(" -Action Allow");
            }
            return PreflightCheck.fail(
                    "firewall", "no inbound allow rule for TCP " + String.join(", ", closed), fix.toString());
        }

        private PreflightCheck ports(List<ListeningPort> listening) {
            List<String> taken = new ArrayList<>();
            for (ListeningPort lp : listening) {
                String owner = SERVICE_PORTS.get(lp.port());
                if (owner != null && !owner.equalsIgnoreCase(lp.process())) {
                    taken.add(lp.port() + " by " + (lp.process().isEmpty() ? "an unknown process" : lp.process()));
                }
            }
            if (taken.isEmpty()) {
                return PreflightCheck.pass(
                        "ports",
                        "TCP 10250 (kubelet) and 9182 (windows_exporter) are free or " + "held by those services");
            }
            return PreflightCheck.fail(
                    "ports",
                    "TCP " + String.join(", ", taken) + " already listening",
                    "stop and disable the program holding the port (Get-NetTCPConnection -State Listen -LocalPort "
                            + "<port> shows its process id); kubelet needs 10250 and windows_exporter 9182");
        }

        private PreflightCheck containerRuntime() {
            ServiceStatus containerd;
            ServiceStatus docker;
            try {
                containerd = ServiceCommands.parseQuery(run(ServiceCommands.query("containerd")));
                docker = ServiceCommands.parseQuery(run(ServiceCommands.query("docker")));
            } catch (IllegalArgumentException e) {
                return unreadable("container runtime", e);
            }
            if (docker.state() == ServiceState.RUNNING) {
                return PreflightCheck.fail(
                        "container runtime",
                        "the Docker service runs; it conflicts with the " + "containerd the operator installs",
                        "Stop-Service docker; Set-Service docker "
                                + "-StartupType Disabled (and move workloads to containerd)");
            }
            if (containerd.exists() && "Disabled".equalsIgnoreCase(containerd.startType())) {
                return PreflightCheck.fail(
                        "container runtime",
                        "the containerd service exists but is disabled, so " + "the kubelet could not run containers",
                        "Set-Service containerd -StartupType Automatic, or "
                                + "remove it with sc.exe delete containerd and let the operator install its own");
            }
            return PreflightCheck.pass(
                    "container runtime",
                    containerd.exists()
                            ? "containerd is installed (" + containerd.state().printed() + "); the operator manages it"
                            : "no containerd yet; the operator installs it");
        }

        private PreflightCheck disk(long freeBytes) {
            long gib = 1L << 30;
            String free = String.format(java.util.Locale.ROOT, "%.1f GiB free on C:\\", freeBytes / (double) gib);
            if (freeBytes >= minFreeGib * gib) {
                return PreflightCheck.pass("disk space", free);
            }
            return PreflightCheck.fail(
                    "disk space",
                    free + ", less than " + minFreeGib + " GiB (the node's binaries "
                            + "take about 0.5 GiB; Windows container images several GiB each)",
                    "free space on C:\\ or "
                            + "extend the volume; lower the bar with --min-free-gib only for hosts without workloads");
        }

        private <T> PreflightCheck parsed(
                String name,
                RemoteCommand command,
                Function<CommandResult, T> parser,
                Function<T, PreflightCheck> judge) {
            T value;
            try {
                value = parser.apply(run(command));
            } catch (IllegalArgumentException e) {
                return unreadable(name, e);
            }
            return judge.apply(value);
        }

        private PreflightCheck unreadable(String name, IllegalArgumentException e) {
            return PreflightCheck.fail(
                    name,
                    "could not be read: " + tail(e.getMessage()),
                    "make sure " + user + " is a local administrator (the operator needs one) and run the check again");
        }

        private CommandResult run(RemoteCommand command) {
            try {
                return remote.run(command);
            } catch (RemoteAccessException e) {
                return new CommandResult(255, "", reason(e));
            }
        }

        private static String shellName(Shell shell) {
            return shell == Shell.POWERSHELL ? "PowerShell" : "cmd";
        }

        private static String tail(String text) {
            String t = text == null ? "" : text.strip().replaceAll("\\s+", " ");
            return t.length() <= 160 ? t : "..." + t.substring(t.length() - 160);
        }
    }
}
