package io.wmco.domain.instance;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Parses the data of the {@code windows-instances} ConfigMap.
 *
 * <p>Each data key is an instance address ({@link InstanceAddress}); each value must be {@code username=<user>},
 * split on the first {@code =}. Surrounding whitespace of the value (e.g. a trailing line break from a YAML
 * block scalar) is ignored; nothing else is. Every entry yields exactly one {@link InstanceEntry}, valid or
 * invalid, so that one bad entry never hides the others. Results are sorted by key ({@link String#compareTo}).
 *
 * <p>Two keys naming the same address (DNS names differing in case or a trailing dot) are duplicates: the first
 * in key order is used, every later one is reported invalid and names the one in use.
 *
 * <p>Thread-safe; no state.
 */
public final class InstancesConfigMap {
    private InstancesConfigMap() {}

    /** The only key the value may carry. */
    public static final String USERNAME_PREFIX = "username=";

    private static final int MAX_ECHO = 64;

    /** Parses every entry of the ConfigMap's data; never throws for bad entries. */
    public static List<InstanceEntry> parse(Map<String, String> data) {
        requireNonNull(data, "data cannot be null");
        List<InstanceEntry> results = new ArrayList<>(data.size());
        Map<InstanceAddress, String> seen = new HashMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(data).entrySet()) {
            InstanceEntry entry = parseEntry(e.getKey(), e.getValue());
            if (entry instanceof InstanceEntry.Valid valid) {
                String first = seen.putIfAbsent(valid.instance().address(), valid.key());
                if (first != null) {
                    entry = new InstanceEntry.Invalid(
                            valid.key(),
                            InstanceEntry.Invalid.FIELD_ADDRESS,
                            prefix(valid.key()) + "address is the same as entry \"" + echo(first)
                                    + "\" (DNS names ignore case and a trailing dot); remove one of the two entries");
                }
            }
            results.add(entry);
        }
        return List.copyOf(results);
    }

    /** The valid instances of {@link #parse}'s result, in the same order. */
    public static List<WindowsInstance> validInstances(List<InstanceEntry> entries) {
        requireNonNull(entries, "entries cannot be null");
        return entries.stream()
                .filter(InstanceEntry.Valid.class::isInstance)
                .map(e -> ((InstanceEntry.Valid) e).instance())
                .toList();
    }

    private static InstanceEntry parseEntry(String key, String rawValue) {
        requireNonNull(key, "a ConfigMap key cannot be null");
        Optional<String> addressProblem = InstanceAddress.problem(key);
        if (addressProblem.isPresent()) {
            return new InstanceEntry.Invalid(
                    key, InstanceEntry.Invalid.FIELD_ADDRESS, prefix(key) + "key " + addressProblem.get());
        }
        String value = rawValue == null ? "" : rawValue.strip();
        int eq = value.indexOf('=');
        if (eq < 0 || !value.substring(0, eq).equals("username")) {
            return new InstanceEntry.Invalid(
                    key,
                    InstanceEntry.Invalid.FIELD_VALUE,
                    prefix(key) + "value must be \"username=<user>\", got " + describeValue(value)
                            + "; write it as username=<user>");
        }
        String user = value.substring(eq + 1);
        Optional<String> userProblem = Username.problem(user);
        if (userProblem.isPresent()) {
            return new InstanceEntry.Invalid(
                    key, InstanceEntry.Invalid.FIELD_USERNAME, prefix(key) + "username " + userProblem.get());
        }
        WindowsInstance instance =
                new WindowsInstance(InstanceAddress.parse(key), new Username(user), InstanceSource.byoh());
        return new InstanceEntry.Valid(key, instance);
    }

    /**
     * What a malformed value looks like without showing it: it may be a bare user name (the prefix forgotten), and
     * user names stay out of events and logs. Only the part before the first {@code =} is shown.
     */
    private static String describeValue(String value) {
        if (value.isEmpty()) {
            return "an empty value";
        }
        int eq = value.indexOf('=');
        if (eq < 0) {
            return "a value of " + value.length() + " characters without '=' (not shown: it may be a user name)";
        }
        return "\"" + echo(value.substring(0, eq)) + "=...\"";
    }

    private static String prefix(String key) {
        return "entry \"" + echo(key) + "\": ";
    }

    /** Shows a value in a message: control characters escaped, long values cut. */
    private static String echo(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < MAX_ECHO; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        if (sb.length() >= MAX_ECHO && s.length() > MAX_ECHO) {
            sb.append("...(").append(s.length()).append(" characters)");
        }
        return sb.toString();
    }
}
