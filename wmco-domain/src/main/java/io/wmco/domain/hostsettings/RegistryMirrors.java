package io.wmco.domain.hostsettings;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders mirror rules ({@link MirrorRule}, from {@code ImageDigestMirrorSet} and {@code ImageTagMirrorSet}) as
 * containerd {@code hosts.toml} files, one directory per source registry host. Pure; thread-safe.
 *
 * <p>Per source host, in {@code hosts.toml}:
 * <ul>
 *   <li>{@code server}: the source itself ({@code https://host[:port]}), unless every rule for the host says
 *       {@code NeverContactSource}; then the first mirror is the server (containerd always tries the server last,
 *       so the source is never contacted);</li>
 *   <li>one {@code [host."https://mirror"]} table per mirror, in rule order (rules with a longer source path first),
 *       with {@code capabilities = ["pull"]} for digest mirrors and {@code ["pull", "resolve"]} for tag mirrors (a
 *       mirror named by both gets both); a mirror or source with a repository path gets
 *       {@code https://mirror/v2/<path>} with {@code override_path = true}, since containerd chooses mirrors per
 *       registry host, not per repository;</li>
 *   <li>{@code ca}: the mirror's CA file in the same directory when a CA is known for the mirror host;</li>
 *   <li>a {@code header} table with {@code Authorization = "Basic <token>"} when the pull secret holds credentials
 *       for the mirror's {@code host[:port]} (containerd adds a host's headers to every request it sends there); the
 *       directory then marks its {@code hosts.toml} {@link RegistryDirectory#sensitive}.</li>
 * </ul>
 * Bad entries (an unparsable source or mirror, a wildcard source, a rule without mirrors) are left out with a
 * problem naming the entry; the others are rendered.
 *
 * <p>Slightly over 300 lines, most of it this description and the rendering of one {@code hosts.toml}, whose server,
 * mirror, CA and header parts decide on the same per-host view of the rules.
 */
public final class RegistryMirrors {
    private RegistryMirrors() {}

    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern REFERENCE = Pattern.compile("(?<host>" + LABEL + "(?:\\." + LABEL
            + ")*)(?::(?<port>[0-9]{1,5}))?(?<path>(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)");

    /**
     * The rendered directories and what was left out.
     *
     * @param directories one per source host, sorted by name
     * @param problems one message per left-out entry, naming it and the fix
     */
    public record Rendered(List<RegistryDirectory> directories, List<String> problems) {
        public static final Rendered NONE = new Rendered(List.of(), List.of());

        public Rendered {
            directories = List.copyOf(requireNonNull(directories, "directories cannot be null"));
            problems = List.copyOf(requireNonNull(problems, "problems cannot be null"));
        }
    }

    /** A parsed {@code host[:port][/path]}. */
    record Reference(String host, Optional<Integer> port, String path) {
        /** {@code host} or {@code host:port}. */
        String authority() {
            return host + port.map(p -> ":" + p).orElse("");
        }

        /** The directory (or file) name on Windows: {@code host} or {@code host_port_}. */
        String directoryName() {
            return host + port.map(p -> "_" + p + "_").orElse("");
        }

        /** The key of the CA in the additional trusted CA ConfigMap: {@code host} or {@code host..port}. */
        String caKey() {
            return host + port.map(p -> ".." + p).orElse("");
        }

        String url() {
            return "https://" + authority() + (path.isEmpty() ? "" : "/v2" + path);
        }
    }

    /** Parses {@code host[:port][/path]}, or empty when it is not one. */
    static Optional<Reference> parse(String text) {
        Matcher m = REFERENCE.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        Optional<Integer> port = Optional.ofNullable(m.group("port")).map(Integer::parseInt);
        if (port.isPresent() && (port.get() < 1 || port.get() > 65535)) {
            return Optional.empty();
        }
        return Optional.of(new Reference(m.group("host").toLowerCase(java.util.Locale.ROOT), port, m.group("path")));
    }

    /**
     * Renders the rules.
     *
     * @param rules every mirror rule, in the order of their sets (sorted by name) and entries
     * @param mirrorCas PEM text by CA key ({@code host} or {@code host..port}, as OpenShift's
     *     {@code image.config.openshift.io/cluster} additional trusted CA ConfigMap has them)
     */
    public static Rendered render(List<MirrorRule> rules, Map<String, String> mirrorCas) {
        return render(rules, mirrorCas, PullSecretAuths.NONE);
    }

    /**
     * Renders the rules with the mirrors' credentials.
     *
     * @param rules every mirror rule, in the order of their sets (sorted by name) and entries
     * @param mirrorCas PEM text by CA key ({@code host} or {@code host..port})
     * @param auths the pull secret's credentials by registry authority; its problems are not repeated here
     */
    public static Rendered render(List<MirrorRule> rules, Map<String, String> mirrorCas, PullSecretAuths auths) {
        requireNonNull(rules, "rules cannot be null");
        requireNonNull(mirrorCas, "mirrorCas cannot be null");
        requireNonNull(auths, "auths cannot be null");
        List<String> problems = new ArrayList<>();
        record Checked(MirrorRule rule, Reference source, List<Reference> mirrors) {}
        Map<String, List<Checked>> byHost = new TreeMap<>();
        for (MirrorRule rule : rules) {
            if (rule.source().startsWith("*.")) {
                problems.add(rule.origin() + ": wildcard source " + rule.source() + " is not supported on Windows"
                        + " nodes (containerd needs one directory per registry); list each registry");
                continue;
            }
            Optional<Reference> source = parse(rule.source());
            if (source.isEmpty()) {
                problems.add(rule.origin() + ": source '" + shorten(rule.source()) + "' is not host[:port][/path];"
                        + " fix the entry");
                continue;
            }
            List<Reference> mirrors = new ArrayList<>();
            boolean bad = false;
            for (String mirror : rule.mirrors()) {
                Optional<Reference> r = parse(mirror);
                if (r.isEmpty()) {
                    problems.add(rule.origin() + ": mirror '" + shorten(mirror) + "' is not host[:port][/path];"
                            + " fix the entry");
                    bad = true;
                } else {
                    mirrors.add(r.get());
                }
            }
            if (bad) {
                continue;
            }
            if (mirrors.isEmpty()) {
                continue; // an entry without mirrors mirrors nothing (the API allows it for policy only)
            }
            byHost.computeIfAbsent(source.get().directoryName(), k -> new ArrayList<>())
                    .add(new Checked(rule, source.get(), mirrors));
        }
        List<RegistryDirectory> out = new ArrayList<>();
        for (Map.Entry<String, List<Checked>> e : byHost.entrySet()) {
            List<Checked> checked = new ArrayList<>(e.getValue());
            checked.sort(
                    Comparator.comparingInt((Checked c) -> -c.source().path().length()));
            Reference host = checked.get(0).source();
            boolean contactSource = checked.stream().anyMatch(c -> !c.rule().neverContactSource());
            Map<String, Set<String>> capabilities = new LinkedHashMap<>();
            Map<String, Reference> mirrorOf = new LinkedHashMap<>();
            for (Checked c : checked) {
                for (Reference m : c.mirrors()) {
                    // a repository-scoped source maps onto the mirror's path
                    Reference target = c.source().path().isEmpty() || !m.path().isEmpty()
                            ? m
                            : new Reference(m.host(), m.port(), c.source().path());
                    String url = target.url();
                    mirrorOf.putIfAbsent(url, target);
                    Set<String> caps = capabilities.computeIfAbsent(url, k -> new LinkedHashSet<>());
                    caps.add("pull");
                    if (c.rule().kind() == MirrorRule.Kind.TAG) {
                        caps.add("resolve");
                    }
                }
            }
            Map<String, String> files = new TreeMap<>();
            StringBuilder toml = new StringBuilder();
            toml.append("# Written by the Windows Machine Config Operator from the cluster's image mirror sets;")
                    .append(" changes here are overwritten.\n");
            List<String> urls = new ArrayList<>(capabilities.keySet());
            boolean withAuth = false;
            if (contactSource) {
                toml.append("server = \"https://").append(host.authority()).append("\"\n");
            } else {
                String first = urls.remove(0);
                toml.append("server = \"").append(first).append("\"\n");
                appendCa(toml, files, e.getKey(), mirrorOf.get(first), mirrorCas, problems, "");
                withAuth |= appendAuth(toml, "[header]", mirrorOf.get(first), auths, "");
            }
            for (String url : urls) {
                Reference m = mirrorOf.get(url);
                toml.append('\n').append("[host.\"").append(url).append("\"]\n");
                toml.append("  capabilities = [")
                        .append(String.join(
                                ", ",
                                capabilities.get(url).stream()
                                        .map(c -> "\"" + c + "\"")
                                        .toList()))
                        .append("]\n");
                if (!m.path().isEmpty()) {
                    toml.append("  override_path = true\n");
                }
                appendCa(toml, files, e.getKey(), m, mirrorCas, problems, "  ");
                withAuth |= appendAuth(toml, "[host.\"" + url + "\".header]", m, auths, "  ");
            }
            files.put(RegistryDirectory.HOSTS_TOML, toml.toString());
            out.add(new RegistryDirectory(
                    e.getKey(), files, withAuth ? Set.of(RegistryDirectory.HOSTS_TOML) : Set.of()));
        }
        return new Rendered(out, problems);
    }

    private static void appendCa(
            StringBuilder toml,
            Map<String, String> files,
            String directory,
            Reference mirror,
            Map<String, String> mirrorCas,
            List<String> problems,
            String indent) {
        String pem = mirrorCas.get(mirror.caKey());
        if (pem == null) {
            return;
        }
        TrustedCertificate.Bundle bundle = TrustedCertificate.parseBundle(pem, "the CA of mirror " + mirror.caKey());
        problems.addAll(bundle.problems());
        if (bundle.certificates().isEmpty()) {
            return;
        }
        String file = mirror.directoryName() + ".crt";
        StringBuilder all = new StringBuilder();
        bundle.certificates().forEach(c -> all.append(c.pem()));
        files.put(file, all.toString());
        // a TOML literal string: no escapes, and the path holds no quote
        toml.append(indent)
                .append("ca = '")
                .append(REGISTRIES_DIR)
                .append(directory)
                .append('\\')
                .append(file)
                .append("'\n");
    }

    /**
     * Appends the header table carrying the mirror's credentials, when the pull secret has some for its authority.
     * The token is base64 (checked by {@link PullSecretAuths}), so it needs no escaping in a TOML basic string.
     */
    private static boolean appendAuth(
            StringBuilder toml, String table, Reference mirror, PullSecretAuths auths, String indent) {
        String token = auths.byAuthority().get(mirror.authority());
        if (token == null) {
            return false;
        }
        toml.append(indent).append(table).append('\n');
        toml.append(indent).append("  Authorization = \"Basic ").append(token).append("\"\n");
        return true;
    }

    /**
     * The mirror CAs from both sources, by CA key: OpenShift's {@code image.config.openshift.io/cluster}
     * {@code additionalTrustedCA} ConfigMap and the operator's own {@code wmco-registry-cas}. When both name a host,
     * the image config's CA wins (it is what the cluster's Linux nodes trust for that registry, so Windows nodes
     * agree with them) and the shadowed key is reported.
     *
     * @param imageConfigCas PEM by CA key from the image config's ConfigMap (empty where there is none)
     * @param imageConfigOrigin that ConfigMap, for messages
     * @param registryCas PEM by CA key from {@code wmco-registry-cas}
     * @param registryCasOrigin that ConfigMap, for messages
     */
    public static MergedCas mergeCas(
            Map<String, String> imageConfigCas,
            String imageConfigOrigin,
            Map<String, String> registryCas,
            String registryCasOrigin) {
        requireNonNull(imageConfigCas, "imageConfigCas cannot be null");
        requireNonNull(imageConfigOrigin, "imageConfigOrigin cannot be null");
        requireNonNull(registryCas, "registryCas cannot be null");
        requireNonNull(registryCasOrigin, "registryCasOrigin cannot be null");
        Map<String, String> merged = new TreeMap<>(registryCas);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(imageConfigCas).entrySet()) {
            if (merged.containsKey(e.getKey())) {
                problems.add(registryCasOrigin + " key " + shorten(e.getKey()) + " is not used: " + imageConfigOrigin
                        + " has a CA for the same registry, which wins; remove one of them");
            }
            merged.put(e.getKey(), e.getValue());
        }
        return new MergedCas(merged, problems);
    }

    /**
     * Mirror CAs from both sources ({@link #mergeCas}).
     *
     * @param cas PEM by CA key
     * @param problems keys of {@code wmco-registry-cas} shadowed by the image config
     */
    public record MergedCas(Map<String, String> cas, List<String> problems) {
        public MergedCas {
            cas = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(cas, "cas cannot be null")));
            problems = List.copyOf(requireNonNull(problems, "problems cannot be null"));
        }
    }

    /** containerd's {@code config_path} on Windows nodes, with a trailing backslash. */
    public static final String REGISTRIES_DIR = "C:\\k\\containerd\\registries\\";

    private static String shorten(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }
}
