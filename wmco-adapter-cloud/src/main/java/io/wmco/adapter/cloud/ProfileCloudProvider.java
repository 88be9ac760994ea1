package io.wmco.adapter.cloud;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.platform.Platform;
import io.wmco.domain.platform.PlatformProfile;
import io.wmco.domain.platform.PlatformProfiles;
import io.wmco.ports.cloud.CloudProvider;
import java.util.Optional;

/** A provider whose rules are the domain's {@link PlatformProfile} of the platform; no cloud API calls. */
final class ProfileCloudProvider implements CloudProvider {
    private final PlatformProfile profile;

    ProfileCloudProvider(Platform platform) {
        this.profile = PlatformProfiles.of(requireNonNull(platform, "platform cannot be null"));
    }

    @Override
    public Platform platform() {
        return profile.platform();
    }

    @Override
    public PlatformProfile profile() {
        return profile;
    }

    @Override
    public Optional<String> checkNodeName(String nodeName) {
        return profile.nodeNamePolicy().checkNodeName(requireNonNull(nodeName, "nodeName cannot be null"));
    }

    @Override
    public Optional<String> checkMachineSetName(String machineSetName) {
        return profile.nodeNamePolicy()
                .checkMachineSetName(requireNonNull(machineSetName, "machineSetName cannot be null"));
    }

    @Override
    public String toString() {
        return "CloudProvider[" + profile.platform().openshiftName() + "]";
    }
}
