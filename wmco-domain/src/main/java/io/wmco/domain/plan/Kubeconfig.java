package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Renders the kubelet's bootstrap kubeconfig. Pure; thread-safe. The result holds a secret: never log it. */
public final class Kubeconfig {
    private Kubeconfig() {}

    /**
     * A kubeconfig (YAML; values as double-quoted scalars) that authenticates with the bootstrap token and trusts
     * the CA bundle.
     */
    public static String bootstrap(BootstrapCredentials credentials) {
        requireNonNull(credentials, "credentials cannot be null");
        String ca = Base64.getEncoder().encodeToString(credentials.caBundle().getBytes(StandardCharsets.UTF_8));
        return "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: cluster\n"
                + "  cluster:\n"
                + "    server: " + Json.string(credentials.apiServerUrl()) + "\n"
                + "    certificate-authority-data: " + Json.string(ca) + "\n"
                + "users:\n"
                + "- name: kubelet-bootstrap\n"
                + "  user:\n"
                + "    token: " + Json.string(credentials.bootstrapToken()) + "\n"
                + "contexts:\n"
                + "- name: kubelet-bootstrap\n"
                + "  context:\n"
                + "    cluster: cluster\n"
                + "    user: kubelet-bootstrap\n"
                + "current-context: kubelet-bootstrap\n";
    }
}
