package io.wmco.app.bootstrap;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.plan.BootstrapCredentials;
import io.wmco.ports.PortException;
import io.wmco.ports.cluster.ConfigMapSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Assembles what a kubelet's bootstrap kubeconfig needs: the API server URL, the CA bundle that signs the API
 * server's certificate, and a bootstrap token. The CA comes from {@code --node-ca-file}, else from the
 * {@code kube-root-ca.crt} ConfigMap Kubernetes publishes in every namespace, else from the service account's CA
 * file. Thread-safe.
 */
public final class BootstrapCredentialsSource {
    static final String ROOT_CA_CONFIGMAP = "kube-root-ca.crt";
    static final Path SERVICE_ACCOUNT_CA = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt");

    private final String apiServerUrl;
    private final Optional<Path> caFile;
    private final ConfigMapSource configMaps;
    private final String namespace;
    private final BootstrapTokens tokens;

    public BootstrapCredentialsSource(
            String apiServerUrl,
            Optional<Path> caFile,
            ConfigMapSource configMaps,
            String namespace,
            BootstrapTokens tokens) {
        this.apiServerUrl = requireNonNull(apiServerUrl, "apiServerUrl cannot be null");
        this.caFile = requireNonNull(caFile, "caFile cannot be null");
        this.configMaps = requireNonNull(configMaps, "configMaps cannot be null");
        this.namespace = requireNonNull(namespace, "namespace cannot be null");
        this.tokens = requireNonNull(tokens, "tokens cannot be null");
    }

    /**
     * @throws PortException (not retryable) when no CA bundle can be found, naming the places looked at
     */
    public BootstrapCredentials current() {
        String ca = caBundle();
        return new BootstrapCredentials(apiServerUrl, ca, ca, tokens.token());
    }

    private String caBundle() {
        try {
            if (caFile.isPresent()) {
                return Files.readString(caFile.get(), StandardCharsets.UTF_8);
            }
            Optional<String> published =
                    configMaps.data(namespace, ROOT_CA_CONFIGMAP).map(d -> d.get("ca.crt"));
            if (published.isPresent() && !published.get().isBlank()) {
                return published.get();
            }
            if (Files.isReadable(SERVICE_ACCOUNT_CA)) {
                return Files.readString(SERVICE_ACCOUNT_CA, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new MissingCaException("cannot read the CA bundle for kubelets: " + e.getMessage(), e);
        }
        throw new MissingCaException(
                "no CA bundle for kubelets: set --node-ca-file, or make sure the ConfigMap " + ROOT_CA_CONFIGMAP
                        + " exists in namespace " + namespace,
                null);
    }

    /** No CA bundle could be found; the administrator must provide one. */
    static final class MissingCaException extends PortException {
        private static final long serialVersionUID = 1L;

        MissingCaException(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public boolean retryable() {
            return false;
        }
    }
}
