package io.wmco.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsParserTest {

    private final SettingsParser parser = new SettingsParser(Map.of(), "1.0.0");

    @Test
    void defaultsMatchTheReferenceDeployment() {
        OperatorSettings s = parser.parse();
        assertEquals("openshift-windows-machine-config-operator", s.namespace());
        assertEquals(Path.of("/payload"), s.payloadDir());
        assertEquals(Optional.empty(), s.maxParallelConfigurations(), "derived from the machine at start-up");
        assertEquals(1, s.maxParallelUpgrades());
        assertEquals("1.0.0", s.operatorVersion());
        assertTrue(s.leaderElection());
        assertEquals(Optional.empty(), s.kubeconfig());
        assertEquals(22, s.sshPort());
    }

    @Test
    void flagsTakeBothSpellingsAndOverrideEnvironment() {
        SettingsParser withEnv =
                new SettingsParser(Map.of("WATCH_NAMESPACE", "from-env", "OPERATOR_VERSION", "9.9.9"), "1.0.0");
        OperatorSettings s = withEnv.parse(
                "--max-parallel-configurations=3",
                "--kubeconfig",
                "/tmp/kc",
                "--namespace=from-flag",
                "--leader-elect=false",
                "--lease-duration=30s",
                "--vxlan-port",
                "9898");
        assertEquals(Optional.of(3), s.maxParallelConfigurations());
        assertEquals(Optional.of(Path.of("/tmp/kc")), s.kubeconfig());
        assertEquals("from-flag", s.namespace());
        assertEquals("9.9.9", s.operatorVersion());
        assertFalse(s.leaderElection());
        assertEquals(Duration.ofSeconds(30), s.leaseDuration());
        assertEquals(Optional.of(9898), s.cluster().vxlanPort());
    }

    @Test
    void theParallelismCanComeFromTheEnvironmentAndTheFlagWins() {
        SettingsParser withEnv = new SettingsParser(Map.of("MAX_PARALLEL_CONFIGURATIONS", "7"), "1.0.0");
        assertEquals(Optional.of(7), withEnv.parse().maxParallelConfigurations());
        assertEquals(
                Optional.of(4), withEnv.parse("--max-parallel-configurations=4").maxParallelConfigurations());
    }

    @Test
    void metricsAreServedOverTlsOn8443UnlessPlainHttpIsAskedFor() {
        OperatorSettings.MetricsServing defaults = parser.parse().metrics();
        assertEquals(new OperatorSettings.MetricsServing(8443, Optional.empty(), Optional.empty(), false), defaults);

        OperatorSettings.MetricsServing files = new SettingsParser(
                        Map.of("METRICS_CERT_FILE", "/tls/tls.crt", "METRICS_KEY_FILE", "/tls/tls.key"), "1")
                .parse("--metrics-port=9443")
                .metrics();
        assertEquals(Optional.of(Path.of("/tls/tls.crt")), files.certFile());
        assertEquals(Optional.of(Path.of("/tls/tls.key")), files.keyFile());
        assertEquals(9443, files.port());

        assertTrue(parser.parse("--metrics-insecure").metrics().insecure());
        assertTrue(new SettingsParser(Map.of("METRICS_INSECURE", "true"), "1")
                .parse()
                .metrics()
                .insecure());
        assertFalse(parser.parse("--metrics-insecure", "--metrics-insecure=false")
                .metrics()
                .insecure());
    }

    @Test
    void aCertificateWithoutItsKeyIsRefused() {
        InvalidSettingsException e =
                assertThrows(InvalidSettingsException.class, () -> parser.parse("--metrics-cert-file=/tls/tls.crt"));
        assertTrue(e.getMessage().contains("--metrics-key-file"), e.getMessage());
    }

    @Test
    void aRepeatedFlagOverridesTheEarlierValue() {
        OperatorSettings s =
                parser.parse("--leader-elect=false", "--namespace=a", "--leader-elect=true", "--namespace=b");

        assertTrue(s.leaderElection());
        assertEquals("b", s.namespace());
    }

    @Test
    void csrBootstrapUsersAreACommaSeparatedList() {
        assertEquals(List.of(), parser.parse().csrBootstrapUsers());
        assertEquals(
                List.of("system:serviceaccount:infra:kubelet-bootstrap", "system:bootstrap:abcdef"),
                parser.parse(
                                "--csr-bootstrap-users= system:serviceaccount:infra:kubelet-bootstrap, ,system:bootstrap:abcdef")
                        .csrBootstrapUsers());
    }

    @Test
    void environmentFillsWhatFlagsLeaveOut() {
        OperatorSettings s = new SettingsParser(Map.of("WATCH_NAMESPACE", "ns1", "POD_NAME", "pod-a"), "1").parse();
        assertEquals("ns1", s.namespace());
        assertEquals("pod-a", s.identity());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--max-parallel-configurations=0 | --max-parallel-configurations must be between 1 and 1000",
                "--max-parallel-configurations=ten | --max-parallel-configurations must be a whole number",
                "--leader-elect=maybe | --leader-elect must be true or false",
                "--lease-duration=soon | --lease-duration must be a duration",
                "--ssh-port=70000 | --ssh-port must be between 1 and 65535",
                "--no-such-flag=1 | unknown flag --no-such-flag",
                "stray | unexpected argument \"stray\"",
                "--mirror-pull-secret=a/b/c | --mirror-pull-secret must be NAME (operator namespace) or NAMESPACE/NAME",
            })
    void invalidFlagsAreReportedByName(String arg, String expected) {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> parser.parse(arg));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void theMirrorPullSecretComesFromTheFlagOrItsVariableAndIsEmptyByDefault() {
        assertEquals("", parser.parse().mirrorPullSecret());
        assertEquals("regcred", parser.parse("--mirror-pull-secret=regcred").mirrorPullSecret());
        assertEquals(
                "other/regcred",
                new SettingsParser(Map.of("MIRROR_PULL_SECRET", "other/regcred"), "1")
                        .parse()
                        .mirrorPullSecret());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        InvalidSettingsException e =
                assertThrows(InvalidSettingsException.class, () -> parser.parse("--http-port=-1", "--ssh-port=x"));
        assertEquals(2, e.problems().size(), e.problems().toString());
    }

    @Test
    void usageListsEveryFlag() {
        String usage = SettingsParser.usage();
        for (SettingsParser.Flag f : SettingsParser.FLAGS) {
            assertTrue(usage.contains("--" + f.name()), f.name());
        }
    }
}
