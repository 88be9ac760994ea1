package io.wmco.it.support;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Config;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A Kubernetes API server the integration suite talks to, as handed out by {@link ClusterFixture#shared()}.
 *
 * <p>Immutable and thread-safe. The cluster lives until the JVM exits (a shutdown hook stops what the
 * fixture started); tests must not stop it and should give their objects unique names, because every
 * test class in the JVM shares it.
 */
public final class TestCluster {

    /** {@link #kind()} of a cluster named by {@code WMCO_IT_KUBECONFIG}. */
    public static final String EXTERNAL = "external";
    /** {@link #kind()} of a k3s container started through Testcontainers. */
    public static final String K3S = "k3s";
    /** {@link #kind()} of the locally built etcd + kube-apiserver (+ kube-controller-manager). */
    public static final String KUBE_APISERVER = "kube-apiserver";

    private final String kind;
    private final String kubeconfigYaml;
    private final Path kubeconfigPath;
    private final String apiServerUrl;
    private final byte[] caCertificatePem;
    private final boolean signsCertificates;

    TestCluster(
            String kind,
            String kubeconfigYaml,
            Path kubeconfigPath,
            String apiServerUrl,
            byte[] caCertificatePem,
            boolean signsCertificates) {
        this.kind = requireNonNull(kind, "kind cannot be null");
        this.kubeconfigYaml = requireNonNull(kubeconfigYaml, "kubeconfigYaml cannot be null");
        this.kubeconfigPath = requireNonNull(kubeconfigPath, "kubeconfigPath cannot be null");
        this.apiServerUrl = requireNonNull(apiServerUrl, "apiServerUrl cannot be null");
        this.caCertificatePem = requireNonNull(caCertificatePem, "caCertificatePem cannot be null")
                .clone();
        this.signsCertificates = signsCertificates;
    }

    /** Which cluster runs: {@value #EXTERNAL}, {@value #K3S} or {@value #KUBE_APISERVER}. */
    public String kind() {
        return kind;
    }

    /**
     * A new client with cluster-admin rights (group {@code system:masters} or the external kubeconfig's user).
     * Each call builds its own client, so callers may change its timeouts (e.g. for watches) freely.
     */
    public ApiClient adminClient() {
        try {
            return Config.fromConfig(new StringReader(kubeconfigYaml));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the kubeconfig of the " + kind + " test cluster", e);
        }
    }

    /** The admin kubeconfig as YAML; certificate entries are inline data (external: as given). */
    public String kubeconfigYaml() {
        return kubeconfigYaml;
    }

    /** A file holding {@link #kubeconfigYaml()}, for processes and tools ({@code kubectl --kubeconfig}). */
    public Path kubeconfigPath() {
        return kubeconfigPath;
    }

    /** The API server URL, e.g. {@code https://127.0.0.1:41234}. */
    public String apiServerUrl() {
        return apiServerUrl;
    }

    /**
     * PEM of the CA that verifies the API server's serving certificate (what a kubelet's bootstrap
     * kubeconfig embeds); empty when the kubeconfig names none. A copy: callers may modify it.
     */
    public byte[] caCertificatePem() {
        return caCertificatePem.clone();
    }

    /**
     * Whether approved {@code kubernetes.io/kube-apiserver-client-kubelet} CSRs get {@code status.certificate}.
     * Locally this is proven at start by a self-test CSR; for k3s and external clusters it is assumed
     * ({@code WMCO_IT_SIGNS_CERTIFICATES=false} says otherwise for an external cluster).
     */
    public boolean signsCertificates() {
        return signsCertificates;
    }

    @Override
    public String toString() {
        return "TestCluster[" + kind + " at " + apiServerUrl + ", signsCertificates=" + signsCertificates + "]";
    }
}
