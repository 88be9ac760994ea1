package io.wmco.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.adapter.ssh.MinaKeyPairReader;
import io.wmco.app.payload.PayloadDirectory;
import io.wmco.domain.access.AuthorizedKey;
import io.wmco.domain.access.PublicKeyHash;
import io.wmco.domain.access.UserData;
import io.wmco.domain.hostsettings.TestCertificates;
import io.wmco.domain.platform.Platform;
import io.wmco.ports.remote.SshCredentials;
import io.wmco.testkit.payload.StandInPayload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code wmco} command line through its entry point: user data, usage errors, help, preflight refusals and every
 * kind of {@code plan} output. Over 300 lines: the plan cases (reboot, proxy, mirrors, redacted credentials, real
 * hashes, refusals) share the one key pair and payload written in {@link #writeKey()}; split per subcommand, each part
 * would write them again.
 */
class WmcoCliTest {
    @TempDir
    static Path dir;

    static KeyPair pair;
    static Path keyFile;
    static AuthorizedKey publicKey;

    @BeforeAll
    static void writeKey() {
        pair = CliTestKeys.rsaKeyPair();
        keyFile = CliTestKeys.write(dir, pair);
        publicKey = AuthorizedKey.parse(
                new MinaKeyPairReader().authorizedKeyLine(SshCredentials.ofPem(CliTestKeys.pem(pair))));
    }

    @ParameterizedTest
    @CsvSource({"aws, AWS, true", "Azure, AZURE, true", "none, NONE, false", "vsphere, VSPHERE, false"})
    void userDataIsWhatTheOperatorWritesForTheKeysPublicHalf(String flag, Platform platform, boolean tagged) {
        CliRun run = CliRun.of("user-data", "--platform", flag, "--key", keyFile.toString());

        assertEquals(0, run.exitStatus(), run.err());
        assertEquals(UserData.render(platform, publicKey), run.out());
        assertTrue(run.out().contains(publicKey.line()), run.out());
        assertEquals(tagged, run.out().startsWith("<powershell>"));
        assertFalse(run.all().contains(CliTestKeys.privateBase64(pair)), "the private key must never be printed");
        assertFalse(run.all().contains("PRIVATE KEY"));
    }

    @Test
    void userDataRefusesAFileThatIsNotAPrivateKeyWithoutEchoingIt() throws IOException {
        Path notAKey = Files.writeString(dir.resolve("pub"), publicKey.line() + " secret-comment\n");

        CliRun run = CliRun.of("user-data", "--platform", "aws", "--key", notAKey.toString());

        assertEquals(2, run.exitStatus());
        assertTrue(run.err().contains("--key is not a usable private key"), run.err());
        assertFalse(run.all().contains(publicKey.base64()), "the file's content must not be echoed");
        assertFalse(run.all().contains("\tat "), "no stack trace");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "user-data --platform aws|Missing required option: '--key=FILE'",
                "user-data --platform mars --key /nonexistent|--platform': 'mars' is not a platform; use one of aws, azure",
                "user-data --platform aws --key /nonexistent/key.pem|--key /nonexistent/key.pem is not a readable file",
                "user-data --platform aws --platform gcp --key k|option '--platform' (P) should be specified only once",
                "user-data --platform aws --key k --colour blue|Unknown options: '--colour', 'blue'",
                "plan|Missing required option: '--platform=P'",
                "plan --platform none --instance win.example.com|is a DNS name; give its IPv4 address with --ip",
                "plan --platform none --service-cidr 10.96.0.0/33|service CIDR",
                "plan --platform none --vxlan-port 70000|--vxlan-port must be a whole number from 1 to 65535",
                "preflight --user Administrator --key k|Missing required option: '--host=H'",
                "preflight --host h --user u --key k --port 0|--port must be a whole number from 1 to 65535",
                "preflight --host fe80::1 --user u --key k|looks like an IPv6 address, which is not supported",
                "preflight --host h --user u --key k --host-key MD5:aa|--host-key must be an OpenSSH SHA-256 fingerprint",
                "frobnicate|unknown command 'frobnicate'"
            })
    void badUsageExitsWithStatusTwoAndNamesTheOption(String args, String message) {
        CliRun run = CliRun.of(args.split(" "));

        assertEquals(2, run.exitStatus(), run.all());
        assertTrue(run.err().contains(message), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace for bad usage");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "CORP-DEPARTMENT-IT\\o\"brien&&del *|--user holds '\"' at character 21",
                "obrien&&del *|--user holds '*' at character 13",
                "x\\y\\z|--user holds '\\' at character 4",
                "CORP-DEPARTMENT-IT\\obrien|--user has a domain of 18 characters; NetBIOS allows at most 15",
                "abcdefghijklmnopqrstuvwxyz|--user has an account name of 26 characters; Windows allows at most 20"
            })
    void preflightRefusesTheUserNamesTheOperatorRefusesWithoutEchoingThem(String user, String message) {
        CliRun run = CliRun.of("preflight", "--host", "10.0.0.5", "--user", user, "--key", "k");

        assertEquals(2, run.exitStatus(), run.all());
        assertTrue(run.err().contains(message), run.err());
        assertTrue(run.err().contains("(the operator refuses the same user names"), run.err());
        assertFalse(run.all().contains("brien") || run.all().contains("uvwxyz"), "not echoed: " + run.all());
    }

    @ParameterizedTest
    @ValueSource(strings = {"user-data", "plan", "preflight"})
    void helpOfEachCommandGoesToStdoutWithStatusZero(String command) {
        CliRun run = CliRun.of(command, "--help");

        assertEquals(0, run.exitStatus());
        assertTrue(run.out().startsWith("wmco " + command), run.out());
    }

    static List<Object> commands() {
        return List.of(new UserDataCommand(null), new PlanCommand(null, "dev"), new PreflightCommand(null, timeout -> {
            throw new AssertionError("no connection for --help");
        }));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpListsEveryOptionWithItsDescription(Object command) {
        CommandSpec spec = CommandSpec.forAnnotatedObject(command);

        CliRun run = CliRun.of(spec.name(), "--help");

        assertEquals(0, run.exitStatus(), run.all());
        for (OptionSpec option : spec.options()) {
            assertTrue(run.out().contains(option.longestName()), option.longestName() + " in\n" + run.out());
            for (String line : option.description()) {
                String start = line.replace("${DEFAULT-VALUE}", "").replace("${COMPLETION-CANDIDATES}", "");
                assertTrue(run.out().contains(start.substring(0, Math.min(30, start.length()))), line);
            }
        }
        assertTrue(run.out().contains("Exit status"), run.out());
    }

    @Test
    void noArgumentsPrintsUsageAsAnError() {
        CliRun run = CliRun.of();

        assertEquals(2, run.exitStatus());
        assertTrue(run.err().contains("wmco <command> [options]"), run.err());
        for (String command : List.of("user-data", "plan", "preflight")) {
            assertTrue(run.err().contains(command), run.err());
        }
    }

    @Test
    void planWithRebootShowsTheRebootSteps() {
        CliRun run = CliRun.of("plan", "--platform", "none", "--instance", "10.1.42.1", "--reboot");
        assertEquals(0, run.exitStatus(), run.err());
        assertTrue(run.out().contains("reboot node win-10-1-42-1"), run.out());
        assertTrue(run.out().contains("reboot-computer: reboot (Restart-Computer -Force)"), run.out());
        assertTrue(
                run.out()
                        .contains("remove-node-annotation: remove node annotation"
                                + " windowsmachineconfig.openshift.io/reboot-required"),
                run.out());
    }

    @Test
    void planWithoutPayloadShowsPlaceholdersAndNoSecrets() {
        CliRun run = CliRun.of("plan", "--platform", "none", "--instance", "10.1.42.1");

        assertEquals(0, run.exitStatus(), run.err());
        assertTrue(run.out().contains("configure node win-10-1-42-1"), run.out());
        assertTrue(run.out().contains("# note: file hashes are placeholders"), run.out());
        assertTrue(
                run.out()
                        .contains("copy kubelet.exe to C:\\k\\kubelet.exe unless its sha256 is "
                                + PlanCommand.PLACEHOLDER_SHA256),
                run.out());
        assertTrue(run.out().contains("--node-ip=10.1.42.1"), "platform None sets the node IP: " + run.out());
        assertTrue(run.out().contains("bootstrap kubeconfig to C:\\k\\bootstrap-kubeconfig (content redacted)"));
        assertFalse(run.out().contains("xxxxxx.xxxxxxxxxxxxxxxx"), "the bootstrap token must not be printed");
    }

    @Test
    void planShowsTheProxyVariablesWithoutCredentialsAndTheTrustedCertificates() throws IOException {
        Path bundle = Files.writeString(dir.resolve("ca-bundle.crt"), TestCertificates.A);
        CliRun run = CliRun.of(
                "plan",
                "--platform",
                "none",
                "--http-proxy",
                "http://user:s3cret@proxy.example:3128",
                "--no-proxy",
                ".svc",
                "--trusted-ca",
                bundle.toString());

        assertEquals(0, run.exitStatus(), run.err());
        assertTrue(
                run.out()
                        .contains("set-machine-environment: machine environment: set"
                                + " HTTP_PROXY=http://***@proxy.example:3128 NO_PROXY=.svc; remove HTTPS_PROXY"),
                run.out());
        assertTrue(
                run.out().contains("keep 2B88AD17748D8EDC67CE3F4F93DDE700D709CFB8 from C:\\k\\trusted-ca\\"),
                run.out());
        assertFalse(run.out().contains("s3cret"), run.out());
    }

    @Test
    void planShowsTheRegistryMirrorFiles() {
        CliRun run = CliRun.of(
                "plan", "--platform", "none", "--digest-mirror", "quay.io=mirror.example.com:5000,backup.example.com");

        assertEquals(0, run.exitStatus(), run.err());
        assertTrue(
                run.out()
                        .contains("write containerd registry quay.io hosts.toml to"
                                + " C:\\k\\containerd\\registries\\quay.io\\hosts.toml"),
                run.out());
        assertTrue(
                run.out()
                        .contains(
                                "prune-entries: remove what else is in C:\\k\\containerd\\registries\\ besides quay.io"),
                run.out());
    }

    @Test
    void planShowsTheMirrorCredentialsStepRedacted() throws IOException {
        String token = java.util.Base64.getEncoder()
                .encodeToString("robot:plan-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Path secret = Files.writeString(
                dir.resolve("config.json"),
                "{\"auths\": {\"mirror.example.com:5000\": {\"auth\": \"" + token + "\"}}}");
        Path ca = Files.writeString(dir.resolve("mirror.crt"), TestCertificates.A);
        CliRun run = CliRun.of(
                "plan",
                "--platform",
                "none",
                "--digest-mirror",
                "quay.io=mirror.example.com:5000",
                "--mirror-ca",
                "mirror.example.com..5000=" + ca,
                "--mirror-pull-secret",
                secret.toString());

        assertEquals(0, run.exitStatus(), run.err());
        assertTrue(
                run.out()
                        .contains("write containerd registry quay.io hosts.toml to"
                                + " C:\\k\\containerd\\registries\\quay.io\\hosts.toml (content redacted)"),
                run.out());
        assertTrue(run.out().contains("write containerd registry quay.io mirror.example.com_5000_.crt to"), run.out());
        assertFalse(run.out().contains(token), run.out());
        assertFalse(run.err().contains(token), run.err());
        assertFalse(run.out().contains("plan-secret"), run.out());
    }

    @Test
    void planWithPayloadDirectoryAndKeyShowsRealHashes() throws IOException {
        Path payload = Files.createDirectories(dir.resolve("payload"));
        StandInPayload.write(payload, 0.0001, 7);
        String kubeletHash = PayloadDirectory.sha256(payload.resolve("kubelet.exe"));

        CliRun run = CliRun.of(
                "plan",
                "--platform",
                "aws",
                "--instance",
                "ip-10-0-1-5.ec2.internal",
                "--ip",
                "10.0.1.5",
                "--payload-dir",
                payload.toString(),
                "--key",
                keyFile.toString(),
                "--machine",
                "--service-cidr",
                "172.30.0.0/16",
                "--operator-version",
                "1.2.3");

        assertEquals(0, run.exitStatus(), run.err());
        assertTrue(
                run.out().contains("copy kubelet.exe to C:\\k\\kubelet.exe unless its sha256 is " + kubeletHash),
                run.out());
        assertTrue(
                run.out()
                        .contains("windowsmachineconfig.openshift.io/pub-key-hash="
                                + PublicKeyHash.of(publicKey).value()),
                run.out());
        assertTrue(run.out().contains("cluster DNS 172.30.0.10"), run.out());
        assertTrue(run.out().contains("windowsmachineconfig.openshift.io/version=1.2.3"), run.out());
        assertFalse(run.out().contains("# note: file hashes are placeholders"), run.out());
        assertFalse(run.out().contains("byoh=true"), "a Machine is not a bring-your-own host: " + run.out());
        assertFalse(run.all().contains(CliTestKeys.privateBase64(pair)));
    }

    @Test
    void planReportsWhyTheOperatorWouldRefuseTheInstance() throws IOException {
        Path partial = Files.createDirectories(dir.resolve("partial"));
        Files.writeString(partial.resolve("kubelet.exe"), "only this");

        CliRun run = CliRun.of("plan", "--platform", "none", "--payload-dir", partial.toString());

        assertEquals(1, run.exitStatus(), run.all());
        assertTrue(run.err().contains("payload file kube-proxy.exe is missing"), run.err());
        assertEquals("", run.out());
    }
}
