package io.wmco.domain.csr;

import static io.wmco.domain.csr.CsrApprovalRules.CLIENT_AUTH;
import static io.wmco.domain.csr.CsrApprovalRules.CLIENT_SIGNER;
import static io.wmco.domain.csr.CsrApprovalRules.DIGITAL_SIGNATURE;
import static io.wmco.domain.csr.CsrApprovalRules.KEY_ENCIPHERMENT;
import static io.wmco.domain.csr.CsrApprovalRules.SERVER_AUTH;
import static io.wmco.domain.csr.CsrApprovalRules.SERVING_SIGNER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CSR approval rules as tables: one row per fact that decides a client or serving CSR, and one per
 * requester. Over 300 lines because the rows share the valid CSRs {@code CLIENT} and {@code SERVING} and the
 * builder {@code F} that changes one fact of them; split, each part would need its own copy of them.
 */
class CsrApprovalRulesTest {
    static final String NODE = "win-1.example.com";
    static final Set<String> KNOWN = Set.of(NODE, "other");
    static final String TOKEN_USER = "system:bootstrap:wabcde";
    static final BootstrapRequesters REQUESTERS = BootstrapRequesters.of("wabcde", List.of("system:bootstrap-custom"));

    /** Names known and configured alike; the operator's own token and OpenShift's node-bootstrapper accepted. */
    static CsrContext ctx(Set<String> names, boolean nodeExists) {
        return new CsrContext(names, names, REQUESTERS, nodeExists);
    }

    static CsrFacts requestedBy(CsrFacts f, String username, List<String> groups) {
        return new CsrFacts(
                f.name(),
                f.signerName(),
                f.pending(),
                f.commonName(),
                f.organizations(),
                f.dnsNames(),
                f.emailAddresses(),
                f.ipAddresses(),
                f.uris(),
                f.usages(),
                username,
                groups);
    }

    /** A mutable builder over CsrFacts so each case changes one fact. */
    record F(
            String signer,
            boolean pending,
            String cn,
            List<String> orgs,
            List<String> dns,
            List<String> emails,
            List<String> ips,
            List<String> uris,
            Set<String> usages,
            List<String> groups) {
        CsrFacts facts() {
            String user = signer.equals(CLIENT_SIGNER) ? TOKEN_USER : "system:node:" + NODE;
            return new CsrFacts("csr-x", signer, pending, cn, orgs, dns, emails, ips, uris, usages, user, groups);
        }

        F signer(String v) {
            return new F(v, pending, cn, orgs, dns, emails, ips, uris, usages, groups);
        }

        F pending(boolean v) {
            return new F(signer, v, cn, orgs, dns, emails, ips, uris, usages, groups);
        }

        F cn(String v) {
            return new F(signer, pending, v, orgs, dns, emails, ips, uris, usages, groups);
        }

        F orgs(List<String> v) {
            return new F(signer, pending, cn, v, dns, emails, ips, uris, usages, groups);
        }

        F dns(List<String> v) {
            return new F(signer, pending, cn, orgs, v, emails, ips, uris, usages, groups);
        }

        F emails(List<String> v) {
            return new F(signer, pending, cn, orgs, dns, v, ips, uris, usages, groups);
        }

        F ips(List<String> v) {
            return new F(signer, pending, cn, orgs, dns, emails, v, uris, usages, groups);
        }

        F uris(List<String> v) {
            return new F(signer, pending, cn, orgs, dns, emails, ips, v, usages, groups);
        }

        F usages(Set<String> v) {
            return new F(signer, pending, cn, orgs, dns, emails, ips, uris, v, groups);
        }

        F groups(List<String> v) {
            return new F(signer, pending, cn, orgs, dns, emails, ips, uris, usages, v);
        }
    }

    static final F CLIENT = new F(
            CLIENT_SIGNER,
            true,
            "system:node:" + NODE,
            List.of("system:nodes"),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            Set.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, CLIENT_AUTH),
            List.of("system:bootstrappers", "system:bootstrappers:wmco", "system:authenticated"));
    static final F SERVING = new F(
            SERVING_SIGNER,
            true,
            "system:node:" + NODE,
            List.of("system:nodes"),
            List.of(NODE),
            List.of(),
            List.of("10.0.0.5"),
            List.of(),
            Set.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, SERVER_AUTH),
            List.of("system:nodes", "system:authenticated"));

    static Stream<Arguments> clientCases() {
        return Stream.of(
                Arguments.of("valid RSA client CSR", UnaryOperator.<F>identity(), false, true),
                Arguments.of(
                        "valid non-RSA client CSR",
                        (UnaryOperator<F>) f -> f.usages(Set.of(DIGITAL_SIGNATURE, CLIENT_AUTH)),
                        false,
                        true),
                Arguments.of("node already exists", UnaryOperator.<F>identity(), true, false),
                Arguments.of("not pending", (UnaryOperator<F>) f -> f.pending(false), false, false),
                Arguments.of(
                        "other signer",
                        (UnaryOperator<F>) f -> f.signer("kubernetes.io/kube-apiserver-client"),
                        false,
                        false),
                Arguments.of("CN without prefix", (UnaryOperator<F>) f -> f.cn(NODE), false, false),
                Arguments.of("CN of unknown node", (UnaryOperator<F>) f -> f.cn("system:node:stranger"), false, false),
                Arguments.of("CN not RFC 1123", (UnaryOperator<F>) f -> f.cn("system:node:Win_1"), false, false),
                Arguments.of(
                        "known name not RFC 1123 still refused",
                        (UnaryOperator<F>) f -> f.cn("system:node:other."),
                        false,
                        false),
                Arguments.of(
                        "extra organization",
                        (UnaryOperator<F>) f -> f.orgs(List.of("system:nodes", "system:masters")),
                        false,
                        false),
                Arguments.of("no organization", (UnaryOperator<F>) f -> f.orgs(List.of()), false, false),
                Arguments.of(
                        "wrong organization", (UnaryOperator<F>) f -> f.orgs(List.of("system:masters")), false, false),
                Arguments.of("DNS SAN", (UnaryOperator<F>) f -> f.dns(List.of(NODE)), false, false),
                Arguments.of("email SAN", (UnaryOperator<F>) f -> f.emails(List.of("a@b.c")), false, false),
                Arguments.of("IP SAN", (UnaryOperator<F>) f -> f.ips(List.of("10.0.0.5")), false, false),
                Arguments.of("URI SAN", (UnaryOperator<F>) f -> f.uris(List.of("spiffe://x")), false, false),
                Arguments.of(
                        "server auth usage",
                        (UnaryOperator<F>) f -> f.usages(Set.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, SERVER_AUTH)),
                        false,
                        false),
                Arguments.of(
                        "extra usage",
                        (UnaryOperator<F>)
                                f -> f.usages(Set.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, CLIENT_AUTH, SERVER_AUTH)),
                        false,
                        false),
                Arguments.of(
                        "missing digital signature",
                        (UnaryOperator<F>) f -> f.usages(Set.of(KEY_ENCIPHERMENT, CLIENT_AUTH)),
                        false,
                        false),
                Arguments.of("client auth only", (UnaryOperator<F>) f -> f.usages(Set.of(CLIENT_AUTH)), false, false));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("clientCases")
    void judgesClientCsr(String description, UnaryOperator<F> change, boolean nodeExists, boolean approve) {
        CsrDecision d = CsrApprovalRules.evaluate(change.apply(CLIENT).facts(), ctx(KNOWN, nodeExists));

        assertEquals(approve, d instanceof CsrDecision.Approve, d.explanation());
        if (approve) {
            assertEquals(CsrDecision.Kind.CLIENT, ((CsrDecision.Approve) d).kind());
        }
    }

    static Stream<Arguments> servingCases() {
        return Stream.of(
                Arguments.of("valid RSA serving CSR", UnaryOperator.<F>identity(), true, true),
                Arguments.of(
                        "valid non-RSA serving CSR",
                        (UnaryOperator<F>) f -> f.usages(Set.of(DIGITAL_SIGNATURE, SERVER_AUTH)),
                        true,
                        true),
                Arguments.of(
                        "extra organization is fine",
                        (UnaryOperator<F>) f -> f.orgs(List.of("system:nodes", "x")),
                        true,
                        true),
                Arguments.of("node does not exist", UnaryOperator.<F>identity(), false, false),
                Arguments.of("not pending", (UnaryOperator<F>) f -> f.pending(false), true, false),
                Arguments.of("CN of unknown node", (UnaryOperator<F>) f -> f.cn("system:node:stranger"), true, false),
                Arguments.of("CN without prefix", (UnaryOperator<F>) f -> f.cn("system:nodes:" + NODE), true, false),
                Arguments.of(
                        "missing system:nodes group",
                        (UnaryOperator<F>) f -> f.groups(List.of("system:authenticated")),
                        true,
                        false),
                Arguments.of(
                        "missing system:authenticated group",
                        (UnaryOperator<F>) f -> f.groups(List.of("system:nodes")),
                        true,
                        false),
                Arguments.of(
                        "client auth usage",
                        (UnaryOperator<F>) f -> f.usages(Set.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, CLIENT_AUTH)),
                        true,
                        false),
                Arguments.of(
                        "extra usage",
                        (UnaryOperator<F>)
                                f -> f.usages(Set.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, SERVER_AUTH, CLIENT_AUTH)),
                        true,
                        false),
                Arguments.of("server auth only", (UnaryOperator<F>) f -> f.usages(Set.of(SERVER_AUTH)), true, false),
                Arguments.of(
                        "organization lacks system:nodes", (UnaryOperator<F>) f -> f.orgs(List.of("x")), true, false));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("servingCases")
    void judgesServingCsr(String description, UnaryOperator<F> change, boolean nodeExists, boolean approve) {
        CsrDecision d = CsrApprovalRules.evaluate(change.apply(SERVING).facts(), ctx(KNOWN, nodeExists));

        assertEquals(approve, d instanceof CsrDecision.Approve, d.explanation());
        if (approve) {
            assertEquals(CsrDecision.Kind.SERVING, ((CsrDecision.Approve) d).kind());
        }
    }

    @Test
    void comparesKnownNamesWithoutCase() {
        CsrDecision d = CsrApprovalRules.evaluate(CLIENT.facts(), ctx(Set.of("WIN-1.Example.com"), false));

        assertInstanceOf(CsrDecision.Approve.class, d, d.explanation());
    }

    @Test
    void approvalNamesTheOperatorAndTheNode() {
        CsrDecision.Approve a = (CsrDecision.Approve) CsrApprovalRules.evaluate(SERVING.facts(), ctx(KNOWN, true));

        assertEquals("WindowsMachineConfigOperatorApproved", a.reason());
        assertEquals(
                "Approved by the Windows Machine Config Operator: kubelet serving certificate for Windows node " + NODE,
                a.message());
        assertEquals(NODE, a.nodeName());
    }

    @Test
    void leaveAloneExplainsTheFailedRule() {
        CsrDecision d = CsrApprovalRules.evaluate(CLIENT.facts(), ctx(KNOWN, true));

        CsrDecision.LeaveAlone l = assertInstanceOf(CsrDecision.LeaveAlone.class, d);
        assertEquals("CSR csr-x left alone: client CSR for a node that already exists", l.explanation());
    }

    @Test
    void neverApprovesWithoutKnownNames() {
        assertTrue(CsrApprovalRules.evaluate(CLIENT.facts(), ctx(Set.of(), false)) instanceof CsrDecision.LeaveAlone);
        assertTrue(CsrApprovalRules.evaluate(SERVING.facts(), ctx(Set.of(), true)) instanceof CsrDecision.LeaveAlone);
    }

    /** requester user, groups, whether a client CSR from them is approved. */
    static Stream<Arguments> clientRequesters() {
        return Stream.of(
                Arguments.of("the operator's bootstrap token", TOKEN_USER, List.of("system:bootstrappers"), true),
                Arguments.of(
                        "OpenShift's node-bootstrapper",
                        BootstrapRequesters.OPENSHIFT_NODE_BOOTSTRAPPER,
                        List.of("system:serviceaccounts", "system:authenticated"),
                        true),
                Arguments.of("a configured extra user", "system:bootstrap-custom", List.of(), true),
                Arguments.of("an administrator", "kubernetes-admin", List.of("system:masters"), false),
                Arguments.of(
                        "a ServiceAccount allowed to create CSRs",
                        "system:serviceaccount:default:csr-maker",
                        List.of("system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated"),
                        false),
                Arguments.of(
                        "another bootstrap token", "system:bootstrap:zzzzzz", List.of("system:bootstrappers"), false),
                Arguments.of("the operator's token user outside system:bootstrappers", TOKEN_USER, List.of(), false),
                Arguments.of(
                        "a node claiming the bootstrappers group",
                        "system:node:" + NODE,
                        List.of("system:nodes", "system:bootstrappers"),
                        false),
                Arguments.of("nobody", "", List.of(), false));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("clientRequesters")
    void approvesClientCsrsOnlyFromKubeletBootstrapIdentities(
            String description, String user, List<String> groups, boolean approve) {
        CsrDecision d = CsrApprovalRules.evaluate(requestedBy(CLIENT.facts(), user, groups), ctx(KNOWN, false));

        assertEquals(approve, d instanceof CsrDecision.Approve, d.explanation());
        if (!approve) {
            assertTrue(d.explanation().contains("requester '" + user + "'"), d.explanation());
        }
    }

    @Test
    void clientCsrNeedsAHostnameReportedOverSshNotOnlyAListedName() {
        CsrContext listedButNeverReached = new CsrContext(KNOWN, Set.of("other"), REQUESTERS, false);

        CsrDecision d = CsrApprovalRules.evaluate(CLIENT.facts(), listedButNeverReached);

        assertInstanceOf(CsrDecision.LeaveAlone.class, d);
        assertTrue(d.explanation().contains("not the hostname a Windows instance reported"), d.explanation());
        assertInstanceOf(
                CsrDecision.Approve.class,
                CsrApprovalRules.evaluate(CLIENT.facts(), new CsrContext(Set.of(), Set.of(NODE), REQUESTERS, false)));
    }

    @Test
    void servingCsrRulesDoNotDependOnBootstrapRequestersOrReportedHostnames() {
        CsrContext noneReported = new CsrContext(KNOWN, Set.of(), BootstrapRequesters.of("zzzzzz", List.of()), true);

        assertInstanceOf(CsrDecision.Approve.class, CsrApprovalRules.evaluate(SERVING.facts(), noneReported));
    }

    @Test
    void bootstrapTokenUsersMustLookLikeOne() {
        assertThrows(IllegalArgumentException.class, () -> new BootstrapRequesters(Set.of("admin"), Set.of()));
    }
}
