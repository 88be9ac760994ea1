package io.wmco.domain.platform;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The profile of every {@link Platform}, following the reference operator:
 *
 * <ul>
 *   <li>All cloud platforms run an external cloud controller manager (in-tree providers are gone since
 *       Kubernetes 1.29), so their kubelets get {@code --cloud-provider=external}; {@link Platform#NONE} gets
 *       no cloud arguments.</li>
 *   <li>User data is wrapped in {@code <powershell>} tags on AWS and Azure only.</li>
 *   <li>The kubelet's hostname is overridden with the node name on AWS (EC2 private DNS name), GCP and vSphere,
 *       as the newest reference does; {@code --node-ip} is set on None and Nutanix.</li>
 *   <li>vSphere and Nutanix rename the computer to the Machine name; Azure, vSphere and Nutanix limit computer
 *       names to 15 characters and MachineSet names to 9.</li>
 *   <li>Azure runs cloud-node-manager from the optional payload file {@code azure-cloud-node-manager.exe}.</li>
 *   <li>AWS kubelets pull Amazon ECR images with credentials from {@code ecr-credential-provider.exe} (a payload
 *       file AWS nodes require; other platforms never get it).</li>
 * </ul>
 *
 * <p>Thread-safe; the profiles are constants.
 */
public final class PlatformProfiles {
    private PlatformProfiles() {}

    /** File name of Azure's cloud-node-manager in the payload. */
    public static final String AZURE_CLOUD_NODE_MANAGER = "azure-cloud-node-manager.exe";
    /** File name of the Amazon ECR image credential provider in the payload (AWS nodes only). */
    public static final String ECR_CREDENTIAL_PROVIDER = "ecr-credential-provider.exe";
    /** The kubelet argument every cloud platform uses. */
    public static final String EXTERNAL_CLOUD_PROVIDER = "--cloud-provider=external";
    /** VXLAN port vSphere documentation advises (the default 4789 collides with VMware NSX). */
    public static final int VSPHERE_VXLAN_PORT = 9898;

    private static final Map<Platform, PlatformProfile> PROFILES = new EnumMap<>(Platform.class);

    static {
        Optional<String> administrator = Optional.of("Administrator");
        List<String> external = List.of(EXTERNAL_CLOUD_PROVIDER);
        put(new PlatformProfile(
                Platform.AWS,
                administrator,
                external,
                true,
                NodeNamePolicy.unrestricted(),
                Optional.empty(),
                false,
                true,
                List.of(ECR_CREDENTIAL_PROVIDER),
                false,
                true));
        put(new PlatformProfile(
                Platform.AZURE,
                Optional.of("capi"),
                external,
                true,
                NodeNamePolicy.machineDerived(false),
                Optional.empty(),
                false,
                false,
                List.of(AZURE_CLOUD_NODE_MANAGER),
                true,
                false));
        put(new PlatformProfile(
                Platform.GCP,
                administrator,
                external,
                false,
                NodeNamePolicy.unrestricted(),
                Optional.empty(),
                false,
                true,
                List.of(),
                false,
                false));
        put(new PlatformProfile(
                Platform.VSPHERE,
                administrator,
                external,
                false,
                NodeNamePolicy.machineDerived(true),
                Optional.of(VSPHERE_VXLAN_PORT),
                false,
                true,
                List.of(),
                false,
                false));
        put(new PlatformProfile(
                Platform.NUTANIX,
                administrator,
                external,
                false,
                NodeNamePolicy.machineDerived(true),
                Optional.empty(),
                true,
                false,
                List.of(),
                false,
                false));
        put(new PlatformProfile(
                Platform.NONE,
                Optional.empty(),
                List.of(),
                false,
                NodeNamePolicy.unrestricted(),
                Optional.empty(),
                true,
                false,
                List.of(),
                false,
                false));
    }

    private static void put(PlatformProfile profile) {
        PROFILES.put(profile.platform(), profile);
    }

    /** The profile of a platform; defined for every enum constant. */
    public static PlatformProfile of(Platform platform) {
        requireNonNull(platform, "platform cannot be null");
        PlatformProfile p = PROFILES.get(platform);
        if (p == null) {
            throw new IllegalStateException("no profile for platform " + platform + "; add one to PlatformProfiles");
        }
        return p;
    }
}
