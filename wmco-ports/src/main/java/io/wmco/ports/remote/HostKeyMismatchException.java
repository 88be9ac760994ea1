package io.wmco.ports.remote;

/**
 * The host presented a key other than the one pinned on first use. Not retryable: an administrator must
 * confirm the host was rebuilt and clear the pin.
 */
public final class HostKeyMismatchException extends RemoteAccessException {
    private static final long serialVersionUID = 1L;

    private final String pinnedFingerprint;
    private final String presentedFingerprint;

    /**
     * @param howToForget what makes the operator trust the new key ({@link HostKeyStore#howToForget()})
     */
    public HostKeyMismatchException(
            String host, String pinnedFingerprint, String presentedFingerprint, String howToForget) {
        super(
                host,
                "host key changed: pinned " + pinnedFingerprint + ", presented " + presentedFingerprint
                        + "; the operator refuses the host. If it was reinstalled on purpose, " + howToForget
                        + "; otherwise find out who answers at its address",
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
