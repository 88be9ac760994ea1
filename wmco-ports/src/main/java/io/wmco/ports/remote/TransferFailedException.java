package io.wmco.ports.remote;

/** A file transfer broke off or its verification failed. Retryable: the target path never holds a partial file. */
public final class TransferFailedException extends RemoteAccessException {
    private static final long serialVersionUID = 1L;

    public TransferFailedException(String host, String message, Throwable cause) {
        super(host, message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
