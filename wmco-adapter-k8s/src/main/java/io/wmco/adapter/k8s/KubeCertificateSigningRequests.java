package io.wmco.adapter.k8s;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CertificatesV1Api;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestCondition;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestStatus;
import io.wmco.domain.csr.CsrFacts;
import io.wmco.ports.cluster.CertificateSigningRequests;
import io.wmco.ports.cluster.ClusterException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CertificateSigningRequests}: reads from the CSR informer; approval through the {@code /approval}
 * subresource with a typed replace (not {@code GenericKubernetesApi.updateStatus}, which sends a content type the
 * server refuses in client 25.0.0), re-reading and retrying on conflict.
 */
final class KubeCertificateSigningRequests implements CertificateSigningRequests {
    private static final Logger LOG = LoggerFactory.getLogger(KubeCertificateSigningRequests.class);
    static final int MAX_ATTEMPTS = 5;

    private final CertificatesV1Api certificates;
    private final Lister<V1CertificateSigningRequest> lister;
    private final Clock clock;

    KubeCertificateSigningRequests(ApiClient client, Lister<V1CertificateSigningRequest> lister, Clock clock) {
        this.certificates = new CertificatesV1Api(requireNonNull(client, "client cannot be null"));
        this.lister = requireNonNull(lister, "lister cannot be null");
        this.clock = requireNonNull(clock, "clock cannot be null");
    }

    @Override
    public List<CsrFacts> pending() {
        return lister.list().stream()
                .filter(CsrMapping::isPending)
                .map(CsrMapping::toFacts)
                .toList();
    }

    @Override
    public Optional<CsrFacts> get(String name) {
        requireNonNull(name, "name cannot be null");
        return Optional.ofNullable(lister.get(name)).map(CsrMapping::toFacts);
    }

    @Override
    public boolean approve(String name, String reason, String message) {
        requireNonNull(name, "name cannot be null");
        requireNonNull(reason, "reason cannot be null");
        requireNonNull(message, "message cannot be null");
        String what = "CertificateSigningRequest " + name;
        for (int attempt = 1; ; attempt++) {
            Optional<V1CertificateSigningRequest> live = ApiErrors.read(
                    "read " + what,
                    false,
                    () -> certificates.readCertificateSigningRequest(name).execute());
            if (live.isEmpty()) {
                return false;
            }
            V1CertificateSigningRequest csr = live.get();
            if (CsrMapping.hasCondition(csr, "Approved")) {
                return true;
            }
            if (CsrMapping.hasCondition(csr, "Denied")) {
                throw new ClusterException(
                        ClusterException.Kind.REJECTED,
                        0,
                        what + " was denied by someone else; a denied request cannot be approved",
                        null);
            }
            withApproval(csr, reason, message, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            try {
                certificates.replaceCertificateSigningRequestApproval(name, csr).execute();
                LOG.info("approved {} ({})", what, reason);
                return true;
            } catch (ApiException e) {
                if (e.getCode() == 404) {
                    return false;
                }
                if (e.getCode() == 409 && attempt < MAX_ATTEMPTS) {
                    continue;
                }
                throw ApiErrors.translate("approve " + what, e, false);
            }
        }
    }

    /** Adds the Approved condition to a CSR read from the server. */
    static V1CertificateSigningRequest withApproval(
            V1CertificateSigningRequest csr, String reason, String message, OffsetDateTime now) {
        if (csr.getStatus() == null) {
            csr.setStatus(new V1CertificateSigningRequestStatus());
        }
        csr.getStatus()
                .addConditionsItem(new V1CertificateSigningRequestCondition()
                        .type("Approved")
                        .status("True")
                        .reason(reason)
                        .message(message)
                        .lastUpdateTime(now)
                        .lastTransitionTime(now));
        return csr;
    }
}
