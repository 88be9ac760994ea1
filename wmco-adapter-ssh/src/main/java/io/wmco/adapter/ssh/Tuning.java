package io.wmco.adapter.ssh;

import java.time.Duration;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.SftpModuleProperties;

/** Applies {@link SshSettings} to MINA's typed properties. */
final class Tuning {
    private Tuning() {
    }

    static void apply(SshClient client, SshSettings s) {
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, s.keepAliveInterval());
        CoreModuleProperties.HEARTBEAT_REQUEST.set(client, "keepalive@openssh.com");
        CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(client, s.keepAliveInterval());
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 3);
        // The pool closes unused connections; MINA must not close a connection a long silent command is using.
        CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
        CoreModuleProperties.AUTH_TIMEOUT.set(client, s.connectTimeout().plus(s.authTimeout()));
        CoreModuleProperties.IO_CONNECT_TIMEOUT.set(client, s.connectTimeout());
        CoreModuleProperties.CHANNEL_OPEN_TIMEOUT.set(client, s.connectTimeout());
        SftpModuleProperties.SFTP_CHANNEL_OPEN_TIMEOUT.set(client, s.connectTimeout());
    }
}
