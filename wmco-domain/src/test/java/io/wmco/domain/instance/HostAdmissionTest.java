package io.wmco.domain.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.instance.HostAdmission.Admission;
import io.wmco.domain.instance.HostAdmission.Admitted;
import io.wmco.domain.instance.HostAdmission.HostFacts;
import io.wmco.domain.instance.HostAdmission.Refused;
import io.wmco.domain.platform.NodeNamePolicy;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostAdmissionTest {
    private static final Username ADMIN = new Username("Administrator");
    private static final NodeNamePolicy RENAMING = NodeNamePolicy.machineDerived(true);
    private static final NodeNamePolicy LIMITED = NodeNamePolicy.machineDerived(false);
    private static final NodeNamePolicy FREE = NodeNamePolicy.unrestricted();

    static WindowsInstance byoh(String address) {
        return new WindowsInstance(InstanceAddress.parse(address), ADMIN, new InstanceSource.Byoh());
    }

    static WindowsInstance machine(String ip, String name) {
        return new WindowsInstance(
                InstanceAddress.parse(ip), ADMIN, new InstanceSource.Machine("openshift-machine-api", name));
    }

    @ParameterizedTest(name = "{0} resolving to [{1}]: {2}")
    @CsvSource({
        "10.0.0.5,            '',              10.0.0.5",
        "win1.example.com,    10.0.0.7,        10.0.0.7",
        "win1.example.com,    '',              refused",
    })
    void needsAnIpv4AddressBeforeConnecting(String address, String resolvesTo, String expected) {
        ResolvedAddress r = new ResolvedAddress(resolvesTo.isEmpty() ? List.of() : List.of(resolvesTo), List.of());

        Admission a = HostAdmission.reachable(byoh(address), r);

        if (expected.equals("refused")) {
            Refused refused = assertInstanceOf(Refused.class, a);
            assertTrue(refused.retryable(), "a name may resolve later");
            assertTrue(refused.reason().contains("IPv4"), refused.reason());
        } else {
            assertEquals(expected, assertInstanceOf(Admitted.class, a).ipv4());
        }
    }

    @ParameterizedTest(name = "{0} {1} existing [{2}] host [{3}] build {4} policy {5}: {6}")
    @CsvSource({
        // BYOH: named after the host, lower-cased; the build decides first
        "byoh,    win1, '',          WIN-A1,        20348, free,     admitted win-a1",
        "byoh,    win1, '',          WIN-A1,        17763, free,     admitted win-a1",
        "byoh,    win1, '',          WIN-A1,        26100, free,     admitted win-a1",
        "byoh,    win1, '',          WIN-A1,        14393, free,     refused 10.0.14393 is not supported",
        "byoh,    win1, '',          win_a1,        20348, free,     refused RFC 1123 label",
        "byoh,    win1, '',          win.a1,        20348, free,     refused RFC 1123 label",
        "byoh,    win1, '',          -win,          20348, free,     refused RFC 1123 label",
        // an existing node keeps its name, whatever the host says now
        "byoh,    win1, old-name,    '',            20348, free,     admitted old-name",
        "byoh,    win1, old-name,    '',            14393, free,     refused 10.0.14393",
        // BYOH names are not held to Machine limits
        "byoh,    win1, '',          averyveryverylongname, 20348, limited, admitted averyveryverylongname",
        // Machines on renaming platforms take the Machine's name, and it must fit a computer name
        "machine, w-ms-abcde, '',    EC2AMAZ-1,     20348, renaming, admitted w-ms-abcde",
        "machine, W-MS-ABCDE, '',    '',            20348, renaming, admitted w-ms-abcde",
        "machine, w-longmachineset-abcde, '', '',   20348, renaming, refused at most 15",
        // elsewhere the host's name, held to the same limit
        "machine, m, '',             EC2AMAZ-ABCDEFGHIJ, 20348, limited, refused at most 15",
        "machine, m, '',             EC2AMAZ-1,     20348, limited,  admitted ec2amaz-1",
    })
    void admitsSupportedHostsUnderAUsableName(
            String source, String name, String existing, String hostname, int build, String policy, String expected) {
        WindowsInstance instance = source.equals("byoh") ? byoh("10.0.0.5") : machine("10.0.0.5", name);
        NodeNamePolicy p = switch (policy) {
            case "renaming" -> RENAMING;
            case "limited" -> LIMITED;
            default -> FREE;
        };

        Admission a = HostAdmission.admit(
                instance,
                "10.0.0.5",
                Optional.of(existing).filter(s -> !s.isEmpty()),
                new HostFacts(Optional.of(hostname).filter(s -> !s.isEmpty()), build),
                p);

        if (expected.startsWith("admitted ")) {
            Admitted ok = assertInstanceOf(Admitted.class, a, a.toString());
            assertEquals(expected.substring("admitted ".length()), ok.nodeName());
            assertEquals("10.0.0.5", ok.ipv4());
        } else {
            Refused no = assertInstanceOf(Refused.class, a, a.toString());
            assertTrue(no.reason().contains(expected.substring("refused ".length())), no.reason());
            assertEquals(false, no.retryable());
        }
    }

    @Test
    void saysWhenTheNodeNameNeedsTheHostsName() {
        assertEquals(Optional.empty(), HostAdmission.nodeNameWithoutTheHost(byoh("10.0.0.5"), Optional.empty(), FREE));
        assertEquals(
                Optional.of("m-1"),
                HostAdmission.nodeNameWithoutTheHost(machine("10.0.0.5", "M-1"), Optional.empty(), RENAMING));
        assertEquals(Optional.of("n"), HostAdmission.nodeNameWithoutTheHost(byoh("10.0.0.5"), Optional.of("n"), FREE));
        assertThrows(
                IllegalArgumentException.class,
                () -> HostAdmission.admit(
                        byoh("10.0.0.5"), "10.0.0.5", Optional.empty(), new HostFacts(Optional.empty(), 20348), FREE));
    }
}
