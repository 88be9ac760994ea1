package io.wmco.ports.remote;

/** The host rejected the user and key. Not retryable: a Machine in this state is replaced; a BYOH entry needs its authorized key fixed by the administrator. */
public final class AuthenticationRejectedException extends RemoteAccessException {
    private static final long serialVersionUID = 1L;

    public AuthenticationRejectedException(String host, String message, Throwable cause) {
        super(host, message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
