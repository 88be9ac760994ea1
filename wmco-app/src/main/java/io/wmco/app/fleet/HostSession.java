package io.wmco.app.fleet;

import static java.util.Objects.requireNonNull;

import io.wmco.ports.remote.HostEndpoint;
import io.wmco.ports.remote.RemoteHost;
import io.wmco.ports.remote.RemoteHostConnector;
import io.wmco.ports.remote.SshCredentials;

/**
 * The connection to one instance's host for one reconcile, opened when a step first needs it (waits for the
 * cluster need none) and handed back at the end. The connector pools connections, so the next reconcile of the
 * same key reuses the same SSH connection without a new handshake or shell probe. Not thread-safe.
 */
public final class HostSession implements AutoCloseable {
    private final RemoteHostConnector connector;
    private final HostEndpoint endpoint;
    private final SshCredentials credentials;
    private RemoteHost host;

    public HostSession(RemoteHostConnector connector, HostEndpoint endpoint, SshCredentials credentials) {
        this.connector = requireNonNull(connector, "connector cannot be null");
        this.endpoint = requireNonNull(endpoint, "endpoint cannot be null");
        this.credentials = requireNonNull(credentials, "credentials cannot be null");
    }

    /** The connected host; connects on the first call (and again after a failed attempt). */
    public RemoteHost get() {
        if (host == null) {
            host = connector.connect(endpoint, credentials);
        }
        return host;
    }

    public HostEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        if (host != null) {
            host.close();
            host = null;
        }
    }
}
