package io.wmco.app.access;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.access.AuthorizedKey;
import io.wmco.domain.access.PublicKeyHash;
import io.wmco.domain.access.UsernameCipher;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.ports.cluster.SecretStore;
import io.wmco.ports.remote.KeyPairReader;
import io.wmco.ports.remote.SshCredentials;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's current key pair, read from the {@code cloud-private-key} Secret: the SSH credentials, the
 * public key, its hash (written to nodes) and the cipher for the username annotation. Derived values are cached
 * until the Secret's content changes. Thread-safe.
 */
public final class KeyMaterial {

    /** Everything derived from one private key. {@link #toString()} reveals nothing secret. */
    public record Keys(SshCredentials credentials, AuthorizedKey publicKey, PublicKeyHash hash, UsernameCipher cipher) {
        public Keys {
            requireNonNull(credentials, "credentials cannot be null");
            requireNonNull(publicKey, "publicKey cannot be null");
            requireNonNull(hash, "hash cannot be null");
            requireNonNull(cipher, "cipher cannot be null");
        }

        @Override
        public String toString() {
            return "Keys[" + publicKey.type() + ", hash " + hash.value() + "]";
        }
    }

    private final SecretStore secrets;
    private final String namespace;
    private final KeyPairReader reader;
    private final SecureRandom random;
    private byte[] cachedDigest;
    private Keys cached;

    public KeyMaterial(SecretStore secrets, String namespace, KeyPairReader reader, SecureRandom random) {
        this.secrets = requireNonNull(secrets, "secrets cannot be null");
        this.namespace = requireNonNull(namespace, "namespace cannot be null");
        this.reader = requireNonNull(reader, "reader cannot be null");
        this.random = requireNonNull(random, "random cannot be null");
    }

    /**
     * The keys, or empty when the Secret or its {@code private-key.pem} entry is missing.
     *
     * @throws io.wmco.ports.remote.InvalidPrivateKeyException when the key cannot be read (not retryable)
     */
    public synchronized Optional<Keys> current() {
        Optional<Map<String, byte[]>> data = secrets.data(namespace, MetadataKeys.PRIVATE_KEY_SECRET);
        byte[] pem = data.map(d -> d.get(MetadataKeys.PRIVATE_KEY_SECRET_KEY)).orElse(null);
        if (pem == null || pem.length == 0) {
            cached = null;
            cachedDigest = null;
            return Optional.empty();
        }
        byte[] digest = sha256(pem);
        if (cached != null && Arrays.equals(digest, cachedDigest)) {
            return Optional.of(cached);
        }
        SshCredentials credentials = new SshCredentials(pem);
        AuthorizedKey publicKey = AuthorizedKey.parse(reader.authorizedKeyLine(credentials));
        cached = new Keys(credentials, publicKey, PublicKeyHash.of(publicKey), new UsernameCipher(pem, random));
        cachedDigest = digest;
        return Optional.of(cached);
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
