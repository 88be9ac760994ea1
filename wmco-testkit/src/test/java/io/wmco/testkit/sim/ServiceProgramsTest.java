package io.wmco.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.plan.CredentialProviderConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The simulated host's knowledge of kube-log-runner, csi-proxy and the kubelet's credential provider flags. */
class ServiceProgramsTest {
    @TempDir
    Path root;

    private VirtualDrive drive;

    @BeforeEach
    void setUp() throws IOException {
        drive = new VirtualDrive(root);
        Files.createDirectories(drive.resolve("C:\\k"));
        Files.createDirectories(drive.resolve("C:\\var\\log\\kubelet"));
        Files.writeString(drive.resolve("C:\\k\\kubelet.exe"), "x");
        Files.writeString(drive.resolve("C:\\k\\kube-log-runner.exe"), "x");
        Files.writeString(drive.resolve("C:\\k\\csi-proxy.exe"), "x");
    }

    private Optional<String> runner(String... flags) {
        List<String> argv = new java.util.ArrayList<>(List.of("C:\\k\\kube-log-runner.exe"));
        argv.addAll(List.of(flags));
        argv.add("C:\\k\\kubelet.exe");
        argv.add("--v=2");
        return ServicePrograms.start(drive, "kubelet", argv);
    }

    @Test
    void theRunnerStartsWithItsFlagsAndWritesTheLogFile() throws IOException {
        assertEquals(
                Optional.empty(),
                runner(
                        "-log-file=C:\\var\\log\\kubelet\\kubelet.log",
                        "-log-file-size=100M",
                        "-log-file-age=168h",
                        "-flush-interval=5s"));
        assertTrue(Files.readString(drive.resolve("C:\\var\\log\\kubelet\\kubelet.log"))
                .contains("kubelet.exe"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "-log-file-max=1 | flag provided but not defined: -log-file-max",
                "-log-file-size=100MB | invalid value \"100MB\" for flag -log-file-size",
                "-log-file-age=7d | invalid value \"7d\" for flag -log-file-age",
                "-log-file=C:\\var\\log\\absent\\x.log | failed to create log file",
            })
    void theRunnerExitsAtOnceOnWhatItRefuses(String flag, String message) {
        Optional<String> exited = runner(flag);
        assertTrue(exited.isPresent() && exited.get().contains(message), exited::toString);
    }

    @Test
    void csiProxyNeedsKnownFlagsAndAnExistingLogDirectory() throws IOException {
        assertTrue(ServicePrograms.start(drive, "csi-proxy", List.of("C:\\k\\csi-proxy.exe", "-bogus"))
                .orElseThrow()
                .contains("not defined: -bogus"));
        List<String> argv = List.of(
                "C:\\k\\csi-proxy.exe",
                "-windows-service",
                "-log_file=C:\\var\\log\\csi-proxy\\csi-proxy.log",
                "-logtostderr=false");
        assertTrue(ServicePrograms.start(drive, "csi-proxy", argv).orElseThrow().contains("failed to create log"));
        Files.createDirectories(drive.resolve("C:\\var\\log\\csi-proxy"));
        assertEquals(Optional.empty(), ServicePrograms.start(drive, "csi-proxy", argv));
        assertTrue(Files.isRegularFile(drive.resolve("C:\\var\\log\\csi-proxy\\csi-proxy.log")));
    }

    @Test
    void theCredentialProviderCheckWantsTheConfigurationAndTheBinary() throws IOException {
        Files.writeString(drive.resolve("C:\\k\\credential-provider-config.yaml"), CredentialProviderConfig.ecr());
        IOException noBinary = assertThrows(
                IOException.class,
                () -> CredentialProviderFile.check(drive, "C:\\k\\credential-provider-config.yaml", "C:\\k"));
        assertTrue(noBinary.getMessage().contains("ecr-credential-provider.exe does not exist"), noBinary.getMessage());
        Files.writeString(drive.resolve("C:\\k\\ecr-credential-provider.exe"), "x");
        assertEquals(
                List.of("ecr-credential-provider"),
                CredentialProviderFile.check(drive, "C:\\k\\credential-provider-config.yaml", "C:\\k"));
        assertThrows(
                IOException.class,
                () -> CredentialProviderFile.check(drive, "C:\\k\\credential-provider-config.yaml", null));
        Files.writeString(
                drive.resolve("C:\\k\\credential-provider-config.yaml"),
                CredentialProviderConfig.ecr().replace("kubelet.config.k8s.io/v1", "kubelet.config.k8s.io/v1alpha1"));
        assertThrows(
                IOException.class,
                () -> CredentialProviderFile.check(drive, "C:\\k\\credential-provider-config.yaml", "C:\\k"));
    }
}
