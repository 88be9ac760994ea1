package io.wmco.adapter.cloud;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.platform.Platform;
import io.wmco.ports.cloud.CloudProvider;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Creates the {@link CloudProvider} of a platform. Thread-safe; providers are immutable.
 */
public final class CloudProviders {
    private CloudProviders() {}

    /** The provider of a known platform. */
    public static CloudProvider forPlatform(Platform platform) {
        requireNonNull(platform, "platform cannot be null");
        return new ProfileCloudProvider(platform);
    }

    /**
     * The provider of a platform named as OpenShift spells it ({@code AWS}, {@code VSphere}, ...) or as an
     * administrator types it (case-insensitive).
     *
     * @throws IllegalArgumentException when the name is unknown; the message lists the known names (an unknown
     *     platform is a startup error, never a guess)
     */
    public static CloudProvider forPlatformName(String name) {
        return Platform.parse(name)
                .map(CloudProviders::forPlatform)
                .orElseThrow(() -> new IllegalArgumentException("unknown platform '" + name + "'; use one of "
                        + Arrays.stream(Platform.values())
                                .map(Platform::openshiftName)
                                .collect(Collectors.joining(", "))));
    }
}
