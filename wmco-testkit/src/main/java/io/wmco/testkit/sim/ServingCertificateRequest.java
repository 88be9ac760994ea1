package io.wmco.testkit.sim;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CertificatesV1Api;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.bouncycastle.operator.OperatorCreationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an emulated kubelet with {@code serverTLSBootstrap: true} does once its Node is registered: files a serving CSR
 * ({@code kubernetes.io/kubelet-serving}) with the node name and IP as SANs, as the node, polls it until it is issued,
 * denied or past the certificate timeout, and stores the issued certificate with its key in the cert dir. Skipped
 * when a serving certificate is there already. Stops polling once its kubelet run stops.
 */
final class ServingCertificateRequest {
    private static final Logger LOG = LoggerFactory.getLogger(ServingCertificateRequest.class);

    private final KubeletEmulation emulation;
    private final BooleanSupplier stopped;
    private final ApiClient nodeClient;
    private final String nodeName;
    private final String ip;
    private final String certDir;
    private final Duration certificateTimeout;

    /** {@code certDir} is the kubelet's {@code --cert-dir}, null when it has none. */
    ServingCertificateRequest(
            KubeletEmulation emulation,
            BooleanSupplier stopped,
            ApiClient nodeClient,
            String nodeName,
            String ip,
            String certDir) {
        this.emulation = emulation;
        this.stopped = stopped;
        this.nodeClient = nodeClient;
        this.nodeName = nodeName;
        this.ip = ip;
        this.certDir = certDir;
        this.certificateTimeout = emulation.certificateTimeout;
    }

    void file() {
        if (stopped.getAsBoolean()) {
            return;
        }
        VirtualDrive drive = emulation.host.drive();
        try {
            if (certDir != null && Files.isRegularFile(drive.resolve(certDir).resolve("kubelet-server-current.pem"))) {
                return;
            }
            KeyPair serving = CertificateRequests.newKeyPair();
            V1CertificateSigningRequest body = CertificateRequests.serving(nodeName, ip, serving);
            CertificatesV1Api api = new CertificatesV1Api(nodeClient);
            String name = api.createCertificateSigningRequest(body)
                    .execute()
                    .getMetadata()
                    .getName();
            LOG.info("simulated kubelet {} filed serving CSR {}", nodeName, name);
            Instant deadline = Instant.now().plus(certificateTimeout);
            schedule(() -> poll(api, name, serving, deadline));
        } catch (ApiException | IOException | GeneralSecurityException | OperatorCreationException e) {
            emulation.fail("kubelet " + nodeName + ": filing the serving CSR failed", e);
        }
    }

    private void poll(CertificatesV1Api api, String name, KeyPair serving, Instant deadline) {
        if (stopped.getAsBoolean()) {
            return;
        }
        try {
            V1CertificateSigningRequest csr =
                    api.readCertificateSigningRequest(name).execute();
            byte[] cert = csr.getStatus() == null ? null : csr.getStatus().getCertificate();
            if (cert != null && cert.length > 0) {
                emulation.servingCertificateWasIssued();
                if (certDir != null) {
                    Path dir = Files.createDirectories(emulation.host.drive().resolve(certDir));
                    Files.write(
                            dir.resolve("kubelet-server-current.pem"),
                            CertificateRequests.certificateAndKey(cert, CertificateRequests.pemOf(serving)));
                }
                return;
            }
            if (csr.getStatus() != null
                    && csr.getStatus().getConditions() != null
                    && csr.getStatus().getConditions().stream()
                            .anyMatch(c -> "Denied".equals(c.getType()) || "Failed".equals(c.getType()))) {
                emulation.fail("kubelet " + nodeName + ": serving CSR " + name + " was denied or failed");
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                emulation.fail("kubelet " + nodeName + ": serving CSR " + name + " was not issued within "
                        + certificateTimeout);
                return;
            }
        } catch (ApiException | IOException e) {
            emulation.fail("kubelet " + nodeName + ": reading serving CSR " + name + " failed", e);
        }
        schedule(() -> poll(api, name, serving, deadline));
    }

    private void schedule(Runnable step) {
        if (!stopped.getAsBoolean()) {
            emulation.scheduler.schedule(step, KubeletEmulation.POLL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
