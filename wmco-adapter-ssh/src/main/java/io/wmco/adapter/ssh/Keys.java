package io.wmco.adapter.ssh;

import io.wmco.ports.remote.InvalidPrivateKeyException;
import io.wmco.ports.remote.SshCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/** Turns the bytes of the {@code cloud-private-key} Secret into a key pair with MINA's resource parsers. */
final class Keys {
    private static final NamedResource RESOURCE = NamedResource.ofName("cloud-private-key");

    private Keys() {}

    /**
     * @throws InvalidPrivateKeyException when no unencrypted private key in an accepted format is found; neither
     *     the message nor the cause holds key material
     */
    static KeyPair load(SshCredentials credentials) {
        byte[] bytes = credentials.privateKey();
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            Iterable<KeyPair> pairs =
                    SecurityUtils.loadKeyPairIdentities(null, RESOURCE, in, FilePasswordProvider.EMPTY);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) {
                throw new InvalidPrivateKeyException("no private key found", null);
            }
            KeyPair pair = it.next();
            if (pair == null || pair.getPrivate() == null || pair.getPublic() == null) {
                throw new InvalidPrivateKeyException("the key has no public half that can be derived", null);
            }
            return pair;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof InvalidPrivateKeyException ipke) {
                throw ipke;
            }
            // Parser messages may quote parts of the input: keep only the failure's type.
            throw new InvalidPrivateKeyException(
                    "cannot parse the key (" + e.getClass().getSimpleName() + ")",
                    new KeyParseFailure(e.getClass().getName()));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** A cause that names the parser's failure type without its message, which might hold key material. */
    static final class KeyParseFailure extends Exception {
        private static final long serialVersionUID = 1L;

        KeyParseFailure(String type) {
            super("key parser failed with " + type + " (message withheld)");
        }
    }
}
