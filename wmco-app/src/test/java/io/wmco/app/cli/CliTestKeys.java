package io.wmco.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/** Key pairs written as PKCS#8 PEM files, as an administrator's key file would be. */
final class CliTestKeys {
    private CliTestKeys() {}

    /** RSA: PKCS#8 PEM of an EC key is refused by the key reader today (StreamCorruptedException). */
    static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PEM text of the private key (what must never appear in any output). */
    static String pem(KeyPair pair) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    static Path write(Path dir, KeyPair pair) {
        try {
            return Files.writeString(dir.resolve("key.pem"), pem(pair));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base64 body of the private key, for asserting it is never printed. */
    static String privateBase64(KeyPair pair) {
        return Base64.getEncoder()
                .encodeToString(pair.getPrivate().getEncoded())
                .substring(0, 40);
    }
}
