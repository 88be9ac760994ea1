package io.wmco.domain.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InstancesConfigMapTest {

    static Stream<Arguments> goodEntries() {
        return Stream.of(
                Arguments.of(
                        "10.0.0.5", "username=Administrator", "10.0.0.5", InstanceAddress.Kind.IPV4, "Administrator"),
                Arguments.of("0.0.0.0", "username=admin", "0.0.0.0", InstanceAddress.Kind.IPV4, "admin"),
                Arguments.of(
                        "255.255.255.255", "username=admin", "255.255.255.255", InstanceAddress.Kind.IPV4, "admin"),
                Arguments.of(
                        "win-1.example.com",
                        "username=capi",
                        "win-1.example.com",
                        InstanceAddress.Kind.DNS_NAME,
                        "capi"),
                Arguments.of(
                        "WIN-1.Example.COM",
                        "username=capi",
                        "win-1.example.com",
                        InstanceAddress.Kind.DNS_NAME,
                        "capi"),
                Arguments.of(
                        "win-1.example.com.",
                        "username=capi",
                        "win-1.example.com",
                        InstanceAddress.Kind.DNS_NAME,
                        "capi"),
                Arguments.of("winhost", "username=capi", "winhost", InstanceAddress.Kind.DNS_NAME, "capi"),
                Arguments.of("1win.example", "username=capi", "1win.example", InstanceAddress.Kind.DNS_NAME, "capi"),
                Arguments.of(
                        "10.0.0.6", "username=CORP\\svc-wmco", "10.0.0.6", InstanceAddress.Kind.IPV4, "CORP\\svc-wmco"),
                Arguments.of("10.0.0.7", "  username=admin\n", "10.0.0.7", InstanceAddress.Kind.IPV4, "admin"),
                Arguments.of(
                        "10.0.0.8", "username=O'Brien & $(x)", "10.0.0.8", InstanceAddress.Kind.IPV4, "O'Brien & $(x)"),
                Arguments.of(
                        "10.0.0.9",
                        "username=" + "a".repeat(20),
                        "10.0.0.9",
                        InstanceAddress.Kind.IPV4,
                        "a".repeat(20)),
                Arguments.of(
                        "a".repeat(63) + ".example",
                        "username=admin",
                        "a".repeat(63) + ".example",
                        InstanceAddress.Kind.DNS_NAME,
                        "admin"));
    }

    @ParameterizedTest(name = "[{index}] {0} = {1}")
    @MethodSource("goodEntries")
    void acceptsValidEntry(String key, String value, String address, InstanceAddress.Kind kind, String user) {
        List<InstanceEntry> result = InstancesConfigMap.parse(Map.of(key, value));

        assertEquals(1, result.size());
        InstanceEntry.Valid valid = assertInstanceOf(InstanceEntry.Valid.class, result.get(0), () -> result.toString());
        assertEquals(key, valid.key());
        assertEquals(address, valid.instance().address().value());
        assertEquals(kind, valid.instance().address().kind());
        assertEquals(user, valid.instance().username().value());
        assertTrue(valid.instance().isByoh());
    }

    static Stream<Arguments> badEntries() {
        return Stream.of(
                Arguments.of(
                        "10.0.0.5",
                        "user=admin",
                        "value",
                        "entry \"10.0.0.5\": value must be \"username=<user>\", got \"user=...\"; write it as username=<user>"),
                Arguments.of("10.0.0.5", "admin", "value", "got a value of 5 characters without '='"),
                Arguments.of("10.0.0.5", "", "value", "got an empty value"),
                Arguments.of("10.0.0.5", "Username=admin", "value", "got \"Username=...\""),
                Arguments.of("10.0.0.5", "username =admin", "value", "write it as username=<user>"),
                Arguments.of("10.0.0.5", "username=", "username", "username is empty"),
                Arguments.of("10.0.0.5", "username= admin", "username", "leading or trailing whitespace"),
                Arguments.of("10.0.0.5", "username=a=b", "username", "holds '='"),
                Arguments.of(
                        "10.0.0.5",
                        "username=" + "a".repeat(21),
                        "username",
                        "of 21 characters; Windows allows at most 20"),
                Arguments.of("10.0.0.5", "username=bad|name", "username", "holds '|'"),
                Arguments.of("10.0.0.5", "username=admin@corp", "username", "holds '@'"),
                Arguments.of("10.0.0.5", "username=...", "username", "dots and spaces only"),
                Arguments.of("10.0.0.5", "username=CORP\\", "username", "empty account name"),
                Arguments.of("10.0.0.5", "username=a\tb", "username", "control character U+0009"),
                Arguments.of("fe80::1", "username=admin", "address", "IPv6 address, which is not supported"),
                Arguments.of("2001:db8::5", "username=admin", "address", "looks like an IPv6 address"),
                Arguments.of("256.0.0.1", "username=admin", "address", "part '256' is above 255"),
                Arguments.of("10.0.0", "username=admin", "address", "3 parts instead of 4"),
                Arguments.of("10.0.0.05", "username=admin", "address", "leading zero"),
                Arguments.of("10..0.5", "username=admin", "address", "empty part"),
                Arguments.of("win_1.example.com", "username=admin", "address", "label 'win_1' holds '_'"),
                Arguments.of("-win.example.com", "username=admin", "address", "starts or ends with '-'"),
                Arguments.of("win..example.com", "username=admin", "address", "empty label"),
                Arguments.of(
                        "a".repeat(64) + ".example", "username=admin", "address", "64 characters, more than the 63"),
                Arguments.of(
                        ("a".repeat(63) + ".").repeat(4) + "com",
                        "username=admin",
                        "address",
                        "259 characters, more than the 253"),
                Arguments.of("", "username=admin", "address", "is empty"));
    }

    @ParameterizedTest(name = "[{index}] {0} = {1}")
    @MethodSource("badEntries")
    void reportsInvalidEntryNamingKeyFieldAndFix(String key, String value, String field, String messagePart) {
        List<InstanceEntry> result = InstancesConfigMap.parse(Map.of(key, value));

        assertEquals(1, result.size());
        InstanceEntry.Invalid invalid =
                assertInstanceOf(InstanceEntry.Invalid.class, result.get(0), () -> result.toString());
        assertEquals(key, invalid.key());
        assertEquals(field, invalid.field());
        String shown =
                key.length() <= 64 ? key + "\": " : key.substring(0, 64) + "...(" + key.length() + " characters)\": ";
        assertTrue(invalid.message().startsWith("entry \"" + shown), invalid.message());
        assertTrue(invalid.message().contains(messagePart), invalid.message());
    }

    @Test
    void rejectsIpv6AddressWithClearMessage() {
        InstanceEntry.Invalid invalid = (InstanceEntry.Invalid)
                InstancesConfigMap.parse(Map.of("::1", "username=a")).get(0);

        assertEquals(
                "entry \"::1\": key looks like an IPv6 address, which is not supported; give the instance's "
                        + "IPv4 address or a DNS name that resolves to IPv4",
                invalid.message());
    }

    @Test
    void oneBadEntryDoesNotHideTheOthers() {
        Map<String, String> data = Map.of("10.0.0.1", "username=a", "10.0.0.2", "bogus", "10.0.0.3", "username=c");

        List<InstanceEntry> result = InstancesConfigMap.parse(data);

        assertEquals(
                List.of("10.0.0.1", "10.0.0.2", "10.0.0.3"),
                result.stream().map(InstanceEntry::key).toList());
        assertEquals(
                List.of("10.0.0.1", "10.0.0.3"),
                InstancesConfigMap.validInstances(result).stream()
                        .map(i -> i.address().value())
                        .toList());
    }

    @Test
    void reportsDuplicateAddressesDifferingInCaseOrTrailingDotKeepingTheFirstInKeyOrder() {
        Map<String, String> data = new HashMap<>();
        data.put("win.example.com", "username=a");
        data.put("WIN.example.com", "username=b");
        data.put("win.example.com.", "username=c");

        List<InstanceEntry> result = InstancesConfigMap.parse(data);

        assertEquals(
                List.of("WIN.example.com", "win.example.com", "win.example.com."),
                result.stream().map(InstanceEntry::key).toList());
        assertInstanceOf(InstanceEntry.Valid.class, result.get(0));
        for (InstanceEntry e : result.subList(1, 3)) {
            InstanceEntry.Invalid invalid = assertInstanceOf(InstanceEntry.Invalid.class, e);
            assertEquals(InstanceEntry.Invalid.FIELD_ADDRESS, invalid.field());
            assertTrue(invalid.message().contains("same as entry \"WIN.example.com\""), invalid.message());
        }
    }

    @Test
    void resultsAreSortedByKeyWhateverTheMapOrder() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("10.0.0.9", "username=a");
        data.put("10.0.0.10", "x");
        data.put("a.example", "username=a");
        data.put("10.0.0.1", "username=a");

        assertEquals(
                List.of("10.0.0.1", "10.0.0.10", "10.0.0.9", "a.example"),
                InstancesConfigMap.parse(data).stream().map(InstanceEntry::key).toList());
    }

    @Test
    void echoesOnlyTheKeyOfAMalformedValueEscapedAndCut() {
        String value = "user\nname" + "x".repeat(200) + "=secret-admin";

        InstanceEntry.Invalid invalid = (InstanceEntry.Invalid)
                InstancesConfigMap.parse(Map.of("10.0.0.1", value)).get(0);

        assertTrue(invalid.message().contains("user\\nname"), invalid.message());
        assertTrue(invalid.message().contains("(209 characters)=...\""), invalid.message());
        assertTrue(invalid.message().indexOf('\n') < 0, invalid.message());
        assertFalse(invalid.message().contains("secret-admin"), "what follows '=' may be a user name");
    }

    @Test
    void treatsNullValueAsMissingUsername() {
        Map<String, String> data = new HashMap<>();
        data.put("10.0.0.1", null);

        InstanceEntry.Invalid invalid =
                (InstanceEntry.Invalid) InstancesConfigMap.parse(data).get(0);

        assertEquals(InstanceEntry.Invalid.FIELD_VALUE, invalid.field());
    }
}
