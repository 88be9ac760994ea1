package io.wmco.domain.access;

/**
 * The username annotation cannot be decrypted: it is malformed, was tampered with, or was encrypted with a
 * different private key. Not retryable: the annotation must be rewritten (the operator does so when the key
 * changes). The message never holds the annotation, the user name or the key.
 */
public final class UsernameDecryptionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsernameDecryptionException(String message) {
        super(message);
    }

    UsernameDecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
