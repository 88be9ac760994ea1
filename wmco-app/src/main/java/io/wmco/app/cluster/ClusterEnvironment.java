package io.wmco.app.cluster;

import static java.util.Objects.requireNonNull;

import io.wmco.app.config.OperatorSettings;
import io.wmco.app.payload.PayloadLoader;
import io.wmco.domain.cluster.ClusterSettings;
import io.wmco.domain.cluster.KubernetesVersionWindow;
import io.wmco.domain.cluster.NetworkFacts;
import io.wmco.domain.payload.PayloadManifest;
import io.wmco.domain.platform.Platform;
import io.wmco.domain.platform.PlatformProfile;
import io.wmco.domain.platform.PlatformProfiles;
import io.wmco.ports.cluster.ClusterInfo;
import io.wmco.ports.remote.LocalFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the operator learns about its cluster and itself once, at startup: the mode (OpenShift or plain
 * Kubernetes), the platform and its rules, the cluster network settings (or why they are unusable) and the
 * payload manifest. Immutable.
 *
 * @param mode {@code OpenShift} when OpenShift's network config API answered, else {@code Kubernetes}
 * @param platform the platform
 * @param profile the platform's rules
 * @param cluster the network settings when usable
 * @param problems why nodes cannot be configured (empty when {@code cluster} is present)
 * @param warnings things an administrator should know that do not stop the operator
 * @param payload the payload manifest
 * @param payloadFiles local path of each payload file by name
 * @param packedFiles local path of the packed form of each payload file that has one worth sending, by name
 */
public record ClusterEnvironment(
        String mode,
        Platform platform,
        PlatformProfile profile,
        Optional<ClusterSettings> cluster,
        List<String> problems,
        List<String> warnings,
        PayloadManifest payload,
        Map<String, Path> payloadFiles,
        Map<String, Path> packedFiles) {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterEnvironment.class);

    public ClusterEnvironment {
        requireNonNull(mode, "mode cannot be null");
        requireNonNull(platform, "platform cannot be null");
        requireNonNull(profile, "profile cannot be null");
        requireNonNull(cluster, "cluster cannot be null");
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
        requireNonNull(payload, "payload cannot be null");
        payloadFiles = Map.copyOf(payloadFiles);
        packedFiles = Map.copyOf(packedFiles);
    }

    /** An environment whose payload has no packed forms. */
    public ClusterEnvironment(
            String mode,
            Platform platform,
            PlatformProfile profile,
            Optional<ClusterSettings> cluster,
            List<String> problems,
            List<String> warnings,
            PayloadManifest payload,
            Map<String, Path> payloadFiles) {
        this(mode, platform, profile, cluster, problems, warnings, payload, payloadFiles, Map.of());
    }

    /**
     * A payload file to send, with its packed form when it has one.
     *
     * @throws IllegalArgumentException when the payload has no such file
     */
    public LocalFile payloadFile(String name) {
        Path raw = payloadFiles.get(name);
        if (raw == null) {
            throw new IllegalArgumentException("the payload has no file " + name);
        }
        return new LocalFile(raw, Optional.ofNullable(packedFiles.get(name)));
    }

    /**
     * The bytes a new node is sent: each payload file's packed form where it has one, else the file (what the
     * transfers put on the wire when no file is on the host yet).
     */
    public long bytesPerNewNode() {
        long total = 0;
        for (var e : payload.files().entrySet()) {
            Path packed = packedFiles.get(e.getKey());
            long size = e.getValue().size();
            if (packed != null) {
                try {
                    size = Files.size(packed);
                } catch (IOException ex) {
                    LOG.debug("cannot read the size of {}; counting the raw file", packed, ex);
                }
            }
            total += size;
        }
        return total;
    }

    /**
     * Reads the cluster and the payload directory.
     *
     * @throws IllegalStateException when the platform is unknown or payload files are missing: the operator cannot
     *     start; the message names what is missing and how to fix it
     */
    public static ClusterEnvironment discover(OperatorSettings settings, ClusterInfo info) {
        Optional<NetworkFacts> network = info.openshiftNetwork();
        Optional<String> openshiftPlatform = info.openshiftPlatform();
        String platformName = openshiftPlatform.orElse(settings.cluster().platform());
        Platform platform = Platform.parse(platformName)
                .orElseThrow(() -> new IllegalStateException("unknown platform \"" + platformName + "\""
                        + (openshiftPlatform.isPresent()
                                ? " in infrastructures.config.openshift.io/cluster"
                                : "; set --platform to one of none, aws, azure, gcp, vsphere, nutanix")));
        PlatformProfile profile = PlatformProfiles.of(platform);
        String version = info.serverVersion();

        ClusterSettings.Result result;
        String mode;
        if (network.isPresent()) {
            mode = "OpenShift";
            result = ClusterSettings.derive(
                    network.get(), platform, version, KubernetesVersionWindow.DEFAULT, settings.allowNewerKubernetes());
        } else {
            mode = "Kubernetes";
            OperatorSettings.ClusterFlags f = settings.cluster();
            result = ClusterSettings.forKubernetes(
                    f.serviceCidr(), f.clusterDns().orElse(null), f.vxlanPort().orElse(null), platform);
        }

        PayloadLoader.Payload payload = PayloadLoader.load(settings.payloadDir(), profile);
        PayloadManifest manifest = payload.manifest();
        Map<String, Path> paths = payload.paths();

        ClusterEnvironment env;
        if (result instanceof ClusterSettings.Valid v) {
            env = new ClusterEnvironment(
                    mode,
                    platform,
                    profile,
                    Optional.of(v.settings()),
                    List.of(),
                    v.warnings(),
                    manifest,
                    paths,
                    payload.packed());
        } else {
            ClusterSettings.Invalid inv = (ClusterSettings.Invalid) result;
            env = new ClusterEnvironment(
                    mode,
                    platform,
                    profile,
                    Optional.empty(),
                    inv.problems(),
                    List.of(),
                    manifest,
                    paths,
                    payload.packed());
        }
        LOG.info(
                "cluster: {} mode, platform {}, Kubernetes {}, {}",
                mode,
                platform.openshiftName(),
                version,
                env.cluster()
                        .map(c -> "service CIDR " + c.serviceCidr() + ", cluster DNS " + c.clusterDns()
                                + c.vxlanPort().map(p -> ", VXLAN port " + p).orElse(""))
                        .orElse("nodes will NOT be configured: " + String.join("; ", env.problems())));
        env.warnings().forEach(w -> LOG.warn("cluster: {}", w));
        return env;
    }
}
