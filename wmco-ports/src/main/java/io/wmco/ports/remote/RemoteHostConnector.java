package io.wmco.ports.remote;

/**
 * Opens connections to Windows hosts. Thread-safe: one connector serves every host concurrently.
 */
public interface RemoteHostConnector {

    /**
     * Connects and authenticates, pinning the host key on first use through the {@link HostKeyStore}.
     *
     * @throws AuthenticationRejectedException the key was refused (not retryable)
     * @throws HostUnreachableException the host did not answer in time (retryable)
     * @throws HostKeyMismatchException the host key differs from the pinned one (not retryable)
     */
    RemoteHost connect(HostEndpoint endpoint, SshCredentials credentials);
}
