package io.wmco.ports.remote;

import io.wmco.ports.PortException;

/** Root of the errors of {@link RemoteHost} and {@link RemoteHostConnector}. */
public abstract class RemoteAccessException extends PortException {
    private static final long serialVersionUID = 1L;

    private final String host;

    protected RemoteAccessException(String host, String message, Throwable cause) {
        super(host + ": " + message, cause);
        this.host = host;
    }

    /** The host ({@code address:port}) the error concerns. */
    public String host() {
        return host;
    }
}
