package io.wmco.domain.csr;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * What {@link CsrApprovalRules} need to know besides the CSR itself. Immutable and thread-safe.
 *
 * @param knownNames node names that belong to listed instances (reverse-DNS names, DNS-name entries, reported
 *     hostnames; see {@code io.wmco.domain.instance.InstanceMatcher#knownNames}): what a serving CSR may name
 * @param configuredHostnames node names the operator derived from the hostname a host reported over SSH, for
 *     hosts it has configured or is configuring: what a client CSR may name
 * @param requesters who may ask for a client certificate
 * @param nodeExists whether a Node named after the CSR's common name exists
 */
public record CsrContext(
        Set<String> knownNames, Set<String> configuredHostnames, BootstrapRequesters requesters, boolean nodeExists) {
    public CsrContext {
        knownNames = Set.copyOf(requireNonNull(knownNames, "knownNames cannot be null"));
        configuredHostnames = Set.copyOf(requireNonNull(configuredHostnames, "configuredHostnames cannot be null"));
        requireNonNull(requesters, "requesters cannot be null");
    }
}
