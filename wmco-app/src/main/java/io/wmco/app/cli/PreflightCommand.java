package io.wmco.app.cli;

import io.wmco.domain.access.AuthorizedKey;
import io.wmco.domain.instance.InstanceAddress;
import io.wmco.domain.instance.Username;
import io.wmco.ports.remote.AuthenticationRejectedException;
import io.wmco.ports.remote.HostEndpoint;
import io.wmco.ports.remote.HostKeyMismatchException;
import io.wmco.ports.remote.HostKeyStore;
import io.wmco.ports.remote.HostUnreachableException;
import io.wmco.ports.remote.KeyPairReader;
import io.wmco.ports.remote.RemoteAccessException;
import io.wmco.ports.remote.RemoteHost;
import io.wmco.ports.remote.RemoteHostConnector;
import io.wmco.ports.remote.SshCredentials;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wmco preflight}: checks a would-be bring-your-own host the way the operator will use it, one report line
 * per check with the fix for each failure. Every command sent to the host comes from the operator's vocabulary
 * ({@link io.wmco.domain.remote.HostCommands} and the other command families). Exit status 0 when every check passes, 1 when one fails.
 */
@Command(
        name = "preflight",
        mixinStandardHelpOptions = true,
        synopsisHeading = "",
        description = "Checks that a Windows host can become a node: SSH login with the key, host key (shown for"
                + " pinning), default shell, hostname, Windows build, firewall and ports, container runtime, disk"
                + " space.",
        footer = "%nExit status: 0 all checks passed, 1 a check failed, 2 bad usage.%n")
final class PreflightCommand implements Callable<Integer> {
    static final int DEFAULT_MIN_FREE_GIB = 10;

    /** Ports the operator's services listen on, and the process that may hold each. */
    static final Map<Integer, String> SERVICE_PORTS = orderedPorts();

    private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}=?");

    @Spec
    CommandSpec spec;

    @Mixin
    CliMixins.KeyFileOption keyOption;

    @Option(
            names = "--host",
            required = true,
            paramLabel = "H",
            description = "the address as it will appear in windows-instances (IPv4 or DNS name)")
    String host;

    @Option(
            names = "--user",
            required = true,
            paramLabel = "U",
            description = "the user the key is authorized for (e.g. Administrator)")
    String userName;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "22",
            description = "SSH port (default ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--host-key",
            paramLabel = "SHA256:...",
            description = "expected host key fingerprint; the check fails when the host shows another")
    String hostKey;

    @Option(
            names = "--min-free-gib",
            paramLabel = "GIB",
            defaultValue = "" + DEFAULT_MIN_FREE_GIB,
            description = "free space required on C:\\ in GiB (default ${DEFAULT-VALUE})")
    int minFreeGib;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "20",
            description = "seconds to wait for the connection (default ${DEFAULT-VALUE})")
    int timeout;

    private final KeyPairReader keys;
    private final CliWiring.SshFactory ssh;

    PreflightCommand(KeyPairReader keys, CliWiring.SshFactory ssh) {
        this.keys = keys;
        this.ssh = ssh;
    }

    private static Map<Integer, String> orderedPorts() {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(10250, "kubelet");
        m.put(9182, "windows_exporter");
        return m;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String host = this.host.strip();
        InstanceAddress.problem(host).ifPresent(p -> {
            throw new UsageException("wmco preflight: --host '" + host + "' " + p + " (the operator accepts the same "
                    + "addresses in windows-instances)");
        });
        String userArg = userName;
        Username.problem(userArg).ifPresent(p -> {
            throw new UsageException("wmco preflight: --user " + p + " (the operator refuses the same user names in "
                    + "windows-instances)");
        });
        Username user = new Username(userArg);
        int port = CliOptions.range("preflight", "port", this.port, 1, 65535);
        int minFreeGib = CliOptions.range("preflight", "min-free-gib", this.minFreeGib, 0, 1 << 20);
        int timeout = CliOptions.range("preflight", "timeout", this.timeout, 1, 600);
        Optional<String> expectedKey =
                Optional.ofNullable(hostKey).map(String::strip).filter(k -> !k.isEmpty());
        if (expectedKey.isPresent() && !FINGERPRINT.matcher(expectedKey.get()).matches()) {
            throw new UsageException("wmco preflight: --host-key must be an OpenSSH SHA-256 fingerprint such as "
                    + "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU (ssh-keygen -lf <host key>.pub)");
        }
        byte[] privateKey = CliOptions.readFile("preflight", "key", keyOption.key);
        SshCredentials credentials = new SshCredentials(privateKey);
        AuthorizedKey publicKey = UserDataCommand.publicKey(keys, privateKey, "preflight");
        HostEndpoint endpoint = new HostEndpoint(host, port, user.value());

        out.println("wmco preflight " + shown(user) + "@" + endpoint.hostId() + " (key " + publicKey.type() + ")");
        List<PreflightCheck> checks = new ArrayList<>();
        try (CliWiring.Ssh session = ssh.open(Duration.ofSeconds(timeout))) {
            HostKeyStore hostKeys = session.hostKeys();
            expectedKey.ifPresent(k -> hostKeys.pin(endpoint.hostId(), k));
            RemoteHost remote =
                    connect(session.connector(), endpoint, user, credentials, hostKeys, expectedKey, checks);
            if (remote != null) {
                try (remote) {
                    new PreflightHostChecks(remote, user, minFreeGib).runAll(checks);
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
            RemoteHostConnector connector,
            HostEndpoint endpoint,
            Username user,
            SshCredentials credentials,
            HostKeyStore hostKeys,
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
        for (String name : PreflightHostChecks.NAMES) {
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
    static String reason(RemoteAccessException e) {
        String m = String.valueOf(e.getMessage());
        String prefix = e.host() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }
}
