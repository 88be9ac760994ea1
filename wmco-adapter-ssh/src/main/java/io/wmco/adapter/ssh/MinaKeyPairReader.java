package io.wmco.adapter.ssh;

import static java.util.Objects.requireNonNull;

import io.wmco.ports.remote.KeyPairReader;
import io.wmco.ports.remote.SshCredentials;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/** {@link KeyPairReader} on MINA's key parsers. Thread-safe; no state. */
public final class MinaKeyPairReader implements KeyPairReader {

    @Override
    public String authorizedKeyLine(SshCredentials credentials) {
        requireNonNull(credentials, "credentials cannot be null");
        return PublicKeyEntry.toString(Keys.load(credentials).getPublic());
    }
}
