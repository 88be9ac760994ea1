package io.wmco.domain.hostsettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {

    @Test
    void theOperatorsEnvironmentNamesTheProxyUpperCaseFirst() {
        ProxySettings p = ProxySettings.fromEnvironment(Map.of(
                "HTTP_PROXY", "http://proxy:3128",
                "http_proxy", "http://ignored:1",
                "https_proxy", "http://secure:3129",
                "NO_PROXY", "  "));
        assertEquals(Optional.of("http://proxy:3128"), p.httpProxy());
        assertEquals(Optional.of("http://secure:3129"), p.httpsProxy());
        assertEquals(Optional.empty(), p.noProxy());
        assertFalse(p.isEmpty());
        assertTrue(ProxySettings.fromEnvironment(Map.of()).isEmpty());
    }

    @Test
    void variablesComeInAFixedOrderWithAbsentOnesToRemove() {
        ProxySettings p = new ProxySettings(Optional.empty(), Optional.of("http://p:1"), Optional.of(".svc"));
        assertEquals(
                List.of("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY"),
                List.copyOf(p.variables().keySet()));
        assertEquals(Optional.empty(), p.variables().get("HTTP_PROXY"));
    }

    @Test
    void credentialsInAProxyUrlNeverShow() {
        ProxySettings p = new ProxySettings(
                Optional.of("http://user:s3cret@proxy.example:3128"), Optional.empty(), Optional.empty());
        assertEquals(
                "http://***@proxy.example:3128",
                ProxySettings.redacted(p.httpProxy().get()));
        assertFalse(p.toString().contains("s3cret"), p.toString());
        assertEquals("http://proxy:3128/a@b", ProxySettings.redacted("http://proxy:3128/a@b"));
    }

    @Test
    void aValueWithALineBreakIsRefusedNamingTheVariable() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new ProxySettings(Optional.empty(), Optional.empty(), Optional.of(".svc\nevil")));
        assertTrue(e.getMessage().startsWith("NO_PROXY"), e.getMessage());
    }

    @Test
    void theHashChangesWithEachValueAndNoneEqualsAMissingAnnotation() {
        HostSettings none = HostSettings.NONE;
        HostSettings proxied = new HostSettings(
                new ProxySettings(Optional.of("http://p:1"), Optional.empty(), Optional.empty()), List.of());
        HostSettings other = new HostSettings(
                new ProxySettings(Optional.empty(), Optional.of("http://p:1"), Optional.empty()), List.of());
        assertFalse(none.hash().equals(proxied.hash()));
        assertFalse(proxied.hash().equals(other.hash()));
        assertTrue(none.appliedAs(Optional.empty()));
        assertFalse(proxied.appliedAs(Optional.empty()));
        assertTrue(proxied.appliedAs(Optional.of(proxied.hash())));
        assertFalse(proxied.appliedAs(Optional.of(other.hash())));
    }
}
