package io.wmco.ports.remote;

/**
 * The host presented a key other than the one pinned on first use. Not retryable: an administrator must
 * confirm the host was rebuilt and clear the pin.
 */
public final class HostKeyMismatchException extends RemoteAccessException {
    private static final long serialVersionUID = 1L;

    private final String pinnedFingerprint;
    private final String presentedFingerprint;

    public HostKeyMismatchException(String host, String pinnedFingerprint, String presentedFingerprint) {
        super(
                host,
                "host key changed: pinned " + pinnedFingerprint + ", presented " + presentedFingerprint
                        + "; if the host was rebuilt, remove its pin from the host-key store",
                null);
        this.pinnedFingerprint = pinnedFingerprint;
        this.presentedFingerprint = presentedFingerprint;
    }

    public String pinnedFingerprint() {
        return pinnedFingerprint;
    }

    public String presentedFingerprint() {
        return presentedFingerprint;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
