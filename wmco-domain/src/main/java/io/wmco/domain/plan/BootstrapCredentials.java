package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * What a new kubelet needs to join the cluster. The token is a secret: {@link #toString()} redacts it and
 * {@link ConfigurationPlan#describe()} never shows the bootstrap kubeconfig's content.
 *
 * @param apiServerUrl the API server URL the node reaches, e.g. {@code https://api-int.example.com:6443}
 * @param caBundle PEM bundle of the CAs that sign the API server's serving certificate
 * @param kubeletClientCaBundle PEM bundle of the CAs that sign the API server's client certificate for kubelets
 *     (on kubeadm clusters the cluster CA; on OpenShift the kube-apiserver-to-kubelet signer)
 * @param bootstrapToken a token allowed to create kubelet client CSRs
 */
public record BootstrapCredentials(
        String apiServerUrl, String caBundle, String kubeletClientCaBundle, String bootstrapToken) {
    private static final Pattern URL = Pattern.compile("https://[A-Za-z0-9.\\-\\[\\]:]+(/[A-Za-z0-9._~/\\-]*)?");
    private static final String PEM_BEGIN = "-----BEGIN CERTIFICATE-----";

    public BootstrapCredentials {
        requireNonNull(apiServerUrl, "apiServerUrl cannot be null");
        requireNonNull(caBundle, "caBundle cannot be null");
        requireNonNull(kubeletClientCaBundle, "kubeletClientCaBundle cannot be null");
        requireNonNull(bootstrapToken, "bootstrapToken cannot be null");
        if (!URL.matcher(apiServerUrl).matches()) {
            throw new IllegalArgumentException("apiServerUrl '" + apiServerUrl
                    + "' must be an https URL such as https://api-int.example.com:6443");
        }
        if (!caBundle.contains(PEM_BEGIN)) {
            throw new IllegalArgumentException("caBundle must hold PEM certificates (" + PEM_BEGIN + ")");
        }
        if (!kubeletClientCaBundle.contains(PEM_BEGIN)) {
            throw new IllegalArgumentException("kubeletClientCaBundle must hold PEM certificates (" + PEM_BEGIN + ")");
        }
        if (bootstrapToken.isBlank() || !bootstrapToken.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("bootstrapToken must be non-empty printable ASCII without spaces");
        }
    }

    @Override
    public String toString() {
        return "BootstrapCredentials[apiServerUrl=" + apiServerUrl + ", caBundle=" + caBundle.length()
                + " chars, kubeletClientCaBundle=" + kubeletClientCaBundle.length()
                + " chars, bootstrapToken=<redacted>]";
    }
}
