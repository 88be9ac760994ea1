package io.wmco.adapter.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.wmco.domain.tls.TlsSecurityProfile;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenShiftConfigMappingTest {

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    @Test
    void aNamedProfileIsItsTypeOnly() {
        assertEquals(
                Optional.of(TlsSecurityProfile.named("Modern")),
                OpenShiftConfigMapping.tlsProfile(
                        json("{\"spec\":{\"tlsSecurityProfile\":{\"type\":\"Modern\",\"modern\":{}}}}")));
    }

    @Test
    void aCustomProfileCarriesItsCiphersAndVersion() {
        assertEquals(
                Optional.of(TlsSecurityProfile.custom(
                        List.of("ECDHE-RSA-AES128-GCM-SHA256", "TLS_AES_128_GCM_SHA256"), "VersionTLS12")),
                OpenShiftConfigMapping.tlsProfile(json("{\"spec\":{\"tlsSecurityProfile\":{\"type\":\"Custom\","
                        + "\"custom\":{\"ciphers\":[\"ECDHE-RSA-AES128-GCM-SHA256\",\"TLS_AES_128_GCM_SHA256\"],"
                        + "\"minTLSVersion\":\"VersionTLS12\"}}}}")));
    }

    @Test
    void noProfileOrANullOneIsEmpty() {
        assertEquals(Optional.empty(), OpenShiftConfigMapping.tlsProfile(json("{\"spec\":{}}")));
        assertEquals(
                Optional.empty(), OpenShiftConfigMapping.tlsProfile(json("{\"spec\":{\"tlsSecurityProfile\":null}}")));
        assertEquals(Optional.empty(), OpenShiftConfigMapping.tlsProfile(json("{}")));
    }
}
