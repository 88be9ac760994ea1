package io.wmco.domain.node;

import static java.util.Objects.requireNonNull;

/**
 * A node taint.
 *
 * @param key taint key, never blank
 * @param value taint value, possibly empty
 * @param effect {@code NoSchedule}, {@code PreferNoSchedule} or {@code NoExecute}
 */
public record Taint(String key, String value, String effect) {
    public Taint {
        requireNonNull(key, "key cannot be null");
        value = value == null ? "" : value;
        requireNonNull(effect, "effect cannot be null");
        if (key.isBlank()) {
            throw new IllegalArgumentException("taint key cannot be blank");
        }
    }

    /** The {@code os=Windows:NoSchedule} taint every Windows node registers with. */
    public static final Taint WINDOWS_NO_SCHEDULE = new Taint("os", "Windows", "NoSchedule");

    @Override
    public String toString() {
        return key + (value.isEmpty() ? "" : "=" + value) + ":" + effect;
    }
}
