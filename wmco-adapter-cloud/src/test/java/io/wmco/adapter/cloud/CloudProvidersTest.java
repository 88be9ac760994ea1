package io.wmco.adapter.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.platform.Platform;
import io.wmco.domain.platform.PlatformProfiles;
import io.wmco.ports.cloud.CloudProvider;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CloudProvidersTest {

    @ParameterizedTest
    @EnumSource(Platform.class)
    void everyPlatformHasAProviderBackedByItsProfile(Platform platform) {
        CloudProvider provider = CloudProviders.forPlatform(platform);
        assertEquals(platform, provider.platform());
        assertEquals(PlatformProfiles.of(platform), provider.profile());
        assertEquals(PlatformProfiles.of(platform).defaultSshUser(), provider.defaultSshUser());
    }

    @ParameterizedTest
    @CsvSource({
        "AWS, AWS",
        "aws, AWS",
        "Azure, AZURE",
        "VSphere, VSPHERE",
        "vsphere, VSPHERE",
        "GCP, GCP",
        "Nutanix, NUTANIX",
        "None, NONE",
        "' none ', NONE"
    })
    void parsesPlatformNamesAsOpenShiftOrAdministratorsSpellThem(String name, Platform expected) {
        assertEquals(expected, CloudProviders.forPlatformName(name).platform());
    }

    @Test
    void anUnknownPlatformIsAClearErrorListingTheKnownOnes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> CloudProviders.forPlatformName("OpenStack"));
        assertEquals(
                "unknown platform 'OpenStack'; use one of AWS, Azure, GCP, VSphere, Nutanix, None", e.getMessage());
    }

    @Test
    void checksNamesWithThePlatformRules() {
        CloudProvider azure = CloudProviders.forPlatform(Platform.AZURE);
        assertTrue(azure.checkNodeName("winworker-abcde").isEmpty());
        assertTrue(azure.checkNodeName("winworker-abcdef").orElseThrow().contains("at most 15"));
        CloudProvider vsphere = CloudProviders.forPlatform(Platform.VSPHERE);
        assertTrue(vsphere.checkMachineSetName("winworkers").orElseThrow().contains("at most 9"));
        assertEquals(Optional.empty(), CloudProviders.forPlatform(Platform.AWS).checkMachineSetName("winworkers"));
        assertEquals(Optional.empty(), CloudProviders.forPlatform(Platform.NONE).defaultSshUser());
    }
}
