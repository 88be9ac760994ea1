package io.wmco.domain.access;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.instance.Username;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsernameCipherTest {
    static final byte[] KEY =
            "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA...test-only...\n-----END OPENSSH PRIVATE KEY-----\n"
                    .getBytes(StandardCharsets.UTF_8);
    static final byte[] OTHER_KEY =
            "-----BEGIN OPENSSH PRIVATE KEY-----\nBBBB...test-only...\n-----END OPENSSH PRIVATE KEY-----\n"
                    .getBytes(StandardCharsets.UTF_8);

    /** A SecureRandom that hands out a fixed byte, so IVs are predictable in tests. */
    static final class FixedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte value;

        FixedRandom(byte value) {
            this.value = value;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            Arrays.fill(bytes, value);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Administrator", "capi", "CORP\\svc-wmco", "O'Brien & $(x)", "Jürgen", "a"})
    void roundTripsUsernames(String name) {
        UsernameCipher cipher = new UsernameCipher(KEY, new SecureRandom());

        String sealed = cipher.encrypt(new Username(name));

        assertEquals(
                name,
                new UsernameCipher(KEY, new SecureRandom()).decrypt(sealed).value());
        if (name.length() >= 8) { // shorter names may appear in random base64 by chance
            assertFalse(sealed.contains(name), "the annotation must not reveal the name");
        }
    }

    @Test
    void outputIsBase64OfInjectedIvFollowedByCiphertextAndTag() {
        String sealed = new UsernameCipher(KEY, new FixedRandom((byte) 7)).encrypt(new Username("admin"));

        byte[] raw = Base64.getDecoder().decode(sealed);
        assertEquals(12 + 5 + 16, raw.length);
        byte[] iv = new byte[12];
        Arrays.fill(iv, (byte) 7);
        assertArrayEquals(iv, Arrays.copyOf(raw, 12));
    }

    @Test
    void freshIvMakesEveryEncryptionDifferent() {
        UsernameCipher cipher = new UsernameCipher(KEY, new SecureRandom());

        assertNotEquals(cipher.encrypt(new Username("admin")), cipher.encrypt(new Username("admin")));
    }

    @Test
    void refusesAnnotationFromAnotherKeyWithoutRevealingAnything() {
        String sealed = new UsernameCipher(KEY, new SecureRandom()).encrypt(new Username("secret-user"));

        UsernameDecryptionException e = assertThrows(
                UsernameDecryptionException.class,
                () -> new UsernameCipher(OTHER_KEY, new SecureRandom()).decrypt(sealed));

        assertTrue(e.getMessage().contains("failed authentication"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-user"));
        assertFalse(e.getMessage().contains(sealed));
    }

    @Test
    void refusesTamperedAnnotationAtEveryByte() {
        UsernameCipher cipher = new UsernameCipher(KEY, new SecureRandom());
        byte[] raw = Base64.getDecoder().decode(cipher.encrypt(new Username("admin")));

        for (int i = 0; i < raw.length; i++) {
            byte[] changed = raw.clone();
            changed[i] ^= 0x01;
            String tampered = Base64.getEncoder().encodeToString(changed);
            UsernameDecryptionException e =
                    assertThrows(UsernameDecryptionException.class, () -> cipher.decrypt(tampered), "byte " + i);
            assertTrue(e.getMessage().contains("failed authentication"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not base64!", "QUJD", "admin"})
    void refusesMalformedAnnotation(String annotation) {
        UsernameCipher cipher = new UsernameCipher(KEY, new SecureRandom());

        UsernameDecryptionException e =
                assertThrows(UsernameDecryptionException.class, () -> cipher.decrypt(annotation));

        assertTrue(e.getMessage().startsWith("username annotation"), e.getMessage());
    }

    @Test
    void derivesKeyWithHkdfSha256PerRfc5869TestCase1() {
        byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);
        byte[] salt = HexFormat.of().parseHex("000102030405060708090a0b0c");
        byte[] info = HexFormat.of().parseHex("f0f1f2f3f4f5f6f7f8f9");

        byte[] okm = UsernameCipher.hkdfSha256(ikm, salt, info, 42);

        assertEquals(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
                HexFormat.of().formatHex(okm));
    }

    @Test
    void toStringRevealsNoKey() {
        assertEquals("UsernameCipher[key redacted]", new UsernameCipher(KEY, new SecureRandom()).toString());
    }

    @Test
    void refusesEmptyPrivateKey() {
        assertThrows(IllegalArgumentException.class, () -> new UsernameCipher(new byte[0], new SecureRandom()));
    }
}
