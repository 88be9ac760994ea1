package io.wmco.domain.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PlatformProfilesTest {

    @ParameterizedTest
    @EnumSource(Platform.class)
    void everyPlatformHasAProfileOfItsOwn(Platform platform) {
        assertEquals(platform, PlatformProfiles.of(platform).platform());
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "-",
            value = {
                // platform, user, cloud arg, tags, rename, max name, node-ip, hostname override, cloud-node-manager,
                // vxlan hint
                "AWS,     Administrator, --cloud-provider=external, true,  false, -,  false, true,  false, -",
                "AZURE,   capi,          --cloud-provider=external, true,  false, 15, false, false, true,  -",
                "GCP,     Administrator, --cloud-provider=external, false, false, -,  false, true,  false, -",
                "VSPHERE, Administrator, --cloud-provider=external, false, true,  15, false, true,  false, 9898",
                "NUTANIX, Administrator, --cloud-provider=external, false, true,  15, true,  false, false, -",
                "NONE,    -,             -,                         false, false, -,  true,  false, false, -",
            })
    void profilesFollowTheReference(
            Platform platform,
            String user,
            String cloudArg,
            boolean tags,
            boolean rename,
            Integer maxName,
            boolean nodeIp,
            boolean hostnameOverride,
            boolean cloudNodeManager,
            Integer vxlan) {
        PlatformProfile p = PlatformProfiles.of(platform);
        assertEquals(Optional.ofNullable(user), p.defaultSshUser());
        assertEquals(cloudArg == null ? List.of() : List.of(cloudArg), p.kubeletCloudArgs());
        assertEquals(tags, p.userDataPowershellTags());
        assertEquals(rename, p.nodeNamePolicy().renameToMachineName());
        assertEquals(Optional.ofNullable(maxName), p.nodeNamePolicy().maxComputerNameLength());
        assertEquals(nodeIp, p.setsNodeIp());
        assertEquals(hostnameOverride, p.overridesHostname());
        assertEquals(cloudNodeManager, p.runsCloudNodeManager());
        assertEquals(cloudNodeManager, p.extraPayloadFiles().contains(PlatformProfiles.AZURE_CLOUD_NODE_MANAGER));
        assertEquals(Optional.ofNullable(vxlan), p.recommendedVxlanPort());
    }

    @Test
    void azureRefusesComputerNamesOverFifteenCharacters() {
        NodeNamePolicy azure = PlatformProfiles.of(Platform.AZURE).nodeNamePolicy();
        assertTrue(azure.checkNodeName("winworker-abcde").isEmpty());
        String problem = azure.checkNodeName("winworkers-abcde").orElseThrow();
        assertTrue(problem.contains("16 characters") && problem.contains("at most 15"), problem);
    }

    @Test
    void vsphereLimitsMachineSetNamesToNineCharacters() {
        NodeNamePolicy vsphere = PlatformProfiles.of(Platform.VSPHERE).nodeNamePolicy();
        assertTrue(vsphere.checkMachineSetName("winworker").isEmpty());
        assertTrue(vsphere.checkMachineSetName("winworkers").orElseThrow().contains("at most 9"));
    }

    @Test
    void awsLeavesNamesAlone() {
        NodeNamePolicy aws = PlatformProfiles.of(Platform.AWS).nodeNamePolicy();
        assertFalse(
                aws.checkNodeName("ip-10-0-129-77.us-east-2.compute.internal").isPresent());
        assertFalse(aws.checkMachineSetName("a-rather-long-machineset-name").isPresent());
    }
}
