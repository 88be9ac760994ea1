package io.wmco.domain.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4CidrTest {

    @ParameterizedTest
    @CsvSource({
        "172.30.0.0/16, 10, 172.30.0.10",
        "10.96.0.0/12, 10, 10.96.0.10",
        "192.168.1.0/24, 10, 192.168.1.10",
        "10.0.0.0/28, 15, 10.0.0.15",
        "10.0.0.248/29, 7, 10.0.0.255",
        "255.255.255.0/24, 10, 255.255.255.10",
        "172.30.0.0/16, 300, 172.30.1.44",
        "0.0.0.0/0, 10, 0.0.0.10",
    })
    void addressAtCountsFromTheNetworkAddress(String cidr, long offset, String expected) {
        assertEquals(expected, Ipv4Cidr.parse(cidr).addressAt(offset));
    }

    @Test
    void refusesOffsetsOutsideTheNetwork() {
        Ipv4Cidr small = Ipv4Cidr.parse("10.0.0.0/29");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small.addressAt(8));
        assertTrue(e.getMessage().contains("8 addresses"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "172.30.0.0",
                "172.30.0.0/",
                "172.30.0.0/33",
                "172.30.0.0/016",
                "300.30.0.0/16",
                "172.030.0.0/16",
                "172.30.0/16",
                "172.30.0.0.0/16",
                "fd02::/112",
                "a.b.c.d/8",
                "172.30.0.1/16",
                " 172.30.0.0/16",
                "172.30.0.0/-1",
                "172.30.0.0/1a",
                ""
            })
    void rejectsMalformedCidrs(String text) {
        assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parse(text));
        assertTrue(Ipv4Cidr.tryParse(text).isEmpty());
    }

    @Test
    void hostBitsErrorSuggestsTheNetwork() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parse("10.1.2.3/16"));
        assertTrue(e.getMessage().contains("use 10.1.0.0/16"), e.getMessage());
    }

    @Test
    void containsComparesNetworkBits() {
        Ipv4Cidr c = Ipv4Cidr.parse("172.30.0.0/16");
        assertTrue(c.contains("172.30.255.255"));
        assertFalse(c.contains("172.31.0.0"));
        assertFalse(c.contains("not-an-ip"));
        assertTrue(Ipv4Cidr.parse("0.0.0.0/0").contains("255.255.255.255"));
    }

    @Test
    void roundTripsThroughToString() {
        assertEquals("10.128.0.0/14", Ipv4Cidr.parse("10.128.0.0/14").toString());
        assertEquals(1L << 32, Ipv4Cidr.parse("0.0.0.0/0").size());
    }
}
