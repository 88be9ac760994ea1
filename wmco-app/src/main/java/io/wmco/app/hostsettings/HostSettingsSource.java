package io.wmco.app.hostsettings;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.event.EventReason;
import io.wmco.domain.hostsettings.HostSettings;
import io.wmco.domain.hostsettings.MirrorRule;
import io.wmco.domain.hostsettings.ProxySettings;
import io.wmco.domain.hostsettings.PullSecretAuths;
import io.wmco.domain.hostsettings.RegistryDirectory;
import io.wmco.domain.hostsettings.RegistryMirrors;
import io.wmco.domain.hostsettings.TrustedCertificate;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.ports.cluster.ConfigMapSource;
import io.wmco.ports.cluster.EventRecorder;
import io.wmco.ports.cluster.MirrorSetSource;
import io.wmco.ports.cluster.ObjectRef;
import io.wmco.ports.cluster.RegistryAccessSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host-wide settings every Windows node should have, read from the caches on each call (parsed and rendered
 * again only when those inputs changed):
 * <ul>
 *   <li>proxy: the operator's settings ({@code --http-proxy}, {@code --https-proxy}, {@code --no-proxy}, defaulting
 *       to its own {@code HTTP_PROXY}, {@code HTTPS_PROXY}, {@code NO_PROXY}); a change restarts the operator (OLM or
 *       the Deployment rolls the pod), and the new process finds the nodes' recorded hash stale;</li>
 *   <li>trusted CAs: the {@code ca-bundle.crt} key of the ConfigMap {@link MetadataKeys#TRUSTED_CA_CONFIGMAP} in the
 *       operator namespace (watched: a change wakes every key);</li>
 *   <li>registry mirrors: every {@code ImageDigestMirrorSet} and {@code ImageTagMirrorSet} (watched where served),
 *       with mirror CAs from the ConfigMap {@link MetadataKeys#REGISTRY_CAS_CONFIGMAP} of the operator namespace and,
 *       on OpenShift, from the ConfigMap {@code image.config.openshift.io/cluster} names in
 *       {@code spec.additionalTrustedCA} (keys {@code host} or {@code host..port}; the image config's wins for a host
 *       both name), and the mirrors' credentials from the mirror pull secret ({@link RegistryAccessSource}).</li>
 * </ul>
 * A certificate or mirror entry that cannot be used is left out, the others still apply, and the problem is reported
 * once per change as a warning event on its ConfigMap, mirror set or Secret (never with a credential). Thread-safe.
 */
public final class HostSettingsSource implements Supplier<HostSettings> {
    private static final Logger LOG = LoggerFactory.getLogger(HostSettingsSource.class);

    private final String namespace;
    private final ConfigMapSource configMaps;
    private final ProxySettings proxy;
    private final EventRecorder events;
    private final MirrorSetSource mirrorSets;
    private final RegistryAccessSource registryAccess;
    private final AtomicReference<List<String>> reported = new AtomicReference<>(List.of());
    private final AtomicReference<List<String>> reportedMirrors = new AtomicReference<>(List.of());
    /** The last CA bundle and mirror inputs with what was made of them: every reconcile asks, inputs rarely change. */
    private final AtomicReference<Made<Optional<String>, List<TrustedCertificate>>> lastCas = new AtomicReference<>();

    private final AtomicReference<Made<MirrorInputs, List<RegistryDirectory>>> lastMirrors = new AtomicReference<>();

    private record Made<I, O>(I input, O output) {}

    private record MirrorInputs(
            List<MirrorRule> rules,
            Map<String, String> cas,
            Optional<RegistryAccessSource.ImageConfigCas> imageConfigCas,
            PullSecretAuths auths) {}

    public HostSettingsSource(
            String namespace,
            ConfigMapSource configMaps,
            MirrorSetSource mirrorSets,
            RegistryAccessSource registryAccess,
            ProxySettings proxy,
            EventRecorder events) {
        this.namespace = requireNonNull(namespace, "namespace cannot be null");
        this.configMaps = requireNonNull(configMaps, "configMaps cannot be null");
        this.mirrorSets = requireNonNull(mirrorSets, "mirrorSets cannot be null");
        this.registryAccess = requireNonNull(registryAccess, "registryAccess cannot be null");
        this.proxy = requireNonNull(proxy, "proxy cannot be null");
        this.events = requireNonNull(events, "events cannot be null");
    }

    @Override
    public HostSettings get() {
        return new HostSettings(proxy, trustedCas(), registries());
    }

    /** Whether a ConfigMap of the operator namespace is one of the inputs. */
    public static boolean isInput(String configMapName) {
        return MetadataKeys.TRUSTED_CA_CONFIGMAP.equals(configMapName)
                || MetadataKeys.REGISTRY_CAS_CONFIGMAP.equals(configMapName);
    }

    private List<RegistryDirectory> registries() {
        MirrorInputs in = new MirrorInputs(
                mirrorSets.rules(),
                configMaps.data(namespace, MetadataKeys.REGISTRY_CAS_CONFIGMAP).orElse(Map.of()),
                registryAccess.imageConfigCas(),
                registryAccess.pullSecretAuths());
        Made<MirrorInputs, List<RegistryDirectory>> last = lastMirrors.get();
        if (last != null && last.input().equals(in)) {
            return last.output();
        }
        List<RegistryDirectory> made = render(in);
        lastMirrors.set(new Made<>(in, made));
        return made;
    }

    private List<RegistryDirectory> render(MirrorInputs in) {
        RegistryMirrors.MergedCas cas = RegistryMirrors.mergeCas(
                in.imageConfigCas()
                        .map(RegistryAccessSource.ImageConfigCas::cas)
                        .orElse(Map.of()),
                in.imageConfigCas()
                        .map(RegistryAccessSource.ImageConfigCas::origin)
                        .orElse(""),
                in.cas(),
                "ConfigMap " + namespace + "/" + MetadataKeys.REGISTRY_CAS_CONFIGMAP);
        RegistryMirrors.Rendered rendered = RegistryMirrors.render(in.rules(), cas.cas(), in.auths());
        List<String> problems = new ArrayList<>(cas.problems());
        problems.addAll(in.auths().problems());
        problems.addAll(rendered.problems());
        List<String> before = reportedMirrors.getAndSet(List.copyOf(problems));
        if (!problems.equals(before)) {
            for (String problem : problems) {
                LOG.warn("{}", problem);
                events.record(regarding(in, problem), EventReason.INVALID_HOST_SETTINGS, problem);
            }
        }
        return rendered.directories();
    }

    /**
     * The mirror set a problem names (its message starts with the entry's origin), the pull secret for its own
     * problems, else the CA ConfigMap.
     */
    private ObjectRef regarding(MirrorInputs in, String problem) {
        if (in.auths().problems().contains(problem)) {
            return registryAccess
                    .pullSecretRef()
                    .orElse(ObjectRef.configMap(namespace, MetadataKeys.REGISTRY_CAS_CONFIGMAP));
        }
        for (MirrorRule r : in.rules()) {
            if (problem.startsWith(r.origin() + ":")) {
                return new ObjectRef("config.openshift.io/v1", r.kind().resourceKind(), "", r.setName(), "");
            }
        }
        return ObjectRef.configMap(namespace, MetadataKeys.REGISTRY_CAS_CONFIGMAP);
    }

    private List<TrustedCertificate> trustedCas() {
        Optional<String> bundle = configMaps
                .data(namespace, MetadataKeys.TRUSTED_CA_CONFIGMAP)
                .map(d -> d.getOrDefault(MetadataKeys.TRUSTED_CA_KEY, ""));
        Made<Optional<String>, List<TrustedCertificate>> last = lastCas.get();
        if (last != null && last.input().equals(bundle)) {
            return last.output();
        }
        List<TrustedCertificate> made = parse(bundle);
        lastCas.set(new Made<>(bundle, made));
        return made;
    }

    private List<TrustedCertificate> parse(Optional<String> bundle) {
        TrustedCertificate.Bundle parsed = bundle.map(b -> TrustedCertificate.parseBundle(
                        b,
                        "ConfigMap " + namespace + "/" + MetadataKeys.TRUSTED_CA_CONFIGMAP + " key "
                                + MetadataKeys.TRUSTED_CA_KEY))
                .orElse(TrustedCertificate.Bundle.EMPTY);
        report(parsed.problems());
        return parsed.certificates();
    }

    private void report(List<String> problems) {
        List<String> before = reported.getAndSet(problems);
        if (problems.isEmpty() || problems.equals(before)) {
            return;
        }
        String message = String.join("; ", problems) + "; the other certificates are still given to Windows nodes";
        LOG.warn("{}", message);
        events.record(
                ObjectRef.configMap(namespace, MetadataKeys.TRUSTED_CA_CONFIGMAP),
                EventReason.INVALID_HOST_SETTINGS,
                message);
    }
}
