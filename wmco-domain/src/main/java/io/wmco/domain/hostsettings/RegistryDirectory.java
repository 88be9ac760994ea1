package io.wmco.domain.hostsettings;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What containerd finds for one source registry under its configuration path: the directory
 * {@code C:\k\containerd\registries\<name>\} holding {@code hosts.toml} and the CA certificates of the mirrors
 * ({@code <mirror directory name>.crt}).
 *
 * @param name the directory name: the registry host, with {@code :port} written {@code _port_} (a Windows path holds
 *     no colon; containerd looks the port up that way on Windows)
 * @param files file name to content, {@code hosts.toml} among them
 * @param sensitive the names of the files that carry credentials (a {@code hosts.toml} with a mirror's pull-secret
 *     {@code Authorization} header): never shown, not even their hash, in plans and logs
 */
public record RegistryDirectory(String name, Map<String, String> files, Set<String> sensitive) {
    public static final String HOSTS_TOML = "hosts.toml";

    public RegistryDirectory {
        requireNonNull(name, "name cannot be null");
        files = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(files, "files cannot be null")));
        sensitive = Collections.unmodifiableSet(new TreeSet<>(requireNonNull(sensitive, "sensitive cannot be null")));
        if (!files.containsKey(HOSTS_TOML)) {
            throw new IllegalArgumentException("a registry directory needs a " + HOSTS_TOML);
        }
        if (!files.keySet().containsAll(sensitive)) {
            throw new IllegalArgumentException("sensitive names a file the directory does not hold");
        }
    }

    /** A directory without credentials. */
    public RegistryDirectory(String name, Map<String, String> files) {
        this(name, files, Set.of());
    }

    /** Names the files only: contents may carry credentials. */
    @Override
    public String toString() {
        return "RegistryDirectory[" + name + ", files=" + files.keySet() + ", sensitive=" + sensitive + "]";
    }
}
