package io.wmco.testkit.sim;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.remote.CommandKind;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One command the simulated host received.
 *
 * @param at when it arrived
 * @param kind the recognised kind, or null when the command was not part of the vocabulary
 * @param arguments the decoded arguments (empty when unknown)
 * @param wrapped whether it arrived wrapped for the other shell ({@code powershell.exe -EncodedCommand ...})
 * @param exitStatus the exit status the host answered with
 * @param wire the text received over SSH (for unknown commands: what to compare with the vocabulary)
 */
public record CommandLogEntry(
        Instant at, CommandKind kind, List<String> arguments, boolean wrapped, int exitStatus, String wire) {
    public CommandLogEntry {
        requireNonNull(at, "at cannot be null");
        arguments = List.copyOf(requireNonNull(arguments, "arguments cannot be null"));
        requireNonNull(wire, "wire cannot be null");
    }

    /** The kind, empty for a command outside the vocabulary. */
    public Optional<CommandKind> recognisedKind() {
        return Optional.ofNullable(kind);
    }
}
