package io.wmco.domain.csr;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.instance.Rfc1123;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules under which the operator approves the kubelet certificates of Windows instances it configured.
 *
 * <p>A CSR is approved when all of these hold, and left alone otherwise (never denied):
 * <ol>
 *   <li>it is pending (neither approved nor denied);</li>
 *   <li>its common name is {@code system:node:<name>} and {@code <name>} is an RFC 1123 subdomain (names compare
 *       without case);</li>
 *   <li>client certificates (signer {@value #CLIENT_SIGNER}): the requester is a kubelet bootstrap identity
 *       ({@link BootstrapRequesters}); {@code <name>} is the hostname a host reported over SSH while the operator
 *       configures or configured it ({@link CsrContext#configuredHostnames()}: a listed DNS name or a reverse-DNS
 *       name alone is not enough, since nothing shows that a kubelet of ours runs there); organizations exactly
 *       {@code [system:nodes]}; no DNS, e-mail, IP or URI subject alternative names; usages exactly {digital
 *       signature, key encipherment, client auth} or {digital signature, client auth} (non-RSA keys); the Node
 *       does not exist yet;</li>
 *   <li>serving certificates (signer {@value #SERVING_SIGNER}): {@code <name>} is one of the names known for
 *       listed instances ({@link CsrContext#knownNames()}); requester groups include {@code system:nodes} and
 *       {@code system:authenticated}; usages exactly {digital signature, key encipherment, server auth} or
 *       {digital signature, server auth}; organizations include {@code system:nodes}; the Node exists;</li>
 *   <li>any other signer is left alone.</li>
 * </ol>
 *
 * <p>Thread-safe; no state.
 */
public final class CsrApprovalRules {
    private CsrApprovalRules() {}

    public static final String CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
    public static final String SERVING_SIGNER = "kubernetes.io/kubelet-serving";
    public static final String NODE_CN_PREFIX = "system:node:";
    public static final String NODES_GROUP = "system:nodes";
    public static final String AUTHENTICATED_GROUP = "system:authenticated";

    public static final String DIGITAL_SIGNATURE = "digital signature";
    public static final String KEY_ENCIPHERMENT = "key encipherment";
    public static final String CLIENT_AUTH = "client auth";
    public static final String SERVER_AUTH = "server auth";

    /** Reason of the Approved condition the operator writes. */
    public static final String APPROVAL_REASON = "WindowsMachineConfigOperatorApproved";
    /** Who approves, as named in approval messages. */
    public static final String OPERATOR_NAME = "Windows Machine Config Operator";

    private static final Set<String> CLIENT_USAGES_RSA = Set.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, CLIENT_AUTH);
    private static final Set<String> CLIENT_USAGES = Set.of(DIGITAL_SIGNATURE, CLIENT_AUTH);
    private static final Set<String> SERVING_USAGES_RSA = Set.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, SERVER_AUTH);
    private static final Set<String> SERVING_USAGES = Set.of(DIGITAL_SIGNATURE, SERVER_AUTH);

    /** Judges one CSR. */
    public static CsrDecision evaluate(CsrFacts csr, CsrContext context) {
        requireNonNull(csr, "csr cannot be null");
        requireNonNull(context, "context cannot be null");
        if (!csr.pending()) {
            return leave(csr, "it is not pending");
        }
        boolean client = csr.signerName().equals(CLIENT_SIGNER);
        boolean serving = csr.signerName().equals(SERVING_SIGNER);
        if (!client && !serving) {
            return leave(csr, "signer '" + csr.signerName() + "' is not a kubelet signer");
        }
        if (!csr.commonName().startsWith(NODE_CN_PREFIX)) {
            return leave(csr, "common name '" + csr.commonName() + "' does not start with " + NODE_CN_PREFIX);
        }
        String nodeName = csr.commonName().substring(NODE_CN_PREFIX.length());
        Optional<String> nameProblem = Rfc1123.subdomainProblem(nodeName);
        if (nameProblem.isPresent()) {
            return leave(csr, "node name '" + nodeName + "' is not an RFC 1123 subdomain: " + nameProblem.get());
        }
        Optional<String> problem = client
                ? clientProblem(csr, nodeName, context)
                : servingNameProblem(nodeName, context).or(() -> servingProblem(csr, context.nodeExists()));
        if (problem.isPresent()) {
            return leave(csr, problem.get());
        }
        CsrDecision.Kind kind = client ? CsrDecision.Kind.CLIENT : CsrDecision.Kind.SERVING;
        return new CsrDecision.Approve(kind, nodeName, APPROVAL_REASON, approvalMessage(kind, nodeName));
    }

    private static Set<String> lowerCase(Set<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    private static Optional<String> servingNameProblem(String nodeName, CsrContext context) {
        return lowerCase(context.knownNames()).contains(nodeName)
                ? Optional.empty()
                : Optional.of("node name '" + nodeName + "' belongs to no listed Windows instance");
    }

    /** The message of the Approved condition. */
    public static String approvalMessage(CsrDecision.Kind kind, String nodeName) {
        requireNonNull(kind, "kind cannot be null");
        requireNonNull(nodeName, "nodeName cannot be null");
        return "Approved by the " + OPERATOR_NAME + ": kubelet "
                + (kind == CsrDecision.Kind.CLIENT ? "client" : "serving") + " certificate for Windows node "
                + nodeName;
    }

    private static Optional<String> clientProblem(CsrFacts csr, String nodeName, CsrContext context) {
        Optional<String> requester = context.requesters().problem(csr.requesterUsername(), csr.requesterGroups());
        if (requester.isPresent()) {
            return Optional.of("client CSR " + requester.get());
        }
        if (!lowerCase(context.configuredHostnames()).contains(nodeName)) {
            return Optional.of("client CSR for node name '" + nodeName + "', which is not the hostname a Windows "
                    + "instance reported while the operator configured it");
        }
        boolean nodeExists = context.nodeExists();
        if (!csr.organizations().equals(List.of(NODES_GROUP))) {
            return Optional.of(
                    "client CSR organizations " + csr.organizations() + " are not exactly [" + NODES_GROUP + "]");
        }
        if (!csr.dnsNames().isEmpty()) {
            return Optional.of("client CSR has DNS subject alternative names");
        }
        if (!csr.emailAddresses().isEmpty()) {
            return Optional.of("client CSR has e-mail subject alternative names");
        }
        if (!csr.ipAddresses().isEmpty()) {
            return Optional.of("client CSR has IP subject alternative names");
        }
        if (!csr.uris().isEmpty()) {
            return Optional.of("client CSR has URI subject alternative names");
        }
        if (!csr.usages().equals(CLIENT_USAGES_RSA) && !csr.usages().equals(CLIENT_USAGES)) {
            return Optional.of("client CSR usages " + sorted(csr.usages()) + " are not {digital signature, "
                    + "[key encipherment,] client auth}");
        }
        if (nodeExists) {
            return Optional.of("client CSR for a node that already exists");
        }
        return Optional.empty();
    }

    private static Optional<String> servingProblem(CsrFacts csr, boolean nodeExists) {
        if (!csr.requesterGroups().contains(NODES_GROUP)
                || !csr.requesterGroups().contains(AUTHENTICATED_GROUP)) {
            return Optional.of("serving CSR requester groups " + csr.requesterGroups() + " do not include both "
                    + NODES_GROUP + " and " + AUTHENTICATED_GROUP);
        }
        if (!csr.usages().equals(SERVING_USAGES_RSA) && !csr.usages().equals(SERVING_USAGES)) {
            return Optional.of("serving CSR usages " + sorted(csr.usages()) + " are not {digital signature, "
                    + "[key encipherment,] server auth}");
        }
        if (!csr.organizations().contains(NODES_GROUP)) {
            return Optional.of("serving CSR organizations " + csr.organizations() + " do not include " + NODES_GROUP);
        }
        if (!nodeExists) {
            return Optional.of("serving CSR for a node that does not exist yet");
        }
        return Optional.empty();
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    private static CsrDecision leave(CsrFacts csr, String why) {
        return new CsrDecision.LeaveAlone("CSR " + csr.name() + " left alone: " + why);
    }
}
