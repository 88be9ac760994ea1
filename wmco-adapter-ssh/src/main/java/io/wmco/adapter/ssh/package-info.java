/**
 * The remote-host ports ({@link io.wmco.ports.remote.RemoteHostConnector}, {@link io.wmco.ports.remote.RemoteHost},
 * {@link io.wmco.ports.remote.KeyPairReader}) on Apache MINA SSHD.
 *
 * <p>Public entry points: {@link io.wmco.adapter.ssh.MinaSshConnector} (with {@link io.wmco.adapter.ssh.SshSettings}),
 * {@link io.wmco.adapter.ssh.MinaKeyPairReader} and {@link io.wmco.adapter.ssh.InMemoryHostKeyStore}. Everything
 * else is package-private.
 *
 * <p>What goes over the wire: commands as {@link io.wmco.domain.remote.ShellWrapper#wireForm} gives them, after one
 * {@link io.wmco.domain.remote.ShellWrapper#PROBE} per connection; file hashes, renames and removals in the
 * {@link io.wmco.adapter.ssh.RemoteFileDialect#WINDOWS} dialect come from {@link io.wmco.domain.remote.FileCommands}
 * ({@code fileSha256}, {@code replaceFile}, {@code removeFile}); file content goes over SFTP to
 * {@code <target>.wmco-tmp}, with Windows paths mapped to {@code /C:/...}. A file with a packed form goes as
 * {@code <target>.wmco-tmp.tar.gz} and is unpacked and hashed in one command ({@code unpackFile}: {@code tar.exe}
 * into {@code <target>.wmco-unpack}, moved to {@code <target>.wmco-tmp}) before the same rename; a host whose unpack
 * finds no {@code tar.exe} gets raw files from then on (one WARN naming the host).
 *
 * <p>Errors: transport failures become {@link io.wmco.ports.remote.HostUnreachableException} (retryable), refused keys
 * {@link io.wmco.ports.remote.AuthenticationRejectedException}, changed host keys
 * {@link io.wmco.ports.remote.HostKeyMismatchException}, failed uploads
 * {@link io.wmco.ports.remote.TransferFailedException} (retryable), unusable keys
 * {@link io.wmco.ports.remote.InvalidPrivateKeyException}, each with its cause. No MINA type appears in a public
 * signature.
 */
package io.wmco.adapter.ssh;
