package io.wmco.domain.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublicKeyHashTest {
    static final String ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE0W2Am8iiE9ollepbAbKGrIFOKpRrF0m48JnTb0Ku35";
    /** {@code printf '%s' "$ED25519" | sha256sum}, computed outside Java. */
    static final String ED25519_SHA256 = "44a071a5d54fa16684d7e9c34ef53c5c0ed3f997a880a1363dc0c45e6a740d68";

    @Test
    void hashesTypeSpaceBase64AsLowerCaseHexSha256() {
        assertEquals(
                ED25519_SHA256, PublicKeyHash.of(AuthorizedKey.parse(ED25519)).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {" test@example", " another comment here", "\tcomment", "   ", ""})
    void ignoresCommentAndSurroundingWhitespace(String suffix) {
        assertEquals(
                ED25519_SHA256,
                PublicKeyHash.of(AuthorizedKey.parse("  " + ED25519 + suffix + "\n"))
                        .value());
    }

    @Test
    void differentKeysGiveDifferentHashes() {
        String other = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE0W2Am8iiE9ollepbAbKGrIFOKpRrF0m48JnTb0Ku36";
        assertFalse(
                PublicKeyHash.of(AuthorizedKey.parse(other)).equals(PublicKeyHash.of(AuthorizedKey.parse(ED25519))));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "ssh-ed25519",
                "AAAAC3NzaC1lZDI1NTE5AAAAIE0W2Am8iiE9ollepbAbKGrIFOKpRrF0m48JnTb0Ku35",
                "ssh-ed25519 not*base64",
                "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIE0W2Am8iiE9ollepbAbKGrIFOKpRrF0m48JnTb0Ku35",
                "ssh-ed25519 AAAA",
                "ssh-ed25519 AAAAC3Nz",
                "command=\"rm -rf /\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE0W2Am8iiE9ollepbAbKGrIFOKpRrF0m48JnTb0Ku35",
                "SSH-ED25519 AAAAC3NzaC1lZDI1NTE5AAAAIE0W2Am8iiE9ollepbAbKGrIFOKpRrF0m48JnTb0Ku35",
            })
    void refusesMalformedKeyLinesWithoutEchoingThem(String line) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthorizedKey.parse(line));

        assertTrue(e.getMessage().contains("key"), e.getMessage());
        assertFalse(!line.isBlank() && line.length() > 12 && e.getMessage().contains(line), e.getMessage());
    }

    @Test
    void refusesHashThatIsNotSixtyFourLowerCaseHexDigits() {
        assertThrows(IllegalArgumentException.class, () -> new PublicKeyHash(ED25519_SHA256.toUpperCase()));
        assertThrows(IllegalArgumentException.class, () -> new PublicKeyHash(ED25519_SHA256.substring(1)));
    }
}
