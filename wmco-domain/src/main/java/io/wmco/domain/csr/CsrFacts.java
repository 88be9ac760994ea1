package io.wmco.domain.csr;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/**
 * What the approval rules need to know about one CertificateSigningRequest, already parsed from its PKCS#10
 * request by an adapter.
 *
 * @param name the CSR object's name
 * @param signerName {@code spec.signerName}
 * @param pending true when the CSR has neither an Approved nor a Denied condition
 * @param commonName subject common name of the request
 * @param organizations subject organizations of the request
 * @param dnsNames DNS subject alternative names
 * @param emailAddresses e-mail subject alternative names
 * @param ipAddresses IP subject alternative names
 * @param uris URI subject alternative names
 * @param usages {@code spec.usages}
 * @param requesterUsername {@code spec.username}
 * @param requesterGroups {@code spec.groups}
 */
public record CsrFacts(
        String name,
        String signerName,
        boolean pending,
        String commonName,
        List<String> organizations,
        List<String> dnsNames,
        List<String> emailAddresses,
        List<String> ipAddresses,
        List<String> uris,
        Set<String> usages,
        String requesterUsername,
        List<String> requesterGroups) {

    public CsrFacts {
        requireNonNull(name, "name cannot be null");
        signerName = signerName == null ? "" : signerName;
        commonName = commonName == null ? "" : commonName;
        organizations = List.copyOf(requireNonNull(organizations, "organizations cannot be null"));
        dnsNames = List.copyOf(requireNonNull(dnsNames, "dnsNames cannot be null"));
        emailAddresses = List.copyOf(requireNonNull(emailAddresses, "emailAddresses cannot be null"));
        ipAddresses = List.copyOf(requireNonNull(ipAddresses, "ipAddresses cannot be null"));
        uris = List.copyOf(requireNonNull(uris, "uris cannot be null"));
        usages = Set.copyOf(requireNonNull(usages, "usages cannot be null"));
        requesterUsername = requesterUsername == null ? "" : requesterUsername;
        requesterGroups = List.copyOf(requireNonNull(requesterGroups, "requesterGroups cannot be null"));
    }
}
