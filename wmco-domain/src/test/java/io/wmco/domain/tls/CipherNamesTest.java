package io.wmco.domain.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CipherNamesTest {

    @ParameterizedTest
    @CsvSource({
        "ECDHE-RSA-AES128-GCM-SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "ECDHE-ECDSA-CHACHA20-POLY1305, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "DHE-RSA-AES256-SHA256, TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
        "AES128-SHA, TLS_RSA_WITH_AES_128_CBC_SHA",
        "DES-CBC3-SHA, SSL_RSA_WITH_3DES_EDE_CBC_SHA",
        "TLS_AES_256_GCM_SHA384, TLS_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    })
    void openSslAndStandardNamesBothGiveTheStandardName(String given, String standard) {
        assertEquals(Optional.of(standard), CipherNames.standardName(given));
    }

    @ParameterizedTest
    @CsvSource({"RC4-MD5", "ECDHE-RSA-AES128-GCM-SHA999", "tls_aes_128_gcm_sha256"})
    void otherNamesAreUnknown(String given) {
        assertEquals(Optional.empty(), CipherNames.standardName(given));
    }
}
