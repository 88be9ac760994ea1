package io.wmco.adapter.ssh;

import java.time.Duration;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.SftpModuleProperties;

/** Applies {@link SshSettings} to MINA's typed properties. */
final class Tuning {
    private Tuning() {}

    /**
     * Cipher preference: AES-GCM first. The JDK's AES and GHASH use CPU instructions (AES-NI, CLMUL), while MINA's
     * chacha20-poly1305 (OpenSSH's first choice, and MINA's default when the server lists it first) is plain Java
     * and limits SFTP throughput to a fraction of OpenSSH's. CTR modes remain for servers without GCM.
     */
    static final List<BuiltinCiphers> CIPHERS = List.of(
            BuiltinCiphers.aes128gcm,
            BuiltinCiphers.aes256gcm,
            BuiltinCiphers.aes128ctr,
            BuiltinCiphers.aes192ctr,
            BuiltinCiphers.aes256ctr,
            BuiltinCiphers.cc20p1305_openssh);

    static void apply(SshClient client, SshSettings s) {
        client.setCipherFactories(CIPHERS.stream()
                .filter(BuiltinCiphers::isSupported)
                .<NamedFactory<Cipher>>map(c -> c)
                .toList());
        // Commands are small request/response exchanges: with Nagle's algorithm each one waits for a delayed ACK
        // (about 40-90 ms on Linux loopback), which dominates short commands.
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, s.keepAliveInterval());
        CoreModuleProperties.HEARTBEAT_REQUEST.set(client, "keepalive@openssh.com");
        // A connection whose peer misses three keep-alives in a row is closed; the next connect() opens a new one.
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 3);
        // The pool closes unused connections; MINA must not close a connection a long silent command is using.
        CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
        CoreModuleProperties.AUTH_TIMEOUT.set(client, s.connectTimeout().plus(s.authTimeout()));
        CoreModuleProperties.IO_CONNECT_TIMEOUT.set(client, s.connectTimeout());
        CoreModuleProperties.CHANNEL_OPEN_TIMEOUT.set(client, s.connectTimeout());
        SftpModuleProperties.SFTP_CHANNEL_OPEN_TIMEOUT.set(client, s.connectTimeout());
    }
}
