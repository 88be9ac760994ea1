package io.wmco.it.byoh;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CertificatesV1Api;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.AuthenticationV1TokenRequest;
import io.kubernetes.client.openapi.models.RbacV1Subject;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestSpec;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1RoleRef;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1TokenRequestSpec;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import io.wmco.app.bootstrap.BootstrapTokens;
import io.wmco.app.csr.CsrController;
import io.wmco.it.support.Pki;
import io.wmco.it.support.TestCluster;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue #14 item 3: a client (bootstrap) CSR is approved only when a kubelet bootstrap identity asks for it. The same
 * CSR (CN {@code system:node:<the hostname the host reported over SSH>}, the operator configuring that host) is
 * created by a cluster administrator, by a ServiceAccount allowed to create CSRs (authenticating with its own token
 * from the TokenRequest API), and by the operator's bootstrap token (read from its Secret in {@code kube-system},
 * authenticating as {@code system:bootstrap:<id>}): only the last is approved; the others stay pending, never
 * denied. The bootstrap identity itself gets nothing for a listed DNS name whose host was never reached, nor for a
 * request the other rules refuse (extra organization, server usage, unknown name). The host runs no kubelet, so no Node appears and nothing else files a CSR for that name.
 */
class CsrRequesterIT {
    private static final String CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
    private static final List<String> USAGES = List.of("digital signature", "key encipherment", "client auth");

    private ByohEnvironment env;
    private CertificatesV1Api adminCsrs;
    private RbacAuthorizationV1Api rbac;
    private final List<String> csrs = new ArrayList<>();
    private final ListAppender<ILoggingEvent> csrLog = new ListAppender<>();
    private String roleName;

    @BeforeEach
    void setUp() throws Exception {
        env = new ByohEnvironment();
        assumeTrue(
                TestCluster.KUBE_APISERVER.equals(env.cluster().kind()),
                "bootstrap token authentication is configured by the fixture only on the local kube-apiserver");
        adminCsrs = new CertificatesV1Api(env.admin());
        rbac = new RbacAuthorizationV1Api(env.admin());
        roleName = "wmco-it-csr-maker-" + env.id();
        csrLog.start();
        ((Logger) LoggerFactory.getLogger(CsrController.class)).addAppender(csrLog);
    }

    @AfterEach
    void tearDown() throws Exception {
        ((Logger) LoggerFactory.getLogger(CsrController.class)).detachAppender(csrLog);
        for (String name : csrs) {
            ignore(() -> adminCsrs.deleteCertificateSigningRequest(name).execute());
        }
        if (rbac != null) {
            ignore(() -> rbac.deleteClusterRoleBinding(roleName).execute());
            ignore(() -> rbac.deleteClusterRole(roleName).execute());
        }
        env.close();
    }

    @Test
    void onlyTheKubeletBootstrapIdentityGetsAClientCertificateApproved() throws Exception {
        SimulatedWindowsHost host = env.adopt(SimulatedWindowsHost.builder()
                .bindAddress(env.address(0))
                .port(env.sshPort())
                .authorizedKey(env.key().getPublic())
                .hostname(env.nodeName(0).toUpperCase(java.util.Locale.ROOT))
                .emulateKubelet(false)
                .start());
        // A listed DNS name whose host is never reached: its name is "known", but no host reported it over SSH.
        String marker = "marker-" + env.id() + ".example.invalid";
        env.instances(Map.of(env.address(0), "username=Administrator", marker, "username=Administrator"));
        env.startOperator("1.0.0");
        // The kubelet service exists once the operator has read the host's name and is waiting for its node.
        await().atMost(Duration.ofMinutes(2))
                .until(() -> host.service("kubelet").isPresent());
        String subject = "O=system:nodes,CN=system:node:" + env.nodeName(0);

        ApiClient bootstrap = bootstrapTokenClient();

        String byAdmin = create(env.admin(), subject, "admin", USAGES);
        String byServiceAccount = create(serviceAccountWithCsrRights(), subject, "sa", USAGES);
        // The bootstrap identity asking for what the rules refuse.
        String neverReached = create(bootstrap, "O=system:nodes,CN=system:node:" + marker, "marker", USAGES);
        String extraOrganization = create(
                bootstrap, "O=system:nodes,O=system:masters,CN=system:node:" + env.nodeName(0), "masters", USAGES);
        String serverAuth = create(bootstrap, subject, "server-auth", List.of("digital signature", "server auth"));
        String unknownName = create(bootstrap, "O=system:nodes,CN=system:node:unknown-" + env.id(), "unknown", USAGES);
        List<String> refused = List.of(byAdmin, byServiceAccount, neverReached, extraOrganization, serverAuth);
        await().atMost(Duration.ofSeconds(30))
                .failFast(
                        "a CSR the rules refuse was approved",
                        () -> refused.stream().anyMatch(n -> conditions(n).contains("Approved")))
                .until(() -> refused.stream().allMatch(this::leftAlone));
        String byBootstrapToken = create(bootstrap, subject, "bootstrap", USAGES);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> conditions(byBootstrapToken).contains("Approved"));
        assertEquals(
                "system:bootstrap:" + BootstrapTokens.tokenIdFor(env.namespace()),
                adminCsrs
                        .readCertificateSigningRequest(byBootstrapToken)
                        .execute()
                        .getSpec()
                        .getUsername());
        for (String name :
                List.of(byAdmin, byServiceAccount, neverReached, extraOrganization, serverAuth, unknownName)) {
            assertEquals(List.of(), conditions(name), name + " stays pending: neither approved nor denied");
        }
        assertTrue(
                message(neverReached).contains("not the hostname a Windows instance reported"), message(neverReached));
        assertTrue(message(byAdmin).contains("is not a kubelet bootstrap identity"), message(byAdmin));
        assertTrue(
                message(byServiceAccount).contains("requester 'system:serviceaccount:" + env.namespace()),
                message(byServiceAccount));
    }

    /** A ServiceAccount of the scenario namespace allowed to create CSRs, authenticated with its own token. */
    private ApiClient serviceAccountWithCsrRights() throws ApiException {
        String name = "csr-maker";
        env.core()
                .createNamespacedServiceAccount(
                        env.namespace(), new V1ServiceAccount().metadata(new V1ObjectMeta().name(name)))
                .execute();
        rbac.createClusterRole(new V1ClusterRole()
                        .metadata(new V1ObjectMeta().name(roleName))
                        .rules(List.of(new V1PolicyRule()
                                .apiGroups(List.of("certificates.k8s.io"))
                                .resources(List.of("certificatesigningrequests"))
                                .verbs(List.of("create", "get", "list", "watch")))))
                .execute();
        rbac.createClusterRoleBinding(new V1ClusterRoleBinding()
                        .metadata(new V1ObjectMeta().name(roleName))
                        .roleRef(new V1RoleRef()
                                .apiGroup("rbac.authorization.k8s.io")
                                .kind("ClusterRole")
                                .name(roleName))
                        .subjects(List.of(new RbacV1Subject()
                                .kind("ServiceAccount")
                                .name(name)
                                .namespace(env.namespace()))))
                .execute();
        String token = env.core()
                .createNamespacedServiceAccountToken(
                        name,
                        env.namespace(),
                        new AuthenticationV1TokenRequest().spec(new V1TokenRequestSpec().expirationSeconds(600L)))
                .execute()
                .getStatus()
                .getToken();
        return tokenClient(token);
    }

    /** A client authenticating with the operator's bootstrap token, read from its Secret in kube-system. */
    private ApiClient bootstrapTokenClient() throws ApiException {
        String id = BootstrapTokens.tokenIdFor(env.namespace());
        V1Secret secret = env.core()
                .readNamespacedSecret("bootstrap-token-" + id, "kube-system")
                .execute();
        return tokenClient(id + "." + new String(secret.getData().get("token-secret"), UTF_8).strip());
    }

    private ApiClient tokenClient(String token) {
        return new ClientBuilder()
                .setBasePath(env.cluster().apiServerUrl())
                .setCertificateAuthority(env.cluster().caCertificatePem())
                .setAuthentication(new AccessTokenAuthentication(token))
                .build();
    }

    private String create(ApiClient client, String subject, String who, List<String> usages) throws Exception {
        String request = Pki.certificateRequestPem(subject, Pki.newKeyPair());
        String name = "wmco-it-" + env.id() + "-" + who;
        new CertificatesV1Api(client)
                .createCertificateSigningRequest(new V1CertificateSigningRequest()
                        .metadata(new V1ObjectMeta().name(name))
                        .spec(new V1CertificateSigningRequestSpec()
                                .signerName(CLIENT_SIGNER)
                                .usages(usages)
                                .request(request.getBytes(UTF_8))))
                .execute();
        csrs.add(name);
        return name;
    }

    private List<String> conditions(String name) {
        V1CertificateSigningRequest c;
        try {
            c = adminCsrs.readCertificateSigningRequest(name).execute();
        } catch (ApiException e) {
            throw new IllegalStateException("cannot read CSR " + name + ": HTTP " + e.getCode(), e);
        }
        if (c.getStatus() == null || c.getStatus().getConditions() == null) {
            return List.of();
        }
        return c.getStatus().getConditions().stream().map(k -> k.getType()).toList();
    }

    private boolean leftAlone(String name) {
        return !message(name).isEmpty();
    }

    /** The operator's latest "leaving CSR alone" log line for this CSR, or empty. */
    private String message(String name) {
        List<ILoggingEvent> events;
        synchronized (csrLog) {
            events = new ArrayList<>(csrLog.list);
        }
        return events.stream()
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("leaving CSR " + name + " alone"))
                .reduce((a, b) -> b)
                .orElse("");
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void ignore(Call call) {
        try {
            call.run();
        } catch (Exception ignored) {
            // already gone
        }
    }
}
