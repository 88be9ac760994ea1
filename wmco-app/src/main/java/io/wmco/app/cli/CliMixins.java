package io.wmco.app.cli;

import io.wmco.domain.platform.Platform;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options several commands share, as picocli mixins. */
final class CliMixins {
    private CliMixins() {}

    /** {@code --platform P}, required. */
    static final class PlatformOption {
        @Option(
                names = "--platform",
                required = true,
                paramLabel = "P",
                converter = UserDataCommand.PlatformConverter.class,
                completionCandidates = UserDataCommand.Platforms.class,
                description = "one of ${COMPLETION-CANDIDATES}")
        Platform platform;
    }

    /** {@code --key FILE}, required: the operator's private key. */
    static final class KeyFileOption {
        @Option(
                names = "--key",
                required = true,
                paramLabel = "FILE",
                description = "the private key file (the cloud-private-key Secret's private-key.pem)")
        Path key;
    }
}
