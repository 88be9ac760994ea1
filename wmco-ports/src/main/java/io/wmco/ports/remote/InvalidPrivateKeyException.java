package io.wmco.ports.remote;

import io.wmco.ports.PortException;

/**
 * The bytes given as the private key ({@code cloud-private-key} Secret) are not a usable private key. Not
 * retryable: the administrator must replace the Secret. The message lists the accepted formats and never holds
 * key material.
 *
 * <p>Thrown by {@link KeyPairReader} and by {@link RemoteHostConnector#connect} before any connection is made.
 */
public final class InvalidPrivateKeyException extends PortException {
    private static final long serialVersionUID = 1L;

    /** The formats a key may come in, for messages. */
    public static final String ACCEPTED_FORMATS = "PEM RSA (PKCS#1), PEM PKCS#8 (RSA, ECDSA, Ed25519), PEM EC, "
            + "or OpenSSH (RSA, ECDSA, Ed25519), without a passphrase";

    /**
     * @param problem what is wrong (for example "no private key found"), never key material
     * @param cause the parser's error with key material removed, or null
     */
    public InvalidPrivateKeyException(String problem, Throwable cause) {
        super("cloud-private-key: " + problem + "; expected " + ACCEPTED_FORMATS, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
