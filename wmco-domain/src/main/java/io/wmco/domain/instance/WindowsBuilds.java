package io.wmco.domain.instance;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Windows Server builds the operator configures as nodes, as data. Only long-term servicing (LTSC) releases
 * are listed: the kubelet, kube-proxy and hybrid-overlay builds in the payload are tested against them, and a
 * container image must match its host's build. A new LTSC release is supported by adding one line to
 * {@link #SUPPORTED}.
 *
 * <p>Builds are compared by their build number (the third part of {@code 10.0.<build>}); the update revision
 * (the fourth part) does not matter. Thread-safe; no state.
 */
public final class WindowsBuilds {
    private WindowsBuilds() {}

    /**
     * One supported Windows Server release.
     *
     * @param name the marketing name, e.g. {@code Windows Server 2022 LTSC}
     * @param buildNumber the build number, e.g. {@code 20348}
     */
    public record WindowsBuild(String name, int buildNumber) {
        public WindowsBuild {
            requireNonNull(name, "name cannot be null");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name cannot be blank");
            }
            if (buildNumber <= 0) {
                throw new IllegalArgumentException("buildNumber must be positive, got " + buildNumber);
            }
        }

        /**
         * The version as the kubelet reports it in the {@code node.kubernetes.io/windows-build} label and as
         * RuntimeClasses select it, e.g. {@code 10.0.20348}.
         */
        public String version() {
            return WindowsBuilds.version(buildNumber);
        }

        @Override
        public String toString() {
            return name + " (" + version() + ")";
        }
    }

    /** Windows Server 2019 LTSC. */
    public static final WindowsBuild SERVER_2019 = new WindowsBuild("Windows Server 2019 LTSC", 17763);
    /** Windows Server 2022 LTSC. */
    public static final WindowsBuild SERVER_2022 = new WindowsBuild("Windows Server 2022 LTSC", 20348);
    /** Windows Server 2025 LTSC. */
    public static final WindowsBuild SERVER_2025 = new WindowsBuild("Windows Server 2025 LTSC", 26100);

    /** Every supported build, oldest first. */
    public static final List<WindowsBuild> SUPPORTED = List.of(SERVER_2019, SERVER_2022, SERVER_2025);

    private static final Pattern VERSION = Pattern.compile("10\\.0\\.(\\d{1,9})(?:\\.\\d{1,9})?");

    /** The supported release with this build number, or empty. */
    public static Optional<WindowsBuild> find(int buildNumber) {
        return SUPPORTED.stream().filter(b -> b.buildNumber() == buildNumber).findFirst();
    }

    /** {@code 10.0.<buildNumber>}, the form of the {@code node.kubernetes.io/windows-build} label. */
    public static String version(int buildNumber) {
        return "10.0." + buildNumber;
    }

    /**
     * The build number of a version such as {@code 10.0.20348} or {@code 10.0.20348.2700}.
     *
     * @throws IllegalArgumentException when the text is not a Windows 10.0 version
     */
    public static int parseVersion(String version) {
        requireNonNull(version, "version cannot be null");
        Matcher m = VERSION.matcher(version.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("Windows version '" + version + "' is not of the form 10.0.<build>, "
                    + "e.g. " + SERVER_2022.version());
        }
        return Integer.parseInt(m.group(1));
    }

    /**
     * Why a host with this build cannot become a node, or empty when the build is supported. The sentence names
     * the build, every supported build and the fix.
     */
    public static Optional<String> problem(int buildNumber) {
        if (find(buildNumber).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("Windows build " + version(buildNumber) + " is not supported; supported builds are "
                + supportedList() + "; install one of them on the host");
    }

    /** The supported builds as one phrase, e.g. {@code Windows Server 2019 LTSC (10.0.17763), ...}. */
    public static String supportedList() {
        return SUPPORTED.stream().map(WindowsBuild::toString).collect(Collectors.joining(", "));
    }
}
