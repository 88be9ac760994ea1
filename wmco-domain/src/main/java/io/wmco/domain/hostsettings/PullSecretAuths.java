package io.wmco.domain.hostsettings;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The registry credentials of a pull secret ({@code .dockerconfigjson}, {@code auths} by registry) in the form a
 * containerd {@code hosts.toml} sends them to a mirror: the base64 {@code user:password} of an HTTP basic
 * {@code Authorization} header, by registry authority ({@code host} or {@code host:port}). Pure; thread-safe.
 *
 * <p>Never holds or reports a value in clear: {@link #toString()} names the registries only, and every problem names
 * the entry and what is wrong with it, never its content.
 *
 * @param byAuthority base64 {@code user:password} by lower-case {@code host} or {@code host:port}
 * @param problems one message per entry left out
 */
public record PullSecretAuths(Map<String, String> byAuthority, List<String> problems) {
    /** No credentials. */
    public static final PullSecretAuths NONE = new PullSecretAuths(Map.of(), List.of());

    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
    private static final Pattern AUTHORITY = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?");

    public PullSecretAuths {
        byAuthority =
                Collections.unmodifiableMap(new TreeMap<>(requireNonNull(byAuthority, "byAuthority cannot be null")));
        problems = List.copyOf(requireNonNull(problems, "problems cannot be null"));
    }

    /**
     * One {@code auths} entry as written: {@code auth} (base64 {@code user:password}) or {@code username} and
     * {@code password}; absent fields are empty strings. {@link #toString()} hides the values.
     */
    public record Entry(String auth, String username, String password) {
        public Entry {
            requireNonNull(auth, "auth cannot be null");
            requireNonNull(username, "username cannot be null");
            requireNonNull(password, "password cannot be null");
        }

        @Override
        public String toString() {
            return "Entry[redacted]";
        }
    }

    /**
     * Reads the entries of a pull secret. Keys may carry a scheme ({@code https://host}) or docker.io's legacy
     * {@code /v1/} suffix; keys naming a repository ({@code host/path}) are left out without a problem, since
     * containerd sends headers per host and kubelets still use those keys themselves. An entry without usable
     * credentials is left out with a problem; the first of two keys for the same registry (in key order) wins.
     *
     * @param origin where the entries come from, for messages (e.g. {@code Secret openshift-config/pull-secret})
     */
    public static PullSecretAuths from(String origin, Map<String, Entry> auths) {
        requireNonNull(origin, "origin cannot be null");
        requireNonNull(auths, "auths cannot be null");
        Map<String, String> out = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Entry> e : new TreeMap<>(auths).entrySet()) {
            String key = e.getKey().strip().toLowerCase(Locale.ROOT).replaceFirst("^https?://", "");
            key = key.replaceFirst("/(v1|v2)/?$", "").replaceFirst("/$", "");
            if (key.contains("/")) {
                continue;
            }
            String shown = shorten(e.getKey());
            if (!AUTHORITY.matcher(key).matches()) {
                problems.add(origin + ": registry key '" + shown + "' is not host[:port]; entry left out");
                continue;
            }
            String token = token(e.getValue());
            if (token == null) {
                problems.add(origin + ": the entry for " + shown + " has no usable credentials (auth must be base64"
                        + " of user:password, or username and password must both be set, the user without ':');"
                        + " entry left out");
                continue;
            }
            out.putIfAbsent(key, token);
        }
        return new PullSecretAuths(out, problems);
    }

    /** The basic token of an entry, or null when it has none that can be sent. */
    private static String token(Entry entry) {
        if (!entry.auth().isEmpty()) {
            String auth = entry.auth().strip();
            if (!BASE64.matcher(auth).matches()) {
                return null;
            }
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(auth);
            } catch (IllegalArgumentException e) {
                return null;
            }
            String text = new String(decoded, StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            return colon > 0 && !hasControl(text) ? auth : null;
        }
        if (entry.username().isEmpty()
                || entry.password().isEmpty()
                || entry.username().contains(":")
                || hasControl(entry.username())
                || hasControl(entry.password())) {
            return null;
        }
        return Base64.getEncoder()
                .encodeToString((entry.username() + ":" + entry.password()).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static String shorten(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 100 ? clean : clean.substring(0, 100) + "...";
    }

    /** Names the registries only. */
    @Override
    public String toString() {
        return "PullSecretAuths[registries=" + byAuthority.keySet() + ", problems=" + problems + "]";
    }
}
