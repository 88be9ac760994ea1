package io.wmco.domain.plan;

import java.util.List;

/**
 * Renders the kubelet's image credential provider configuration ({@code CredentialProviderConfig}, API
 * {@code kubelet.config.k8s.io/v1}) for AWS: the kubelet runs {@code ecr-credential-provider} (from the payload, in
 * {@link NodeLayout#CREDENTIAL_PROVIDER_BIN_DIR}) to get pull credentials for Amazon ECR images from the instance's
 * role, instead of a pull secret. Written as JSON, which the kubelet reads like YAML. Pure; thread-safe.
 */
public final class CredentialProviderConfig {
    private CredentialProviderConfig() {}

    /** The provider's name: the kubelet runs the executable of this name in the binary directory. */
    public static final String ECR_PROVIDER = "ecr-credential-provider";

    /** Image patterns of Amazon ECR registries, in every partition (commercial, China, FIPS, isolated regions). */
    public static final List<String> ECR_IMAGES = List.of(
            "*.dkr.ecr.*.amazonaws.com",
            "*.dkr.ecr.*.amazonaws.com.cn",
            "*.dkr.ecr-fips.*.amazonaws.com",
            "*.dkr.ecr.*.c2s.ic.gov",
            "*.dkr.ecr.*.sc2s.sgov.gov");

    /** How long the kubelet reuses credentials when the provider names no duration (ECR tokens last 12 hours). */
    public static final String DEFAULT_CACHE_DURATION = "12h";

    /** The configuration naming {@link #ECR_PROVIDER} for {@link #ECR_IMAGES}. */
    public static String ecr() {
        StringBuilder images = new StringBuilder();
        for (int i = 0; i < ECR_IMAGES.size(); i++) {
            images.append("        ")
                    .append(Json.string(ECR_IMAGES.get(i)))
                    .append(i + 1 < ECR_IMAGES.size() ? ",\n" : "\n");
        }
        return "{\n"
                + "  \"apiVersion\": \"kubelet.config.k8s.io/v1\",\n"
                + "  \"kind\": \"CredentialProviderConfig\",\n"
                + "  \"providers\": [\n"
                + "    {\n"
                + "      \"name\": " + Json.string(ECR_PROVIDER) + ",\n"
                + "      \"matchImages\": [\n"
                + images
                + "      ],\n"
                + "      \"defaultCacheDuration\": " + Json.string(DEFAULT_CACHE_DURATION) + ",\n"
                + "      \"apiVersion\": \"credentialprovider.kubelet.k8s.io/v1\"\n"
                + "    }\n"
                + "  ]\n"
                + "}\n";
    }
}
