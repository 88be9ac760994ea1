package io.wmco.domain.payload;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the operator's payload directory holds: file name to hash and size. The adapter that reads the directory
 * computes it once at startup; the domain only compares names and hashes. Immutable; iteration is in file-name
 * order.
 *
 * @param files file name (no directory part) to its identity
 */
public record PayloadManifest(SortedMap<String, PayloadFile> files) {

    public PayloadManifest {
        requireNonNull(files, "files cannot be null");
        TreeMap<String, PayloadFile> copy = new TreeMap<>();
        for (Map.Entry<String, PayloadFile> e : files.entrySet()) {
            String name = requireNonNull(e.getKey(), "file name cannot be null");
            if (name.isBlank() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
                throw new IllegalArgumentException("payload file name '" + name + "' must be a plain file name");
            }
            copy.put(name, requireNonNull(e.getValue(), "payload file " + name + " cannot be null"));
        }
        files = Collections.unmodifiableSortedMap(copy);
    }

    /** A manifest of the given files. */
    public static PayloadManifest of(Map<String, PayloadFile> files) {
        return new PayloadManifest(new TreeMap<>(requireNonNull(files, "files cannot be null")));
    }

    /** The identity of a file, or empty when the payload lacks it. */
    public Optional<PayloadFile> get(String name) {
        return Optional.ofNullable(files.get(name));
    }

    /** Every name of {@code required} the payload lacks, in the order given. */
    public List<String> missing(Collection<String> required) {
        requireNonNull(required, "required cannot be null");
        List<String> missing = new ArrayList<>();
        for (String name : required) {
            if (!files.containsKey(name) && !missing.contains(name)) {
                missing.add(name);
            }
        }
        return List.copyOf(missing);
    }
}
