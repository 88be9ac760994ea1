package io.wmco.app.cli;

import static java.util.Objects.requireNonNull;

import io.wmco.adapter.k8s.DockerConfigJson;
import io.wmco.adapter.ssh.InMemoryHostKeyStore;
import io.wmco.adapter.ssh.MinaKeyPairReader;
import io.wmco.adapter.ssh.MinaSshConnector;
import io.wmco.adapter.ssh.SshSettings;
import io.wmco.domain.hostsettings.PullSecretAuths;
import io.wmco.ports.remote.HostKeyStore;
import io.wmco.ports.remote.KeyPairReader;
import io.wmco.ports.remote.RemoteHostConnector;
import java.time.Duration;

/**
 * The {@code wmco} CLI's composition root: the one class of {@code io.wmco.app.cli} that names adapters. The
 * commands get ports from here and never construct an adapter (checked by {@code ArchitectureRulesTest}).
 *
 * @param keys reads private keys
 * @param ssh opens the SSH connections of one preflight run
 */
public record CliWiring(KeyPairReader keys, SshFactory ssh) {
    public CliWiring {
        requireNonNull(keys, "keys cannot be null");
        requireNonNull(ssh, "ssh cannot be null");
    }

    /** SSH for one preflight run: a connector with its own host-key store, closed together. */
    @FunctionalInterface
    public interface SshFactory {
        Ssh open(Duration connectTimeout);
    }

    /**
     * A connector and the host keys it pins (trust on first use, or a pin given beforehand); closing this closes
     * the connector's connections.
     */
    public record Ssh(RemoteHostConnector connector, HostKeyStore hostKeys, AutoCloseable resources)
            implements AutoCloseable {
        public Ssh {
            requireNonNull(connector, "connector cannot be null");
            requireNonNull(hostKeys, "hostKeys cannot be null");
            requireNonNull(resources, "resources cannot be null");
        }

        @Override
        public void close() {
            try {
                resources.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the SSH connections failed", e);
            }
        }
    }

    /** The credentials of a {@code .dockerconfigjson} file, read as the operator reads its pull secret. */
    static PullSecretAuths pullSecretAuths(String origin, byte[] json) {
        return DockerConfigJson.parse(origin, json);
    }

    /** MINA SSHD connections and an in-memory host-key store per run, the key reader of the SSH adapter. */
    public static CliWiring production() {
        return new CliWiring(new MinaKeyPairReader(), timeout -> {
            InMemoryHostKeyStore hostKeys = new InMemoryHostKeyStore();
            MinaSshConnector connector =
                    new MinaSshConnector(SshSettings.defaults().withConnectTimeout(timeout), hostKeys);
            return new Ssh(connector, hostKeys, connector);
        });
    }
}
