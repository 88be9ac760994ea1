package io.wmco.domain.hostsettings;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What containerd finds for one source registry under its configuration path: the directory
 * {@code C:\k\containerd\registries\<name>\} holding {@code hosts.toml} and the CA certificates of the mirrors
 * ({@code <mirror directory name>.crt}).
 *
 * @param name the directory name: the registry host, with {@code :port} written {@code _port_} (a Windows path holds
 *     no colon; containerd looks the port up that way on Windows)
 * @param files file name to content, {@code hosts.toml} among them
 */
public record RegistryDirectory(String name, Map<String, String> files) {
    public static final String HOSTS_TOML = "hosts.toml";

    public RegistryDirectory {
        requireNonNull(name, "name cannot be null");
        files = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(files, "files cannot be null")));
        if (!files.containsKey(HOSTS_TOML)) {
            throw new IllegalArgumentException("a registry directory needs a " + HOSTS_TOML);
        }
    }
}
