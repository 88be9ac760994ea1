package io.wmco.app;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.kubernetes.client.openapi.ApiClient;
import io.wmco.adapter.k8s.ClusterOptions;
import io.wmco.adapter.k8s.KubernetesCluster;
import io.wmco.adapter.ssh.InMemoryHostKeyStore;
import io.wmco.adapter.ssh.MinaKeyPairReader;
import io.wmco.adapter.ssh.MinaSshConnector;
import io.wmco.adapter.ssh.SshSettings;
import io.wmco.app.access.KeyMaterial;
import io.wmco.app.access.UserDataController;
import io.wmco.app.bootstrap.BootstrapCredentialsSource;
import io.wmco.app.bootstrap.BootstrapTokens;
import io.wmco.app.cluster.ClusterEnvironment;
import io.wmco.app.config.OperatorSettings;
import io.wmco.app.csr.CsrController;
import io.wmco.app.fleet.AddressResolver;
import io.wmco.app.fleet.DnsAddressResolver;
import io.wmco.app.fleet.InstanceLoop;
import io.wmco.app.fleet.ReportedHostnames;
import io.wmco.app.hostsettings.HostSettingsSource;
import io.wmco.app.http.TlsProfileWatch;
import io.wmco.app.loop.StopSignal;
import io.wmco.app.metrics.OperatorMetrics;
import io.wmco.app.monitoring.MetricsEndpointsController;
import io.wmco.domain.csr.BootstrapRequesters;
import io.wmco.domain.plan.PlanTimeouts;
import io.wmco.ports.remote.HostKeyStore;
import io.wmco.ports.remote.KeyPairReader;
import io.wmco.ports.remote.RemoteHostConnector;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * The composition root: binds every port to its adapter and builds the control loops from the settings. Tests and
 * embedders replace single bindings with {@code Modules.override} (e.g. the address resolver, the SSH settings,
 * the plan timeouts).
 */
public final class OperatorModule extends AbstractModule {
    private final OperatorSettings settings;
    private final ApiClient client;

    public OperatorModule(OperatorSettings settings, ApiClient client) {
        this.settings = requireNonNull(settings, "settings cannot be null");
        this.client = requireNonNull(client, "client cannot be null");
    }

    @Override
    protected void configure() {
        bind(OperatorSettings.class).toInstance(settings);
        bind(ApiClient.class).toInstance(client);
        bind(OperatorMetrics.class).in(Singleton.class);
        bind(StopSignal.class).in(Singleton.class);
        bind(ReportedHostnames.class).in(Singleton.class);
        bind(HostKeyStore.class).to(InMemoryHostKeyStore.class).in(Singleton.class);
        bind(KeyPairReader.class).to(MinaKeyPairReader.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Provides
    @Singleton
    SshSettings sshSettings() {
        return SshSettings.defaults();
    }

    @Provides
    @Singleton
    PlanTimeouts planTimeouts() {
        return PlanTimeouts.DEFAULT;
    }

    @Provides
    @Singleton
    TlsProfileWatch.Interval tlsProfileInterval() {
        return TlsProfileWatch.Interval.DEFAULT;
    }

    @Provides
    @Singleton
    TlsProfileWatch tlsProfileWatch(KubernetesCluster cluster) {
        return new TlsProfileWatch(cluster.clusterInfo()::openshiftTlsProfile);
    }

    @Provides
    @Singleton
    AddressResolver addressResolver(Clock clock) {
        return new DnsAddressResolver(Duration.ofMinutes(5), true, clock);
    }

    @Provides
    @Singleton
    KubernetesCluster kubernetesCluster(Clock clock) {
        return KubernetesCluster.connect(
                client,
                ClusterOptions.forNamespace(settings.namespace()).withMirrorPullSecret(settings.mirrorPullSecret()),
                clock);
    }

    @Provides
    @Singleton
    RemoteHostConnector connector(SshSettings ssh, HostKeyStore hostKeys) {
        return new MinaSshConnector(ssh, hostKeys);
    }

    @Provides
    @Singleton
    ClusterEnvironment environment(KubernetesCluster cluster) {
        return ClusterEnvironment.discover(settings, cluster.clusterInfo());
    }

    @Provides
    @Singleton
    KeyMaterial keyMaterial(KubernetesCluster cluster, KeyPairReader reader) {
        return new KeyMaterial(cluster.secrets(), settings.namespace(), reader, new SecureRandom());
    }

    @Provides
    @Singleton
    BootstrapCredentialsSource bootstrap(KubernetesCluster cluster, Clock clock) {
        BootstrapTokens tokens =
                new BootstrapTokens(cluster.secrets(), settings.namespace(), new SecureRandom(), clock);
        return new BootstrapCredentialsSource(
                settings.nodeApiServerUrl().orElse(client.getBasePath()),
                settings.nodeCaFile(),
                cluster.configMaps(),
                settings.namespace(),
                tokens);
    }

    @Provides
    @Singleton
    HostSettingsSource hostSettings(KubernetesCluster cluster) {
        return new HostSettingsSource(
                settings.namespace(),
                cluster.configMaps(),
                cluster.mirrorSets(),
                cluster.registryAccess(),
                settings.proxy(),
                cluster.events());
    }

    @Provides
    @Singleton
    InstanceLoop instanceLoop(
            ClusterEnvironment env,
            PlanTimeouts timeouts,
            KeyMaterial keys,
            RemoteHostConnector connector,
            HostKeyStore hostKeys,
            KubernetesCluster cluster,
            AddressResolver resolver,
            OperatorMetrics metrics,
            BootstrapCredentialsSource bootstrap,
            ReportedHostnames hostnames,
            UserDataController userData,
            HostSettingsSource hostSettings,
            StopSignal stop,
            Clock clock) {
        return new InstanceLoop(
                new InstanceLoop.Settings(
                        settings.namespace(),
                        settings.operatorVersion(),
                        settings.maxParallelUpgrades(),
                        settings.sshPort(),
                        timeouts,
                        settings.nodeSettings()),
                new InstanceLoop.Ports(
                        env,
                        cluster.configMaps(),
                        cluster.nodes(),
                        cluster.machines(),
                        cluster.events(),
                        keys,
                        resolver,
                        connector,
                        hostKeys,
                        bootstrap,
                        hostnames,
                        metrics,
                        userData::problem,
                        hostSettings),
                stop,
                clock);
    }

    @Provides
    @Singleton
    CsrController csr(
            KubernetesCluster cluster, AddressResolver resolver, ReportedHostnames hostnames, OperatorMetrics metrics) {
        return new CsrController(
                settings.namespace(),
                cluster.certificateSigningRequests(),
                cluster.configMaps(),
                cluster.nodes(),
                cluster.machines(),
                resolver,
                hostnames,
                BootstrapRequesters.of(BootstrapTokens.tokenIdFor(settings.namespace()), settings.csrBootstrapUsers()),
                metrics);
    }

    @Provides
    @Singleton
    MetricsEndpointsController metricsEndpoints(KubernetesCluster cluster, OperatorMetrics metrics, Clock clock) {
        return new MetricsEndpointsController(
                settings.namespace(), cluster.nodes(), cluster.metricsEndpoints(), cluster.events(), metrics, clock);
    }

    @Provides
    @Singleton
    UserDataController userData(
            KeyMaterial keys, KubernetesCluster cluster, ClusterEnvironment env, OperatorMetrics metrics) {
        return new UserDataController(
                keys,
                cluster.secrets(),
                cluster.metricsEndpoints(),
                env.platform(),
                metrics,
                settings.namespace(),
                cluster.events());
    }
}
