package io.wmco.domain.event;

import static java.util.Objects.requireNonNull;

/**
 * What an administrator is told about one subject (an entry, a node, a Machine): the reason and a message that
 * names the subject, the problem and the fix. Two notices are equal when the same problem repeats, which is what
 * lets the event recorder count repeats. Immutable.
 *
 * @param reason the kind of problem or outcome
 * @param message one sentence or two, never a secret or a plain user name, and nothing that changes between
 *     repeats of the same problem (attempt numbers, delays, timestamps)
 */
public record Notice(EventReason reason, String message) {
    public Notice {
        requireNonNull(reason, "reason cannot be null");
        requireNonNull(message, "message cannot be null");
        if (message.isBlank()) {
            throw new IllegalArgumentException("message cannot be blank; say what is wrong and how to fix it");
        }
    }
}
