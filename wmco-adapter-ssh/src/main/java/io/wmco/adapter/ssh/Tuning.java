package io.wmco.adapter.ssh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.kex.KeyExchangeFactory;
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

    /**
     * Key exchanges moved to the front of MINA's default order (the client's order decides). MINA lists the hybrid
     * post-quantum sntrup761x25519 first; its key pair, made by the client for every connection, is BouncyCastle's
     * plain Java and took about two thirds of the operator's CPU in the onboarding benchmark. ML-KEM-768 with X25519
     * (OpenSSH 9.9+, its default from 10.0) is as post-quantum and far cheaper, so it goes first; hosts without it
     * still get sntrup761 (OpenSSH 9.0+), then curve25519 (the OpenSSH of Windows Server 2019 and 2022). MINA offers
     * ML-KEM only with a BouncyCastle newer than 1.81 (it looks in org.bouncycastle.crypto.params).
     */
    static final List<String> KEX_FIRST = List.of("mlkem768x25519-sha256");

    static void apply(SshClient client, SshSettings s) {
        client.setCipherFactories(CIPHERS.stream()
                .filter(BuiltinCiphers::isSupported)
                .<NamedFactory<Cipher>>map(c -> c)
                .toList());
        client.setKeyExchangeFactories(keyExchanges(client.getKeyExchangeFactories()));
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

    /** {@code defaults} with {@link #KEX_FIRST} first (those the defaults hold), the rest in their order. */
    static List<KeyExchangeFactory> keyExchanges(List<KeyExchangeFactory> defaults) {
        List<KeyExchangeFactory> out = new ArrayList<>(defaults);
        out.sort(Comparator.comparingInt((KeyExchangeFactory f) -> {
            int i = KEX_FIRST.indexOf(f.getName());
            return i < 0 ? KEX_FIRST.size() : i;
        }));
        return out;
    }
}
