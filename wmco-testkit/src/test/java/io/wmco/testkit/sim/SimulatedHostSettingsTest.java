package io.wmco.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.remote.CommandKind;
import io.wmco.domain.remote.CommandResult;
import io.wmco.domain.remote.FileCommands;
import io.wmco.domain.remote.HostConfigCommands;
import io.wmco.domain.remote.ServiceCommands;
import io.wmco.domain.remote.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The host-wide commands: machine variables, the root store, directory listings, as Windows answers them. */
class SimulatedHostSettingsTest {
    /** The kinds this test covers, for the vocabulary check of {@link SimulatedWindowsHostTest}. */
    static final Set<CommandKind> COVERED = Set.of(
            CommandKind.MACHINE_ENV_SET,
            CommandKind.MACHINE_ENV_REMOVE,
            CommandKind.ROOT_CERT_IMPORT,
            CommandKind.ROOT_CERT_REMOVE,
            CommandKind.CHILD_NAMES);

    static final String CA = "-----BEGIN CERTIFICATE-----\n"
            + "MIIBhzCCAS2gAwIBAgIUZNfl5kvOMfSiMbwtQSGbmYHXqTMwCgYIKoZIzj0EAwIw\n"
            + "GTEXMBUGA1UEAwwOd21jbyB0ZXN0IGNhIGEwHhcNMjYxMjAyMDU0NzA4WhcNMzYx\n"
            + "MTI5MDU0NzA4WjAZMRcwFQYDVQQDDA53bWNvIHRlc3QgY2EgYTBZMBMGByqGSM49\n"
            + "AgEGCCqGSM49AwEHA0IABOowXcNftCf0Y/cwg+acaWzxNU7T1qJzwsgXnSRMnhZm\n"
            + "R9OAd00QjXRnt1KdMpHCh2BzwXGfEapUU4NhiPMURxGjUzBRMB0GA1UdDgQWBBRW\n"
            + "8v5evOrfo6QsRXqmZs8BuZ7rlzAfBgNVHSMEGDAWgBRW8v5evOrfo6QsRXqmZs8B\n"
            + "uZ7rlzAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIFhjIa9w1Dk9\n"
            + "v6+cfhnhHUwWgg9CrbNIyNZZifks8QhSAiEA65+19/Q6bNeUZ3CVh/P8zphr97sG\n"
            + "n4pia8AvAves5TY=\n"
            + "-----END CERTIFICATE-----\n";
    static final String THUMBPRINT = "2B88AD17748D8EDC67CE3F4F93DDE700D709CFB8";

    private static KeyPair key;
    private SimulatedWindowsHost host;

    @BeforeAll
    static void generateKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        key = g.generateKeyPair();
    }

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void variablesCertificatesAndListingsBehaveLikeWindows() throws IOException {
        host = SimulatedWindowsHost.builder()
                .bindAddress("127.0.0.1")
                .authorizedKey(key.getPublic())
                .defaultShell(Shell.POWERSHELL)
                .emulateKubelet(false)
                .start();
        Shell sh = Shell.POWERSHELL;
        try (SimSshClient c = SimSshClient.connect(host, "Administrator", key)) {
            String proxy = "http://u:p'w@proxy:3128";
            assertTrue(HostConfigCommands.parseChanged(
                    c.run(HostConfigCommands.setMachineVariable("HTTP_PROXY", proxy), sh)));
            assertFalse(HostConfigCommands.parseChanged(
                    c.run(HostConfigCommands.setMachineVariable("HTTP_PROXY", proxy), sh)));
            // names are case-insensitive, values are compared case-sensitively
            assertTrue(HostConfigCommands.parseChanged(
                    c.run(HostConfigCommands.setMachineVariable("http_proxy", proxy.toUpperCase()), sh)));
            assertEquals(Map.of("HTTP_PROXY", proxy.toUpperCase()), host.machineEnvironment());
            assertTrue(
                    HostConfigCommands.parseChanged(c.run(HostConfigCommands.removeMachineVariable("Http_Proxy"), sh)));
            assertFalse(
                    HostConfigCommands.parseChanged(c.run(HostConfigCommands.removeMachineVariable("HTTP_PROXY"), sh)));
            assertEquals(Map.of(), host.machineEnvironment());

            // a service sees the variables of its last start
            c.run(HostConfigCommands.setMachineVariable("NO_PROXY", ".svc"), sh);
            c.run(FileCommands.ensureDirectory("C:\\k"), sh);
            c.upload("exe".getBytes(StandardCharsets.UTF_8), "/C:/k/x.exe");
            c.run(ServiceCommands.create("x", "C:\\k\\x.exe"), sh);
            assertEquals(Optional.empty(), host.environmentAtStart("x"));
            c.run(ServiceCommands.start("x"), sh);
            c.run(HostConfigCommands.removeMachineVariable("NO_PROXY"), sh);
            assertEquals(Optional.of(Map.of("NO_PROXY", ".svc")), host.environmentAtStart("x"));

            // certificates: one per file, by thumbprint; a missing file or a non-certificate fails
            c.run(FileCommands.ensureDirectory("C:\\k\\trusted-ca"), sh);
            c.upload(CA.getBytes(StandardCharsets.US_ASCII), "/C:/k/trusted-ca/" + THUMBPRINT + ".crt");
            String path = "C:\\k\\trusted-ca\\" + THUMBPRINT + ".crt";
            assertEquals(
                    0, c.run(HostConfigCommands.importRootCertificate(path), sh).exitStatus());
            assertEquals(
                    0, c.run(HostConfigCommands.importRootCertificate(path), sh).exitStatus());
            assertEquals(Set.of(THUMBPRINT), host.rootCertificates().keySet());
            assertEquals(
                    1,
                    c.run(HostConfigCommands.importRootCertificate("C:\\k\\nosuch.crt"), sh)
                            .exitStatus());
            c.upload("not a cert".getBytes(StandardCharsets.US_ASCII), "/C:/k/bad.crt");
            CommandResult bad = c.run(HostConfigCommands.importRootCertificate("C:\\k\\bad.crt"), sh);
            assertEquals(1, bad.exitStatus());
            c.upload((CA + CA).getBytes(StandardCharsets.US_ASCII), "/C:/k/two.crt");
            assertEquals(
                    1,
                    c.run(HostConfigCommands.importRootCertificate("C:\\k\\two.crt"), sh)
                            .exitStatus());

            assertEquals(
                    List.of(THUMBPRINT + ".crt"),
                    HostConfigCommands.parseNames(c.run(HostConfigCommands.childNames("C:\\k\\trusted-ca"), sh)));
            assertEquals(
                    List.of(), HostConfigCommands.parseNames(c.run(HostConfigCommands.childNames("C:\\nosuch"), sh)));

            assertEquals(
                    0,
                    c.run(HostConfigCommands.removeRootCertificate(THUMBPRINT), sh)
                            .exitStatus());
            assertEquals(
                    0,
                    c.run(HostConfigCommands.removeRootCertificate(THUMBPRINT), sh)
                            .exitStatus());
            assertEquals(Map.of(), host.rootCertificates());
        }
        assertEquals(List.of(), host.unknownCommands());
    }
}
