package io.wmco.testkit.sim;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import io.kubernetes.client.util.credentials.ClientCertificateAuthentication;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubeconfig files on a simulated host's virtual drive, as the emulated kubelet and hybrid-overlay read and write
 * them: file references inside a kubeconfig are Windows paths on the same drive.
 */
final class DriveKubeconfig {
    private static final Logger LOG = LoggerFactory.getLogger(DriveKubeconfig.class);

    private DriveKubeconfig() {}

    /** Credentials and server read from a kubeconfig on the virtual drive. */
    record Access(String server, byte[] caPem, boolean verifySsl, String token, byte[] certPem, byte[] keyPem) {
        ApiClient client() throws IOException {
            ClientBuilder b = new ClientBuilder().setBasePath(server).setVerifyingSsl(verifySsl);
            if (caPem != null) {
                b.setCertificateAuthority(caPem);
            }
            if (certPem != null && keyPem != null) {
                b.setAuthentication(new ClientCertificateAuthentication(certPem, keyPem));
            } else if (token != null) {
                b.setAuthentication(new AccessTokenAuthentication(token));
            }
            return b.build();
        }
    }

    /** Reads a kubeconfig from the drive; file references are Windows paths on the same drive. */
    static Access read(VirtualDrive drive, String windowsPath) throws IOException {
        Path file = drive.resolve(windowsPath);
        if (!Files.isRegularFile(file)) {
            throw new IOException("kubeconfig " + windowsPath + " does not exist");
        }
        KubeConfig kc = KubeConfig.loadKubeConfig(new StringReader(Files.readString(file)));
        byte[] ca = decodeOrRead(drive, kc.getCertificateAuthorityData(), kc.getCertificateAuthorityFile());
        byte[] cert = decodeOrRead(drive, kc.getClientCertificateData(), kc.getClientCertificateFile());
        byte[] key = decodeOrRead(drive, kc.getClientKeyData(), kc.getClientKeyFile());
        String token = null;
        Map<String, String> creds = null;
        try {
            creds = kc.getCredentials();
        } catch (RuntimeException e) {
            LOG.debug("kubeconfig {} credentials are not plain", windowsPath, e);
        }
        if (creds != null) {
            token = creds.get(KubeConfig.CRED_TOKEN_KEY);
        }
        if (kc.getServer() == null) {
            throw new IOException("kubeconfig " + windowsPath + " names no server");
        }
        return new Access(kc.getServer(), ca, kc.verifySSL(), token, cert, key);
    }

    /**
     * Writes a kubeconfig to the drive that reaches the server of {@code bootstrap} (with its CA and TLS check) with
     * a client certificate and key, as the kubelet does once its client CSR is signed.
     */
    static void writeWithClientCertificate(
            VirtualDrive drive, String windowsPath, Access bootstrap, byte[] certPem, byte[] keyPem)
            throws IOException {
        Base64.Encoder b64 = Base64.getEncoder();
        StringBuilder y = new StringBuilder()
                .append("apiVersion: v1\nkind: Config\nclusters:\n- name: default-cluster\n  cluster:\n")
                .append("    server: ")
                .append(bootstrap.server())
                .append('\n');
        if (bootstrap.caPem() != null) {
            y.append("    certificate-authority-data: ")
                    .append(b64.encodeToString(bootstrap.caPem()))
                    .append('\n');
        }
        if (!bootstrap.verifySsl()) {
            y.append("    insecure-skip-tls-verify: true\n");
        }
        y.append("contexts:\n- name: default-context\n  context:\n    cluster: default-cluster\n")
                .append("    user: default-auth\ncurrent-context: default-context\nusers:\n- name: default-auth\n")
                .append("  user:\n    client-certificate-data: ")
                .append(b64.encodeToString(certPem))
                .append('\n')
                .append("    client-key-data: ")
                .append(b64.encodeToString(keyPem))
                .append('\n');
        Path target = drive.resolve(windowsPath);
        Files.createDirectories(target.getParent());
        Files.writeString(target, y.toString());
    }

    private static byte[] decodeOrRead(VirtualDrive drive, String data, String windowsFile) throws IOException {
        if (data != null) {
            return Base64.getDecoder().decode(data.strip());
        }
        if (windowsFile != null) {
            return Files.readAllBytes(drive.resolve(windowsFile));
        }
        return null;
    }
}
