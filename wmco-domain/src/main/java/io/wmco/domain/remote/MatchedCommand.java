package io.wmco.domain.remote;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A script recognised as one of the {@link CommandKind}s, with its arguments decoded to their exact values.
 *
 * @param kind which command it is
 * @param arguments the decoded values, in the order of {@link CommandKind#parameterNames()}
 */
public record MatchedCommand(CommandKind kind, List<String> arguments) {
    public MatchedCommand {
        requireNonNull(kind, "kind cannot be null");
        arguments = List.copyOf(requireNonNull(arguments, "arguments cannot be null"));
        if (arguments.size() != kind.parameterNames().size()) {
            throw new IllegalArgumentException(
                    kind + " takes " + kind.parameterNames().size() + " arguments");
        }
    }

    /** The argument at a position. */
    public String argument(int index) {
        return arguments.get(index);
    }
}
