package io.wmco.ports.remote;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A local file to send to a host, with its packed form when one is worth sending (a gzip-compressed tar holding only
 * this file under its own name, made when the payload was built; see {@link io.wmco.domain.payload.PackedForms}).
 *
 * @param raw the file itself, whose SHA-256 the remote file must end up with
 * @param packed the packed form, sent instead of {@code raw} when the host can unpack it
 */
public record LocalFile(Path raw, Optional<Path> packed) {
    public LocalFile {
        requireNonNull(raw, "raw cannot be null");
        requireNonNull(packed, "packed cannot be null");
    }

    /** A file with no packed form: always sent as it is. */
    public static LocalFile raw(Path raw) {
        return new LocalFile(raw, Optional.empty());
    }
}
