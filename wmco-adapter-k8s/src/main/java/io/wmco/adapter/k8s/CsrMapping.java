package io.wmco.adapter.k8s;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestCondition;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestSpec;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestStatus;
import io.wmco.domain.csr.CsrFacts;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a CertificateSigningRequest into {@link CsrFacts}: spec fields as they are, plus subject and subject
 * alternative names parsed from the PEM-encoded PKCS#10 request. A request that cannot be parsed gives facts with an
 * empty subject and no SANs, which no approval rule accepts, and a warning naming the CSR (never its content). A
 * decided CSR (Approved or Denied) is not parsed: its facts have an empty subject and say it is not pending.
 */
final class CsrMapping {
    private static final Logger LOG = LoggerFactory.getLogger(CsrMapping.class);

    private CsrMapping() {}

    /** The subject and SANs of a PKCS#10 request. */
    record ParsedRequest(
            String commonName,
            List<String> organizations,
            List<String> dnsNames,
            List<String> emailAddresses,
            List<String> ipAddresses,
            List<String> uris) {
        static final ParsedRequest EMPTY = new ParsedRequest("", List.of(), List.of(), List.of(), List.of(), List.of());
    }

    static CsrFacts toFacts(V1CertificateSigningRequest csr) {
        requireNonNull(csr, "csr cannot be null");
        String name =
                requireNonNull(csr.getMetadata(), "csr metadata cannot be null").getName();
        V1CertificateSigningRequestSpec spec = csr.getSpec();
        ParsedRequest parsed = ParsedRequest.EMPTY;
        boolean pending = isPending(csr);
        if (!pending) {
            // decided: nothing is judged, and the cache keeps no request of it (InformerSetup.trim)
        } else if (spec != null && spec.getRequest() != null) {
            try {
                parsed = parse(spec.getRequest());
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn(
                        "CSR {}: its request cannot be parsed as a PEM PKCS#10 request ({}); leaving it alone",
                        name,
                        e.getMessage());
            }
        } else {
            LOG.warn("CSR {} has no request; leaving it alone", name);
        }
        Set<String> usages = new LinkedHashSet<>();
        List<String> groups = List.of();
        String username = "";
        String signer = "";
        if (spec != null) {
            if (spec.getUsages() != null) {
                usages.addAll(spec.getUsages());
            }
            groups = spec.getGroups() == null ? List.of() : spec.getGroups();
            username = spec.getUsername();
            signer = spec.getSignerName();
        }
        return new CsrFacts(
                name,
                signer,
                pending,
                parsed.commonName(),
                parsed.organizations(),
                parsed.dnsNames(),
                parsed.emailAddresses(),
                parsed.ipAddresses(),
                parsed.uris(),
                usages,
                username,
                groups);
    }

    /** True when the CSR has neither an Approved nor a Denied condition. */
    static boolean isPending(V1CertificateSigningRequest csr) {
        V1CertificateSigningRequestStatus status = csr.getStatus();
        if (status == null || status.getConditions() == null) {
            return true;
        }
        for (V1CertificateSigningRequestCondition c : status.getConditions()) {
            if ("Approved".equals(c.getType()) || "Denied".equals(c.getType())) {
                return false;
            }
        }
        return true;
    }

    /** Whether the CSR carries the given condition type with status True. */
    static boolean hasCondition(V1CertificateSigningRequest csr, String type) {
        V1CertificateSigningRequestStatus status = csr.getStatus();
        return status != null
                && status.getConditions() != null
                && status.getConditions().stream()
                        .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * Parses a PEM {@code CERTIFICATE REQUEST}.
     *
     * @throws IOException when the bytes hold no PKCS#10 request
     */
    static ParsedRequest parse(byte[] pem) throws IOException {
        Object object;
        try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            object = parser.readObject();
        } catch (RuntimeException e) {
            throw new IOException("malformed PEM: " + e.getClass().getSimpleName(), e);
        }
        if (!(object instanceof PKCS10CertificationRequest request)) {
            throw new IOException(
                    object == null
                            ? "no PEM block found"
                            : "PEM block is " + object.getClass().getSimpleName() + ", not a certificate request");
        }
        X500Name subject = request.getSubject();
        List<String> cns = values(subject, BCStyle.CN);
        String cn = cns.isEmpty() ? "" : cns.get(0);
        List<String> orgs = values(subject, BCStyle.O);
        List<String> dns = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        for (Attribute attribute : request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            for (ASN1Encodable value : attribute.getAttributeValues()) {
                Extensions extensions = Extensions.getInstance(value);
                GeneralNames names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
                if (names == null) {
                    continue;
                }
                for (GeneralName n : names.getNames()) {
                    switch (n.getTagNo()) {
                        case GeneralName.dNSName -> dns.add(text(n));
                        case GeneralName.rfc822Name -> emails.add(text(n));
                        case GeneralName.uniformResourceIdentifier -> uris.add(text(n));
                        case GeneralName.iPAddress -> ips.add(ip(n));
                        default -> {
                            // Other name forms (directory names, registered IDs) play no part in the rules.
                        }
                    }
                }
            }
        }
        return new ParsedRequest(cn, orgs, dns, emails, ips, uris);
    }

    private static List<String> values(X500Name subject, ASN1ObjectIdentifier type) {
        List<String> out = new ArrayList<>();
        for (RDN rdn : subject.getRDNs(type)) {
            for (AttributeTypeAndValue tv : rdn.getTypesAndValues()) {
                if (type.equals(tv.getType())) {
                    // The raw string, not the escaped RFC 4514 form: rules compare exact names.
                    out.add(
                            tv.getValue() instanceof ASN1String str
                                    ? str.getString()
                                    : IETFUtils.valueToString(tv.getValue()));
                }
            }
        }
        return out;
    }

    private static String text(GeneralName n) {
        return ((ASN1String) n.getName()).getString();
    }

    private static String ip(GeneralName n) throws IOException {
        byte[] raw = ASN1OctetString.getInstance(n.getName()).getOctets();
        try {
            // getByAddress with raw bytes does no name lookup.
            return InetAddress.getByAddress(raw).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IOException("IP SAN of " + raw.length + " bytes", e);
        }
    }
}
