package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The resource reservations, eviction thresholds and pod limit written into every Windows node's kubelet
 * configuration. {@link #DEFAULT} follows the reference operator: system reserved cpu 500m, memory 2Gi and
 * ephemeral storage 1Gi; hard eviction at 10 % free node file system and 15 % free image file system; at most 250 pods.
 * An administrator overrides single entries ({@link #withSystemReserved}, {@link #withEvictionHard},
 * {@link #withMaxPods}); an override replaces the entry of the same name and keeps the others. Immutable; maps
 * iterate in name order, so the rendered file is stable.
 *
 * @param systemReserved resource name ({@code cpu}, {@code memory}, {@code ephemeral-storage}) to quantity
 * @param evictionHard signal ({@code memory.available}, {@code nodefs.available}, {@code imagefs.available}) to a
 *     quantity or a percentage
 * @param maxPods the node's pod capacity
 */
public record KubeletSettings(
        SortedMap<String, String> systemReserved, SortedMap<String, String> evictionHard, int maxPods) {

    /** Resource names the kubelet of a Windows node can reserve. */
    public static final Set<String> RESERVABLE = Set.of("cpu", "memory", "ephemeral-storage");

    /** Hard eviction signals a Windows kubelet supports (no inodes, no PIDs on Windows). */
    public static final Set<String> EVICTION_SIGNALS =
            Set.of("memory.available", "nodefs.available", "imagefs.available");

    /** Bounds of {@link #maxPods}. */
    public static final int MIN_PODS = 1;

    public static final int MAX_PODS = 1000;

    /** A Kubernetes quantity without exponent: digits, an optional fraction, an optional suffix. */
    private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");

    private static final Pattern PERCENT = Pattern.compile("([0-9]{1,2}(\\.[0-9]+)?|100)%");

    /** The reference operator's values. */
    public static final KubeletSettings DEFAULT = new KubeletSettings(
            new TreeMap<>(Map.of("cpu", "500m", "memory", "2Gi", "ephemeral-storage", "1Gi")),
            new TreeMap<>(Map.of("nodefs.available", "10%", "imagefs.available", "15%")),
            250);

    public KubeletSettings {
        systemReserved = checked("system reserved", systemReserved, RESERVABLE, false);
        evictionHard = checked("hard eviction", evictionHard, EVICTION_SIGNALS, true);
        if (maxPods < MIN_PODS || maxPods > MAX_PODS) {
            throw new IllegalArgumentException(
                    "max pods must be between " + MIN_PODS + " and " + MAX_PODS + ", got " + maxPods);
        }
    }

    /**
     * These settings with the system reservations of {@code overrides} ({@code name=quantity,...}, e.g.
     * {@code memory=4Gi,cpu=1}) replacing those of the same name.
     *
     * @throws IllegalArgumentException naming the entry and what it accepts
     */
    public KubeletSettings withSystemReserved(String overrides) {
        SortedMap<String, String> merged = new TreeMap<>(systemReserved);
        merged.putAll(pairs("system reserved", overrides, RESERVABLE, false));
        return new KubeletSettings(merged, evictionHard, maxPods);
    }

    /**
     * These settings with the hard eviction thresholds of {@code overrides} ({@code signal=value,...}, e.g.
     * {@code nodefs.available=5%,memory.available=500Mi}) replacing those of the same signal.
     *
     * @throws IllegalArgumentException naming the entry and what it accepts
     */
    public KubeletSettings withEvictionHard(String overrides) {
        SortedMap<String, String> merged = new TreeMap<>(evictionHard);
        merged.putAll(pairs("hard eviction", overrides, EVICTION_SIGNALS, true));
        return new KubeletSettings(systemReserved, merged, maxPods);
    }

    /** These settings with another pod limit. */
    public KubeletSettings withMaxPods(int maxPods) {
        return new KubeletSettings(systemReserved, evictionHard, maxPods);
    }

    /** Parses {@code name=value,...}; a blank text is no entries. */
    private static SortedMap<String, String> pairs(
            String what, String text, Set<String> names, boolean percentAllowed) {
        requireNonNull(text, "text cannot be null");
        SortedMap<String, String> out = new TreeMap<>();
        if (text.isBlank()) {
            return out;
        }
        for (String item : text.split(",", -1)) {
            String entry = item.strip();
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        what + " entry '" + entry + "' must look like name=value, e.g. " + example(percentAllowed));
            }
            String name = entry.substring(0, eq).strip();
            if (out.containsKey(name)) {
                throw new IllegalArgumentException(what + " names " + name + " twice");
            }
            out.put(name, entry.substring(eq + 1).strip());
        }
        return checked(what, out, names, percentAllowed);
    }

    private static String example(boolean percentAllowed) {
        return percentAllowed ? "nodefs.available=10%,memory.available=500Mi" : "cpu=500m,memory=2Gi";
    }

    private static SortedMap<String, String> checked(
            String what, Map<String, String> entries, Set<String> names, boolean percentAllowed) {
        requireNonNull(entries, what + " cannot be null");
        List<String> problems = new ArrayList<>();
        entries.forEach((name, value) -> {
            if (!names.contains(name)) {
                problems.add(what + " does not know '" + name + "'; use "
                        + String.join(", ", names.stream().sorted().toList()));
            } else {
                problem(name, value, percentAllowed).ifPresent(p -> problems.add(what + " " + p));
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }

    private static Optional<String> problem(String name, String value, boolean percentAllowed) {
        if (value == null || value.isEmpty()) {
            return Optional.of(name + " has no value");
        }
        if (QUANTITY.matcher(value).matches()
                || (percentAllowed && PERCENT.matcher(value).matches())) {
            return Optional.empty();
        }
        return Optional.of(name + "=" + value + " is not "
                + (percentAllowed
                        ? "a quantity such as 500Mi or a percentage from 0% to 100%"
                        : "a quantity such as 500m, 2Gi or 1"));
    }
}
