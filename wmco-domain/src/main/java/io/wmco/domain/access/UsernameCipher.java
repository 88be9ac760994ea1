package io.wmco.domain.access;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.instance.Username;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the user name written to the {@code windowsmachineconfig.openshift.io/username} node annotation, so
 * that the annotation reveals nothing and only holders of the private key can read or forge it.
 *
 * <p>Scheme (version 1):
 * <ul>
 *   <li>Key: HKDF-SHA256 (RFC 5869) with the private key bytes as input keying material, a salt of 32 zero
 *       bytes and the info label {@value #CONTEXT}; 32 bytes of output form an AES-256 key.</li>
 *   <li>Encryption: AES/GCM with a fresh 12-byte IV from the injected {@link SecureRandom}, a 128-bit tag, and the
 *       info label as additional authenticated data. Plain text: the UTF-8 bytes of the user name.</li>
 *   <li>Output: standard base64 (with padding) of {@code iv || ciphertext-with-tag}.</li>
 * </ul>
 * The private key bytes are the bytes of the {@code cloud-private-key} Secret as stored; the same bytes always
 * give the same key. Decryption authenticates: a changed annotation or another key fails with
 * {@link UsernameDecryptionException}.
 *
 * <p>Thread-safe: each call uses its own {@link Cipher}; {@link SecureRandom} is thread-safe. Neither the key
 * nor user names appear in messages or {@link #toString()}.
 */
public final class UsernameCipher {
    /** HKDF info label and GCM additional data: binds the key and the ciphertext to this use. */
    public static final String CONTEXT = "io.wmco/node-annotation/username/v1";

    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_LENGTH = 32;

    private final SecretKeySpec key;
    private final SecureRandom random;

    /**
     * @param privateKey the private key bytes; not kept (only the derived key is)
     * @param random the source of IVs
     */
    public UsernameCipher(byte[] privateKey, SecureRandom random) {
        requireNonNull(privateKey, "privateKey cannot be null");
        this.random = requireNonNull(random, "random cannot be null");
        if (privateKey.length == 0) {
            throw new IllegalArgumentException("privateKey cannot be empty");
        }
        byte[] derived = hkdfSha256(privateKey, new byte[32], CONTEXT.getBytes(StandardCharsets.UTF_8), KEY_LENGTH);
        this.key = new SecretKeySpec(derived, "AES");
        Arrays.fill(derived, (byte) 0);
    }

    /** The annotation value for {@code username}; different on every call (fresh IV). */
    public String encrypt(Username username) {
        requireNonNull(username, "username cannot be null");
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(CONTEXT.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(username.value().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder()
                    .encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                            .put(iv)
                            .put(sealed)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed; the JDK must provide AES/GCM/NoPadding", e);
        }
    }

    /**
     * The user name in an annotation value written by {@link #encrypt} with the same private key.
     *
     * @throws UsernameDecryptionException when the value is malformed, tampered with or from another key
     */
    public Username decrypt(String annotation) {
        requireNonNull(annotation, "annotation cannot be null");
        byte[] all;
        try {
            all = Base64.getDecoder().decode(annotation.strip());
        } catch (IllegalArgumentException e) {
            throw new UsernameDecryptionException(
                    "username annotation is not valid base64; " + "it must be rewritten by the operator");
        }
        if (all.length < IV_LENGTH + TAG_BITS / 8 + 1) {
            throw new UsernameDecryptionException("username annotation is too short to be an encrypted user name; "
                    + "it must be rewritten by the operator");
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_LENGTH));
            cipher.updateAAD(CONTEXT.getBytes(StandardCharsets.UTF_8));
            plain = cipher.doFinal(all, IV_LENGTH, all.length - IV_LENGTH);
        } catch (AEADBadTagException e) {
            throw new UsernameDecryptionException("username annotation failed authentication: it was changed, or "
                    + "encrypted with a different private key; the operator must rewrite it");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed; the JDK must provide AES/GCM/NoPadding", e);
        }
        String name = new String(plain, StandardCharsets.UTF_8);
        if (Username.problem(name).isPresent()) {
            throw new UsernameDecryptionException(
                    "username annotation decrypted to a value that is not a valid user name");
        }
        return new Username(name);
    }

    @Override
    public String toString() {
        return "UsernameCipher[key redacted]";
    }

    /** HKDF-SHA256 extract and expand (RFC 5869). */
    static byte[] hkdfSha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] out = new byte[length];
            byte[] t = new byte[0];
            int done = 0;
            for (int counter = 1; done < length; counter++) {
                mac.update(t);
                mac.update(info);
                mac.update((byte) counter);
                t = mac.doFinal();
                int n = Math.min(t.length, length - done);
                System.arraycopy(t, 0, out, done, n);
                done += n;
            }
            Arrays.fill(prk, (byte) 0);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable; every Java platform must provide it", e);
        }
    }
}
