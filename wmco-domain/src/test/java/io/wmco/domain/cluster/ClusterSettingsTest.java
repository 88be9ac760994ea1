package io.wmco.domain.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.platform.Platform;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterSettingsTest {
    private static final KubernetesVersionWindow WINDOW = KubernetesVersionWindow.DEFAULT;

    private static NetworkFacts ovn(String serviceCidr) {
        return new NetworkFacts("OVNKubernetes", List.of(serviceCidr), List.of("10.132.0.0/14"), Optional.empty());
    }

    private static ClusterSettings valid(ClusterSettings.Result r) {
        return assertInstanceOf(ClusterSettings.Valid.class, r, () -> r.toString())
                .settings();
    }

    private static List<String> problems(ClusterSettings.Result r) {
        return assertInstanceOf(ClusterSettings.Invalid.class, r, () -> r.toString())
                .problems();
    }

    @ParameterizedTest
    @CsvSource({
        "172.30.0.0/16, 172.30.0.10",
        "10.96.0.0/12, 10.96.0.10",
        "192.168.10.0/24, 192.168.10.10",
        "10.0.0.0/28, 10.0.0.10",
        "100.64.128.0/17, 100.64.128.10",
    })
    void clusterDnsIsTheTenthAddressOfTheServiceCidr(String cidr, String dns) {
        ClusterSettings s = valid(ClusterSettings.derive(ovn(cidr), Platform.AWS, "v1.31.2", WINDOW, false));
        assertEquals(dns, s.clusterDns());
        assertEquals(cidr, s.serviceCidr().toString());
        assertEquals(Platform.AWS, s.platform());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "fd02::/112 | IPv6",
                "10.0.0.0/29 | too small to hold the cluster DNS",
                "172.30.0.1/16 | host bits set",
                "172.30.0.0 | not a CIDR",
                "172.30.0.0/40 | must be 0..32",
            })
    void rejectsUnusableServiceCidrs(String cidr, String phrase) {
        List<String> problems = problems(ClusterSettings.derive(ovn(cidr), Platform.NONE, "v1.31.2", WINDOW, false));
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains(phrase), problems::toString);
        assertTrue(problems.get(0).startsWith("serviceNetwork[0]"), problems::toString);
    }

    @Test
    void onlyTheFirstServiceNetworkCounts() {
        NetworkFacts dual = new NetworkFacts(
                "OVNKubernetes", List.of("172.30.0.0/16", "fd02::/112"), List.of("10.132.0.0/14"), Optional.empty());
        assertEquals(
                "172.30.0.10",
                valid(ClusterSettings.derive(dual, Platform.NONE, "v1.31.2", WINDOW, false))
                        .clusterDns());
        NetworkFacts ipv6First = new NetworkFacts(
                "OVNKubernetes", List.of("fd02::/112", "172.30.0.0/16"), List.of("10.132.0.0/14"), Optional.empty());
        assertTrue(problems(ClusterSettings.derive(ipv6First, Platform.NONE, "v1.31.2", WINDOW, false))
                .get(0)
                .contains("IPv6"));
    }

    @Test
    void rejectsOtherNetworkTypesSayingWhatIsNeeded() {
        NetworkFacts sdn = new NetworkFacts("OpenShiftSDN", List.of("172.30.0.0/16"), List.of(), Optional.empty());
        List<String> p = problems(ClusterSettings.derive(sdn, Platform.AWS, "v1.31.2", WINDOW, false));
        assertEquals(
                List.of("network type is 'OpenShiftSDN' but Windows nodes need OVNKubernetes; install the cluster "
                        + "with the OVNKubernetes network type"),
                p);
    }

    @Test
    void rejectsOvnWithoutHybridOverlay() {
        NetworkFacts noHybrid =
                new NetworkFacts("OVNKubernetes", List.of("172.30.0.0/16"), List.of(), Optional.empty());
        List<String> p = problems(ClusterSettings.derive(noHybrid, Platform.AWS, "v1.31.2", WINDOW, false));
        assertEquals(1, p.size());
        assertTrue(p.get(0).contains("hybridOverlayConfig.hybridClusterNetwork"), p::toString);
    }

    @Test
    void reportsEveryProblemAtOnce() {
        NetworkFacts bad = new NetworkFacts("", List.of(), List.of(), Optional.of(70000));
        List<String> p = problems(ClusterSettings.derive(bad, Platform.AWS, "v1.20.0", WINDOW, false));
        assertEquals(4, p.size(), p::toString);
        assertTrue(p.get(0).contains("older than the supported range"), p::toString);
        assertTrue(p.get(1).contains("network type is ''"), p::toString);
        assertTrue(p.get(2).startsWith("hybridOverlayVXLANPort: 70000"), p::toString);
        assertTrue(p.get(3).startsWith("serviceNetwork is empty"), p::toString);
    }

    @Test
    void carriesTheVxlanPort() {
        NetworkFacts f = new NetworkFacts(
                "OVNKubernetes", List.of("172.30.0.0/16"), List.of("10.132.0.0/14"), Optional.of(9898));
        ClusterSettings s = valid(ClusterSettings.derive(f, Platform.VSPHERE, "v1.31.2", WINDOW, false));
        assertEquals(Optional.of(9898), s.vxlanPort());
        assertEquals(9898, s.effectiveVxlanPort());
        assertEquals(
                4789,
                valid(ClusterSettings.derive(ovn("172.30.0.0/16"), Platform.VSPHERE, "v1.31.2", WINDOW, false))
                        .effectiveVxlanPort());
    }

    @Test
    void newerKubernetesNeedsTheOverrideAndThenWarns() {
        assertTrue(problems(ClusterSettings.derive(ovn("172.30.0.0/16"), Platform.AWS, "v1.36.0", WINDOW, false))
                .get(0)
                .contains("newer than the supported range"));
        var v = assertInstanceOf(
                ClusterSettings.Valid.class,
                ClusterSettings.derive(ovn("172.30.0.0/16"), Platform.AWS, "v1.36.0", WINDOW, true));
        assertEquals(1, v.warnings().size());
        assertTrue(v.warnings().get(0).contains("override"), v.warnings()::toString);
    }

    @Test
    void plainKubernetesDerivesDnsFromTheServiceCidr() {
        ClusterSettings s = valid(ClusterSettings.forKubernetes("10.96.0.0/12", null, null, Platform.NONE));
        assertEquals("10.96.0.10", s.clusterDns());
        assertEquals(Optional.empty(), s.vxlanPort());
    }

    @Test
    void plainKubernetesTakesExplicitDnsAndPort() {
        ClusterSettings s = valid(ClusterSettings.forKubernetes("10.43.0.0/16", "10.43.0.53", 4790, Platform.NONE));
        assertEquals("10.43.0.53", s.clusterDns());
        assertEquals(Optional.of(4790), s.vxlanPort());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            value = {
                "null | null | null | service CIDR is missing",
                "10.96.0.0/12 | 10.112.0.10 | null | outside the service CIDR",
                "10.96.0.0/12 | dns.local | null | is not an IPv4 address",
                "10.96.0.0/12 | null | 0 | VXLAN port: 0 is not a UDP port",
                "fd00::/108 | null | null | IPv6",
            })
    void plainKubernetesRejectsBadFlags(String cidr, String dns, Integer port, String phrase) {
        List<String> p = problems(ClusterSettings.forKubernetes(cidr, dns, port, Platform.NONE));
        assertTrue(p.stream().anyMatch(m -> m.contains(phrase)), p::toString);
    }

    @Test
    void constructorRefusesDnsOutsideTheServiceNetwork() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new ClusterSettings(
                        Platform.NONE, Ipv4Cidr.parse("10.96.0.0/12"), "192.168.0.10", Optional.empty()));
    }
}
