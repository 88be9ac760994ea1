package io.wmco.domain.instance;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of parsing one entry of the {@code windows-instances} ConfigMap. Immutable and thread-safe.
 */
public sealed interface InstanceEntry {

    /** The ConfigMap data key the entry came from, as written. */
    String key();

    /**
     * A usable entry.
     *
     * @param key the data key as written
     * @param instance the instance it describes
     */
    record Valid(String key, WindowsInstance instance) implements InstanceEntry {
        public Valid {
            requireNonNull(key, "key cannot be null");
            requireNonNull(instance, "instance cannot be null");
        }
    }

    /**
     * An entry the operator ignores until it is fixed.
     *
     * @param key the data key as written
     * @param field what is wrong: {@link #FIELD_ADDRESS} (the key), {@link #FIELD_VALUE} (the value's form) or
     *     {@link #FIELD_USERNAME}
     * @param message a sentence naming the entry, the problem and the fix, fit for an event or a log line
     */
    record Invalid(String key, String field, String message) implements InstanceEntry {
        public static final String FIELD_ADDRESS = "address";
        public static final String FIELD_VALUE = "value";
        public static final String FIELD_USERNAME = "username";

        public Invalid {
            requireNonNull(key, "key cannot be null");
            requireNonNull(field, "field cannot be null");
            requireNonNull(message, "message cannot be null");
        }
    }
}
