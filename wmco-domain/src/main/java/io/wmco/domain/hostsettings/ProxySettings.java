package io.wmco.domain.hostsettings;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The cluster-wide proxy as Windows nodes get it: the values of {@code HTTP_PROXY}, {@code HTTPS_PROXY} and
 * {@code NO_PROXY}, set as machine-level environment variables (containerd and the kubelet read them at start).
 * An absent value means the variable is removed. Windows variable names are case-insensitive, so only the upper-case
 * names are set.
 *
 * <p>Values may carry credentials ({@code http://user:password@proxy:3128}): {@link #redacted} is the only form
 * that goes to logs, plans and events. Values with control characters (line breaks, NUL) are refused.
 */
public record ProxySettings(Optional<String> httpProxy, Optional<String> httpsProxy, Optional<String> noProxy) {
    public static final String HTTP_PROXY = "HTTP_PROXY";
    public static final String HTTPS_PROXY = "HTTPS_PROXY";
    public static final String NO_PROXY = "NO_PROXY";

    /** No proxy: every variable removed. */
    public static final ProxySettings NONE = new ProxySettings(Optional.empty(), Optional.empty(), Optional.empty());

    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/]*@");

    public ProxySettings {
        httpProxy = clean(requireNonNull(httpProxy, "httpProxy cannot be null"), HTTP_PROXY);
        httpsProxy = clean(requireNonNull(httpsProxy, "httpsProxy cannot be null"), HTTPS_PROXY);
        noProxy = clean(requireNonNull(noProxy, "noProxy cannot be null"), NO_PROXY);
    }

    /**
     * The proxy named by an environment (the operator's own: OLM sets {@code HTTP_PROXY}, {@code HTTPS_PROXY} and
     * {@code NO_PROXY} from the cluster's Proxy object; on plain Kubernetes the Deployment sets them). The
     * upper-case name wins over the lower-case one; blank values count as absent.
     *
     * @throws IllegalArgumentException naming the variable when a value holds a control character
     */
    public static ProxySettings fromEnvironment(Map<String, String> env) {
        requireNonNull(env, "env cannot be null");
        return new ProxySettings(read(env, HTTP_PROXY), read(env, HTTPS_PROXY), read(env, NO_PROXY));
    }

    private static Optional<String> read(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name))
                .filter(v -> !v.isBlank())
                .or(() -> Optional.ofNullable(env.get(name.toLowerCase(java.util.Locale.ROOT))));
    }

    /** Whether no variable is set. */
    public boolean isEmpty() {
        return httpProxy.isEmpty() && httpsProxy.isEmpty() && noProxy.isEmpty();
    }

    /** The three variables in a fixed order, each with its value or empty (to be removed). */
    public Map<String, Optional<String>> variables() {
        Map<String, Optional<String>> out = new LinkedHashMap<>();
        out.put(HTTP_PROXY, httpProxy);
        out.put(HTTPS_PROXY, httpsProxy);
        out.put(NO_PROXY, noProxy);
        return out;
    }

    /** A value with any {@code user:password@} part of a URL replaced by {@code ***@}, for logs and plans. */
    public static String redacted(String value) {
        requireNonNull(value, "value cannot be null");
        return USER_INFO.matcher(value).replaceAll("***@");
    }

    @Override
    public String toString() {
        return "ProxySettings[" + HTTP_PROXY + "="
                + httpProxy.map(ProxySettings::redacted).orElse("-") + ", "
                + HTTPS_PROXY + "=" + httpsProxy.map(ProxySettings::redacted).orElse("-") + ", " + NO_PROXY + "="
                + noProxy.orElse("-") + "]";
    }

    private static Optional<String> clean(Optional<String> value, String name) {
        Optional<String> v = value.map(String::strip).filter(s -> !s.isEmpty());
        v.ifPresent(s -> {
            for (int i = 0; i < s.length(); i++) {
                if (Character.isISOControl(s.charAt(i))) {
                    throw new IllegalArgumentException(name + " holds a control character (line break, tab or NUL)"
                            + " at position " + i + "; set it to a plain URL or list");
                }
            }
        });
        return v;
    }
}
