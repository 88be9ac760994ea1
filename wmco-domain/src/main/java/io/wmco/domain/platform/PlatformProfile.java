package io.wmco.domain.platform;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The rules that differ between platforms when configuring a Windows node. Obtain one with
 * {@link PlatformProfiles#of(Platform)}. Immutable and thread-safe.
 *
 * @param platform the platform these rules are for
 * @param defaultSshUser the SSH user of the platform's Windows images; empty on {@link Platform#NONE}, where
 *     each instance names its user in the {@code windows-instances} ConfigMap
 * @param kubeletCloudArgs arguments the kubelet needs for the platform's cloud provider, in order
 * @param userDataPowershellTags whether the user data is wrapped in {@code <powershell>} tags (AWS, Azure)
 * @param nodeNamePolicy renaming and name-length rules
 * @param recommendedVxlanPort the VXLAN port the platform's documentation advises configuring in the cluster
 *     (vSphere: 9898). Never applied on its own: the cluster's {@code hybridOverlayVXLANPort} is what the node uses,
 *     since a mismatch breaks pod networking; this is a hint for messages and documentation
 * @param setsNodeIp whether the kubelet gets {@code --node-ip=<instance IP>}
 * @param overridesHostname whether the kubelet gets {@code --hostname-override=<node name>} (the node name differs
 *     from the Windows hostname, e.g. the EC2 private DNS name on AWS)
 * @param extraPayloadFiles payload files needed on this platform only (e.g. Azure's cloud-node-manager)
 * @param runsCloudNodeManager whether the Azure cloud-node-manager service runs on the node
 * @param ecrCredentialProvider whether the kubelet gets image pull credentials for Amazon ECR from
 *     {@code ecr-credential-provider} (AWS; the binary is then one of {@code extraPayloadFiles})
 */
public record PlatformProfile(
        Platform platform,
        Optional<String> defaultSshUser,
        List<String> kubeletCloudArgs,
        boolean userDataPowershellTags,
        NodeNamePolicy nodeNamePolicy,
        Optional<Integer> recommendedVxlanPort,
        boolean setsNodeIp,
        boolean overridesHostname,
        List<String> extraPayloadFiles,
        boolean runsCloudNodeManager,
        boolean ecrCredentialProvider) {

    public PlatformProfile {
        requireNonNull(platform, "platform cannot be null");
        requireNonNull(defaultSshUser, "defaultSshUser cannot be null");
        kubeletCloudArgs = List.copyOf(requireNonNull(kubeletCloudArgs, "kubeletCloudArgs cannot be null"));
        requireNonNull(nodeNamePolicy, "nodeNamePolicy cannot be null");
        requireNonNull(recommendedVxlanPort, "recommendedVxlanPort cannot be null");
        extraPayloadFiles = List.copyOf(requireNonNull(extraPayloadFiles, "extraPayloadFiles cannot be null"));
    }
}
