package io.wmco.domain.fleet;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The work-queue key of one Windows instance: {@code byoh/<entry key as written>} for an entry of the
 * {@code windows-instances} ConfigMap (e.g. {@code byoh/10.0.0.5}, {@code byoh/win1.example.com}) and
 * {@code machine/<name>} for a Windows Machine.
 *
 * <p>A key is the host's identity for its whole life, so that no host is ever acted on under two keys at once: the
 * entry's key before the host has a node, while it is configured, and after its entry is gone, when its node is
 * removed under the same key. To make that last part hold, a node records its key when it is configured
 * ({@link io.wmco.domain.node.MetadataKeys#INSTANCE_KEY_ANNOTATION}); {@link InstanceOwnership#owner} falls back to
 * matching by address or reverse-DNS name for nodes configured before that annotation existed. Immutable.
 *
 * @param kind where the instance comes from
 * @param name the entry key or the Machine name; never blank, never holds {@code /}
 */
public record InstanceKey(Kind kind, String name) implements Comparable<InstanceKey> {

    /** Where an instance comes from, and the prefix of its key. */
    public enum Kind {
        BYOH("byoh"),
        MACHINE("machine");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    public InstanceKey {
        requireNonNull(kind, "kind cannot be null");
        requireNonNull(name, "name cannot be null");
        if (name.isBlank() || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException(
                    "an instance key name is a ConfigMap key or a Machine name, without" + " '/'; got '" + name + "'");
        }
    }

    /** The key of a {@code windows-instances} entry, as its data key is written. */
    public static InstanceKey byoh(String entryKey) {
        return new InstanceKey(Kind.BYOH, entryKey);
    }

    /** The key of a Windows Machine. */
    public static InstanceKey machine(String machineName) {
        return new InstanceKey(Kind.MACHINE, machineName);
    }

    /** The key written as {@link #value()}, or empty when the text is not one. */
    public static Optional<InstanceKey> parse(String value) {
        requireNonNull(value, "value cannot be null");
        int slash = value.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String prefix = value.substring(0, slash);
        String name = value.substring(slash + 1);
        if (name.isBlank() || name.indexOf('/') >= 0) {
            return Optional.empty();
        }
        for (Kind k : Kind.values()) {
            if (k.prefix.equals(prefix)) {
                return Optional.of(new InstanceKey(k, name));
            }
        }
        return Optional.empty();
    }

    /** The key as the work queue and the node annotation hold it, e.g. {@code byoh/10.0.0.5}. */
    public String value() {
        return kind.prefix + "/" + name;
    }

    /** The instance as administrators read it in events and logs, e.g. {@code instance 10.0.0.5}. */
    public String describe() {
        return (kind == Kind.BYOH ? "instance " : "Machine ") + name;
    }

    public boolean isByoh() {
        return kind == Kind.BYOH;
    }

    @Override
    public int compareTo(InstanceKey o) {
        return value().compareTo(o.value());
    }

    @Override
    public String toString() {
        return value();
    }
}
