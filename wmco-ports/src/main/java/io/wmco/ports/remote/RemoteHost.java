package io.wmco.ports.remote;

import io.wmco.domain.remote.CommandResult;
import io.wmco.domain.remote.RemoteCommand;
import io.wmco.domain.remote.Shell;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An open connection to one Windows host. Obtained from {@link RemoteHostConnector#connect}.
 *
 * <p>Thread-safety: implementations allow concurrent calls from several threads (each call opens its own
 * channel). Every method may throw {@link HostUnreachableException} (retryable) when the connection drops or
 * times out, and {@link AuthenticationRejectedException} when re-authentication is refused.
 */
public interface RemoteHost extends AutoCloseable {

    /** Where this connection goes. */
    HostEndpoint endpoint();

    /** The shell the host runs commands in by default, detected once per connection. */
    Shell defaultShell();

    /**
     * Runs a command, wrapping it for the default shell when it is written for the other one. Output on stderr
     * is not an error: only the exit status counts.
     *
     * @return the result, whatever its exit status
     */
    CommandResult run(RemoteCommand command);

    /**
     * Runs a command and requires exit status 0.
     *
     * @param description what the command is for, used in the error message (never include secrets)
     * @throws CommandFailedException when the exit status is not 0
     */
    default CommandResult runChecked(String description, RemoteCommand command) {
        CommandResult result = run(command);
        if (!result.succeeded()) {
            throw new CommandFailedException(endpoint().hostId(), description, result);
        }
        return result;
    }

    /**
     * The lower-case hex SHA-256 of a remote file.
     *
     * @param remotePath Windows path such as {@code C:\k\kubelet.exe}
     * @return the hash, or empty when the file does not exist
     */
    Optional<String> sha256(String remotePath);

    /**
     * Makes the remote file equal to the local one, transferring only when its SHA-256 differs from
     * {@code expectedSha256}. Content is written to a temporary name, verified, then renamed over the target, so
     * the target never holds a partial file. Idempotent.
     *
     * <p>When {@code file} has a packed form it is sent instead and unpacked on the host in the same round trip
     * that hashes the result, so the verification is always of the unpacked file. A host that cannot unpack (no
     * {@code tar.exe}) gets the raw file in the same call, and raw files from then on.
     *
     * @param file the file to send (streamed, never held in memory whole), with its packed form if any
     * @param expectedSha256 lower-case hex SHA-256 of {@code file.raw()}
     * @param remotePath target Windows path; its directory must exist
     * @return whether anything was sent, and the bytes that went over the wire (the packed size when packed)
     * @throws TransferFailedException when the transfer, the unpack or the verification fails (retryable)
     */
    UploadResult uploadIfChanged(LocalFile file, String expectedSha256, String remotePath);

    /** {@link #uploadIfChanged(LocalFile, String, String)} of a file with no packed form. */
    default UploadResult uploadIfChanged(Path localFile, String expectedSha256, String remotePath) {
        return uploadIfChanged(LocalFile.raw(localFile), expectedSha256, remotePath);
    }

    /**
     * Like {@link #uploadIfChanged} for generated content held in memory (kubeconfigs, CNI and kubelet
     * configuration): written only when the remote SHA-256 differs, through a temporary name and a rename.
     *
     * @param content the whole file content (small files only)
     * @param remotePath target Windows path; its directory must exist
     * @throws TransferFailedException when the transfer or its verification fails (retryable)
     */
    UploadResult writeIfChanged(byte[] content, String remotePath);

    /** Closes the connection. Idempotent; never throws. */
    @Override
    void close();
}
