package io.wmco.domain.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.node.NodeAddress;
import io.wmco.domain.node.NodeSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstanceMatcherTest {

    static WindowsInstance byoh(String address) {
        return new WindowsInstance(InstanceAddress.parse(address), new Username("admin"), InstanceSource.byoh());
    }

    static NodeSnapshot node(String name, String internalIp) {
        return new NodeSnapshot(
                name,
                Map.of(),
                Map.of(),
                List.of(),
                List.of(
                        new NodeAddress(NodeAddress.INTERNAL_IP, internalIp),
                        new NodeAddress(NodeAddress.HOSTNAME, name)),
                true,
                false);
    }

    @Test
    void matchesNodeByInternalIpEqualToInstanceIp() {
        assertTrue(InstanceMatcher.matches(byoh("10.0.0.5"), ResolvedAddress.none(), node("whatever", "10.0.0.5")));
        assertFalse(InstanceMatcher.matches(byoh("10.0.0.5"), ResolvedAddress.none(), node("whatever", "10.0.0.50")));
    }

    @Test
    void matchesNodeByResolvedIpOfDnsName() {
        ResolvedAddress resolved = new ResolvedAddress(List.of("10.0.0.7"), List.of());

        assertTrue(InstanceMatcher.matches(byoh("win.example.com"), resolved, node("other", "10.0.0.7")));
        assertFalse(
                InstanceMatcher.matches(byoh("win.example.com"), ResolvedAddress.none(), node("other", "10.0.0.7")));
    }

    @Test
    void matchesNodeByReverseDnsNameIgnoringCaseAndTrailingDot() {
        ResolvedAddress resolved = new ResolvedAddress(List.of(), List.of("WIN-7.corp.example."));

        assertTrue(InstanceMatcher.matches(byoh("10.0.0.5"), resolved, node("win-7.corp.example", "192.168.1.1")));
        assertFalse(InstanceMatcher.matches(byoh("10.0.0.5"), resolved, node("win-8.corp.example", "192.168.1.1")));
    }

    @Test
    void doesNotMatchByNonInternalAddresses() {
        NodeSnapshot node = new NodeSnapshot(
                "n", Map.of(), Map.of(), List.of(), List.of(new NodeAddress("ExternalIP", "10.0.0.5")), true, false);

        assertFalse(InstanceMatcher.matches(byoh("10.0.0.5"), ResolvedAddress.none(), node));
    }

    @Test
    void findNodePrefersIpMatchOverNameMatchAndIgnoresListOrder() {
        ResolvedAddress resolved = new ResolvedAddress(List.of(), List.of("by-name"));
        NodeSnapshot byName = node("by-name", "10.9.9.9");
        NodeSnapshot byIp = node("z-by-ip", "10.0.0.5");

        assertEquals(Optional.of(byIp), InstanceMatcher.findNode(byoh("10.0.0.5"), resolved, List.of(byName, byIp)));
        assertEquals(Optional.of(byIp), InstanceMatcher.findNode(byoh("10.0.0.5"), resolved, List.of(byIp, byName)));
        assertEquals(
                Optional.empty(),
                InstanceMatcher.findNode(byoh("10.0.0.6"), ResolvedAddress.none(), List.of(byName, byIp)));
    }

    @Test
    void knownNamesHoldReverseNamesDnsEntryAndReportedHostname() {
        ResolvedAddress resolved = new ResolvedAddress(List.of("10.0.0.5"), List.of("ptr.example."));

        assertEquals(
                Set.of("ptr.example", "win.example.com", "ec2amaz-abc"),
                InstanceMatcher.knownNames(byoh("Win.Example.com"), resolved, Optional.of("EC2AMAZ-ABC")));
        assertEquals(Set.of("ptr.example"), InstanceMatcher.knownNames(byoh("10.0.0.5"), resolved, Optional.empty()));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({
        "win-1, true",
        "EC2AMAZ-ABC123, true",
        "a, true",
        "-win, false",
        "win-, false",
        "win_1, false",
        "win.example, false",
        "'', false",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, true",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, false",
    })
    void hostnameMustBeAnRfc1123Label(String hostname, boolean ok) {
        Optional<String> problem = InstanceMatcher.hostnameProblem(hostname);

        assertEquals(ok, problem.isEmpty(), problem.toString());
        problem.ifPresent(p -> assertTrue(p.contains("rename the Windows computer"), p));
    }

    @Test
    void addressConstructorRefusesNonCanonicalValues() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new InstanceAddress("Win.example", InstanceAddress.Kind.DNS_NAME));
        assertThrows(
                IllegalArgumentException.class, () -> new InstanceAddress("10.0.0.1", InstanceAddress.Kind.DNS_NAME));
        assertEquals(
                InstanceAddress.parse("win.example."),
                new InstanceAddress("win.example", InstanceAddress.Kind.DNS_NAME));
    }

    @Test
    void allNumericNamesAreTreatedAsIpv4AndRefusedWhenInvalid() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> InstanceAddress.parse("1.2.3.4.5"));

        assertTrue(e.getMessage().contains("5 parts instead of 4"), e.getMessage());
    }
}
