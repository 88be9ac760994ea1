package io.wmco.ports.cluster;

import io.wmco.domain.csr.CsrFacts;
import java.util.List;
import java.util.Optional;

/** CertificateSigningRequests, parsed into facts the domain's rules judge. Thread-safe. */
public interface CertificateSigningRequests {

    /** Every CSR in the cache that has neither an Approved nor a Denied condition. */
    List<CsrFacts> pending();

    /** One CSR from the cache. A CSR whose request cannot be parsed is returned with empty subject fields. */
    Optional<CsrFacts> get(String name);

    /**
     * Adds the Approved condition through the approval subresource, retrying on conflict. Idempotent.
     *
     * @param reason short CamelCase reason
     * @param message sentence naming the approver
     * @return false when the CSR no longer exists
     */
    boolean approve(String name, String reason, String message);
}
