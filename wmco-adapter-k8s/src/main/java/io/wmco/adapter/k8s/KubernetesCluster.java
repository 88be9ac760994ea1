package io.wmco.adapter.k8s;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.informer.impl.DefaultSharedIndexInformer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestList;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.wmco.domain.machine.MachineSnapshot;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.ports.cluster.CertificateSigningRequests;
import io.wmco.ports.cluster.ClusterInfo;
import io.wmco.ports.cluster.ConfigMapSource;
import io.wmco.ports.cluster.EventRecorder;
import io.wmco.ports.cluster.MachineRepository;
import io.wmco.ports.cluster.MetricsEndpoints;
import io.wmco.ports.cluster.MirrorSetSource;
import io.wmco.ports.cluster.NodeRepository;
import io.wmco.ports.cluster.ObjectRef;
import io.wmco.ports.cluster.RegistryAccessSource;
import io.wmco.ports.cluster.SecretStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster side of the operator on the official Kubernetes Java client: shared informers and the port
 * implementations that read their caches and write to the API server. (Longer than most files here because the
 * informer set, its event hooks and its life cycle belong together; the handlers and the informer setup live in
 * {@link InformerHandlers} and {@link InformerSetup}.)
 *
 * <p>Life cycle: {@link #connect} discovers which APIs exist and registers the informers (no watch runs yet); the
 * caller may then add handlers ({@link #onChange}) or controllers on {@link #informerFactory()}; {@link #start()}
 * starts every informer and the event recorder; {@link #hasSynced()} is the readiness signal; {@link #close()} stops
 * everything. Reads from the ports before sync see an empty or partial cache.
 *
 * <p>Informers: Windows Nodes only (label {@code kubernetes.io/os=windows}: the loops act on nothing else, and in a
 * large cluster most nodes are Linux; {@link NodeRepository#get} and {@code list} therefore never see a Linux node,
 * and {@link NodeRepository#existsInCluster} asks the API server for the rare question about any node); ConfigMaps and Secrets of the operator namespace; the user-data Secret only (by field
 * selector) in the Machine API namespace, so that no other Secret of the cluster is cached; all CSRs; Machines of the
 * Machine API namespace when {@code machine.openshift.io/v1beta1} is served; where
 * {@code images.config.openshift.io} is served, the image config and the ConfigMaps of {@code openshift-config} (the
 * mirror CAs it names); the mirror pull secret alone (by field selector) when one is configured or defaulted. The factory holds one informer per type,
 * so the user-data Secret informer lives beside it (see {@link #onChange} with {@link Watched#USER_DATA_SECRET}).
 *
 * <p>Cached objects lack {@code metadata.managedFields}, Node {@code status.images} and what decided CSRs carry
 * beyond their conditions (see {@link InformerSetup#trim}); informers
 * the caller adds to the factory itself are started by {@link #start()} only when added before it, and are not part
 * of {@link #hasSynced()}.
 *
 * <p>The {@link ApiClient} must not have a read timeout (the default of clients built by {@code ClientBuilder} or
 * {@code Config}) since watches are long polls. Thread-safe.
 */
public final class KubernetesCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesCluster.class);

    /** What {@link #onChange} can watch. */
    public enum Watched {
        NODES("v1", "Node"),
        CONFIG_MAPS("v1", "ConfigMap"),
        SECRETS("v1", "Secret"),
        USER_DATA_SECRET("v1", "Secret"),
        CERTIFICATE_SIGNING_REQUESTS("certificates.k8s.io/v1", "CertificateSigningRequest"),
        MACHINES(KubeMachineRepository.GROUP + "/" + KubeMachineRepository.VERSION, "Machine"),
        IMAGE_DIGEST_MIRROR_SETS(KubeMirrorSets.GROUP + "/" + KubeMirrorSets.VERSION, "ImageDigestMirrorSet"),
        IMAGE_TAG_MIRROR_SETS(KubeMirrorSets.GROUP + "/" + KubeMirrorSets.VERSION, "ImageTagMirrorSet"),
        /** {@code images.config.openshift.io} (only {@code cluster} matters), where served. */
        IMAGE_CONFIG(KubeRegistryAccess.GROUP + "/" + KubeRegistryAccess.VERSION, "Image"),
        /** ConfigMaps of {@code openshift-config} (the image config's mirror CAs), where the image config is served. */
        OPENSHIFT_CONFIG_MAPS("v1", "ConfigMap"),
        /** The mirror pull secret (one Secret, selected by name), where one is configured. */
        MIRROR_PULL_SECRET("v1", "Secret");

        private final String apiVersion;
        private final String kind;

        Watched(String apiVersion, String kind) {
            this.apiVersion = apiVersion;
            this.kind = kind;
        }

        ObjectRef ref(KubernetesObject object) {
            V1ObjectMeta meta = object.getMetadata();
            return new ObjectRef(apiVersion, kind, meta.getNamespace(), meta.getName(), meta.getUid());
        }
    }

    private final ClusterOptions options;
    private final SharedInformerFactory factory;
    private final SharedIndexInformer<V1Secret> userDataInformer;
    private final ExecutorService userDataExecutor;
    private final Map<Watched, SharedIndexInformer<? extends KubernetesObject>> informers =
            new EnumMap<>(Watched.class);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private final NodeRepository nodes;
    private final ConfigMapSource configMaps;
    private final SecretStore secrets;
    private final CertificateSigningRequests csrs;
    private final MachineRepository machines;
    private final ClusterInfo clusterInfo;
    private final MetricsEndpoints metrics;
    private final KubeEventRecorder events;
    private final MirrorSetSource mirrorSets;
    private final RegistryAccessSource registryAccess;
    /**
     * Informers outside the factory (one per type there): the mirror sets and the image config, which are dynamic
     * objects too, the ConfigMaps of {@code openshift-config} and the mirror pull secret.
     */
    private final List<SharedIndexInformer<? extends KubernetesObject>> ownInformers = new ArrayList<>();

    private final ExecutorService ownExecutor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "wmco-mirror-set-informer");
        t.setDaemon(true);
        return t;
    });

    private KubernetesCluster(
            ApiClient client,
            ClusterOptions options,
            boolean machineApi,
            List<String> mirrorApis,
            boolean imageConfigApi,
            Clock clock) {
        this.options = options;
        this.factory = new SharedInformerFactory(client);
        String opNs = options.operatorNamespace();
        String machineNs = options.machineApiNamespace();

        SharedIndexInformer<V1Node> nodeInformer = factory.sharedIndexInformerFor(
                InformerSetup.windowsNodes(
                        new GenericKubernetesApi<>(V1Node.class, V1NodeList.class, "", "v1", "nodes", client)),
                V1Node.class,
                0);
        SharedIndexInformer<V1ConfigMap> configMapInformer = factory.sharedIndexInformerFor(
                new GenericKubernetesApi<>(V1ConfigMap.class, V1ConfigMapList.class, "", "v1", "configmaps", client),
                V1ConfigMap.class,
                0,
                opNs);
        SharedIndexInformer<V1Secret> secretInformer = factory.sharedIndexInformerFor(
                new GenericKubernetesApi<>(V1Secret.class, V1SecretList.class, "", "v1", "secrets", client),
                V1Secret.class,
                0,
                opNs);
        SharedIndexInformer<V1CertificateSigningRequest> csrInformer = factory.sharedIndexInformerFor(
                InformerSetup.selected(
                        new GenericKubernetesApi<>(
                                V1CertificateSigningRequest.class,
                                V1CertificateSigningRequestList.class,
                                "certificates.k8s.io",
                                "v1",
                                "certificatesigningrequests",
                                client),
                        null,
                        null,
                        null),
                V1CertificateSigningRequest.class,
                0);
        this.userDataInformer = new DefaultSharedIndexInformer<>(
                V1Secret.class,
                InformerSetup.singleSecret(
                        new GenericKubernetesApi<>(V1Secret.class, V1SecretList.class, "", "v1", "secrets", client),
                        machineNs,
                        options.userDataSecretName()),
                0);
        this.userDataExecutor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "wmco-user-data-secret-informer");
            t.setDaemon(true);
            return t;
        });
        for (SharedIndexInformer<?> typed :
                List.of(nodeInformer, configMapInformer, secretInformer, csrInformer, userDataInformer)) {
            typed.setTransform(InformerSetup::trim);
        }
        informers.put(Watched.NODES, nodeInformer);
        informers.put(Watched.CONFIG_MAPS, configMapInformer);
        informers.put(Watched.SECRETS, secretInformer);
        informers.put(Watched.USER_DATA_SECRET, userDataInformer);
        informers.put(Watched.CERTIFICATE_SIGNING_REQUESTS, csrInformer);

        Optional<Lister<DynamicKubernetesObject>> machineLister = Optional.empty();
        if (machineApi) {
            SharedIndexInformer<DynamicKubernetesObject> machineInformer = factory.sharedIndexInformerFor(
                    new DynamicKubernetesApi(
                            KubeMachineRepository.GROUP,
                            KubeMachineRepository.VERSION,
                            KubeMachineRepository.PLURAL,
                            client),
                    DynamicKubernetesObject.class,
                    0,
                    machineNs);
            informers.put(Watched.MACHINES, machineInformer);
            machineLister = Optional.of(new Lister<>(machineInformer.getIndexer()));
        }

        this.nodes = new KubeNodeRepository(client, new Lister<>(nodeInformer.getIndexer()));
        this.configMaps = new KubeConfigMapSource(client, opNs, new Lister<>(configMapInformer.getIndexer()));
        this.secrets = new KubeSecretStore(
                client,
                List.of(
                        new KubeSecretStore.CachedSecrets(
                                opNs, Optional.empty(), new Lister<>(secretInformer.getIndexer())),
                        new KubeSecretStore.CachedSecrets(
                                machineNs,
                                Optional.of(options.userDataSecretName()),
                                new Lister<>(userDataInformer.getIndexer()))));
        this.csrs = new KubeCertificateSigningRequests(client, new Lister<>(csrInformer.getIndexer()), clock);
        this.machines = new KubeMachineRepository(client, machineNs, machineLister);
        this.clusterInfo = new KubeClusterInfo(client);
        this.metrics = new KubeMetricsEndpoints(client);
        Optional<Lister<DynamicKubernetesObject>> digestSets =
                mirrorInformer(client, mirrorApis, KubeMirrorSets.DIGEST_PLURAL, Watched.IMAGE_DIGEST_MIRROR_SETS);
        Optional<Lister<DynamicKubernetesObject>> tagSets =
                mirrorInformer(client, mirrorApis, KubeMirrorSets.TAG_PLURAL, Watched.IMAGE_TAG_MIRROR_SETS);
        this.mirrorSets = new KubeMirrorSets(digestSets, tagSets);
        this.registryAccess = registryAccess(client, options, imageConfigApi);
        this.events = new KubeEventRecorder(KubeEventApi.on(client), options.eventComponent(), clock);
    }

    private Optional<Lister<DynamicKubernetesObject>> mirrorInformer(
            ApiClient client, List<String> served, String plural, Watched what) {
        if (!served.contains(plural)) {
            return Optional.empty();
        }
        SharedIndexInformer<DynamicKubernetesObject> informer = new DefaultSharedIndexInformer<>(
                DynamicKubernetesObject.class,
                InformerSetup.clusterScoped(
                        new DynamicKubernetesApi(KubeMirrorSets.GROUP, KubeMirrorSets.VERSION, plural, client)),
                0);
        informer.setTransform(InformerSetup::trim);
        informers.put(what, informer);
        ownInformers.add(informer);
        return Optional.of(new Lister<>(informer.getIndexer()));
    }

    /**
     * The image config and {@code openshift-config} ConfigMap informers where the image config API is served, and the
     * pull secret's own informer (selected by name, so no other Secret of its namespace is cached).
     */
    private RegistryAccessSource registryAccess(ApiClient client, ClusterOptions options, boolean imageConfigApi) {
        Optional<Lister<DynamicKubernetesObject>> images = Optional.empty();
        Optional<Lister<V1ConfigMap>> configMaps = Optional.empty();
        if (imageConfigApi) {
            SharedIndexInformer<DynamicKubernetesObject> imageInformer = new DefaultSharedIndexInformer<>(
                    DynamicKubernetesObject.class,
                    InformerSetup.clusterScoped(new DynamicKubernetesApi(
                            KubeRegistryAccess.GROUP,
                            KubeRegistryAccess.VERSION,
                            KubeRegistryAccess.IMAGES_PLURAL,
                            client)),
                    0);
            SharedIndexInformer<V1ConfigMap> cmInformer = new DefaultSharedIndexInformer<>(
                    V1ConfigMap.class,
                    InformerSetup.selected(
                            new GenericKubernetesApi<>(
                                    V1ConfigMap.class, V1ConfigMapList.class, "", "v1", "configmaps", client),
                            KubeRegistryAccess.OPENSHIFT_CONFIG,
                            null,
                            null),
                    0);
            own(Watched.IMAGE_CONFIG, imageInformer);
            own(Watched.OPENSHIFT_CONFIG_MAPS, cmInformer);
            images = Optional.of(new Lister<>(imageInformer.getIndexer()));
            configMaps = Optional.of(new Lister<>(cmInformer.getIndexer()));
        }
        Optional<KubeRegistryAccess.SecretRef> pullSecret = options.pullSecret(imageConfigApi);
        Optional<Lister<V1Secret>> secretLister = pullSecret.map(ref -> {
            SharedIndexInformer<V1Secret> informer = new DefaultSharedIndexInformer<>(
                    V1Secret.class,
                    InformerSetup.singleSecret(
                            new GenericKubernetesApi<>(V1Secret.class, V1SecretList.class, "", "v1", "secrets", client),
                            ref.namespace(),
                            ref.name()),
                    0);
            own(Watched.MIRROR_PULL_SECRET, informer);
            return new Lister<>(informer.getIndexer());
        });
        LOG.info(
                "registry mirror access: image config CAs {}, pull secret {}",
                imageConfigApi ? "watched" : "not served",
                pullSecret.map(KubeRegistryAccess.SecretRef::toString).orElse("none"));
        return new KubeRegistryAccess(images, configMaps, pullSecret, secretLister);
    }

    private void own(Watched what, SharedIndexInformer<? extends KubernetesObject> informer) {
        informer.setTransform(InformerSetup::trim);
        informers.put(what, informer);
        ownInformers.add(informer);
    }

    /** {@link #connect(ApiClient, ClusterOptions, Clock)} with {@link ClusterOptions#forNamespace}. */
    public static KubernetesCluster connect(ApiClient client, String operatorNamespace, Clock clock) {
        return connect(client, ClusterOptions.forNamespace(operatorNamespace), clock);
    }

    /**
     * Asks the API server whether the Machine API is served and registers the informers. Starts nothing.
     *
     * @param clock the time written into CSR approval conditions
     *
     * @throws io.wmco.ports.cluster.ClusterException when the API server cannot be asked (retryable when
     *     UNAVAILABLE)
     */
    public static KubernetesCluster connect(ApiClient client, ClusterOptions options, Clock clock) {
        requireNonNull(client, "client cannot be null");
        requireNonNull(options, "options cannot be null");
        requireNonNull(clock, "clock cannot be null");
        boolean machineApi = machineApiServed(client);
        LOG.info(
                "Machine API ({}/{}) {}",
                KubeMachineRepository.GROUP,
                KubeMachineRepository.VERSION,
                machineApi ? "found: Machines are watched" : "not served: Machine support is off");
        List<String> configApis = servedResources(client, KubeMirrorSets.GROUP, KubeMirrorSets.VERSION);
        List<String> mirrorApis = configApis.stream()
                .filter(r -> r.equals(KubeMirrorSets.DIGEST_PLURAL) || r.equals(KubeMirrorSets.TAG_PLURAL))
                .toList();
        LOG.info(
                "image mirror sets ({}/{}) {}",
                KubeMirrorSets.GROUP,
                KubeMirrorSets.VERSION,
                mirrorApis.isEmpty() ? "not served: no registry mirrors" : "watched: " + String.join(", ", mirrorApis));
        return new KubernetesCluster(
                client, options, machineApi, mirrorApis, configApis.contains(KubeRegistryAccess.IMAGES_PLURAL), clock);
    }

    /** The resource names a group version serves; empty when it is not served. */
    static List<String> servedResources(ApiClient client, String group, String version) {
        return ApiErrors.read(
                        "discover " + group + "/" + version,
                        false,
                        () -> new CustomObjectsApi(client)
                                .getAPIResources(group, version)
                                .execute())
                .map(list -> list.getResources() == null
                        ? List.<String>of()
                        : list.getResources().stream().map(r -> r.getName()).toList())
                .orElse(List.of());
    }

    /** Whether {@code machine.openshift.io/v1beta1} serves {@code machines}. */
    static boolean machineApiServed(ApiClient client) {
        return servedResources(client, KubeMachineRepository.GROUP, KubeMachineRepository.VERSION)
                .contains(KubeMachineRepository.PLURAL);
    }

    public ClusterOptions options() {
        return options;
    }

    public NodeRepository nodes() {
        return nodes;
    }

    public ConfigMapSource configMaps() {
        return configMaps;
    }

    public SecretStore secrets() {
        return secrets;
    }

    public CertificateSigningRequests certificateSigningRequests() {
        return csrs;
    }

    public MachineRepository machines() {
        return machines;
    }

    public ClusterInfo clusterInfo() {
        return clusterInfo;
    }

    public MetricsEndpoints metricsEndpoints() {
        return metrics;
    }

    public EventRecorder events() {
        return events;
    }

    /** The image config's mirror CAs and the mirror pull secret's credentials. */
    public RegistryAccessSource registryAccess() {
        return registryAccess;
    }

    /** The image mirror sets (no rules where the API is not served). */
    public MirrorSetSource mirrorSets() {
        return mirrorSets;
    }

    /**
     * The factory holding the Node, ConfigMap, Secret (operator namespace), CSR and, when served, Machine
     * ({@code DynamicKubernetesObject}) informers, for {@code ControllerBuilder.watch}. Do not start or stop it
     * directly: use {@link #start()} and {@link #close()}.
     */
    public SharedInformerFactory informerFactory() {
        return factory;
    }

    /**
     * Calls {@code handler} with a reference to every object of the given kind that is added, changed or deleted,
     * and once per cached object at start (and when added after start). Handlers run on informer threads: keep them
     * short (enqueue work). An exception thrown by a handler is logged and swallowed. Watching {@link Watched#MACHINES}
     * when the Machine API is not served does nothing.
     */
    public void onChange(Watched what, Consumer<ObjectRef> handler) {
        requireNonNull(what, "what cannot be null");
        requireNonNull(handler, "handler cannot be null");
        SharedIndexInformer<? extends KubernetesObject> informer = informers.get(what);
        if (informer == null) {
            LOG.info("not watching {}: the API is not served", what);
            return;
        }
        InformerHandlers.add(informer, what, handler);
    }

    /**
     * Calls {@code handler} with the node as it was and as it is for every Node added ({@code before} empty),
     * changed, or deleted ({@code after} empty), and once per cached node at start. Runs on an informer thread: keep
     * it short. An exception thrown by the handler is logged and swallowed.
     */
    public void onNodeChange(BiConsumer<Optional<NodeSnapshot>, Optional<NodeSnapshot>> handler) {
        requireNonNull(handler, "handler cannot be null");
        @SuppressWarnings("unchecked")
        SharedIndexInformer<V1Node> informer = (SharedIndexInformer<V1Node>) informers.get(Watched.NODES);
        InformerHandlers.addTyped(informer, Watched.NODES, NodeMapping::toSnapshot, handler);
    }

    /**
     * Like {@link #onNodeChange} for Windows Machines; does nothing when the Machine API is not served. Machines
     * without the Windows label are left out.
     */
    public void onMachineChange(BiConsumer<Optional<MachineSnapshot>, Optional<MachineSnapshot>> handler) {
        requireNonNull(handler, "handler cannot be null");
        @SuppressWarnings("unchecked")
        SharedIndexInformer<DynamicKubernetesObject> informer =
                (SharedIndexInformer<DynamicKubernetesObject>) informers.get(Watched.MACHINES);
        if (informer == null) {
            LOG.info("not watching Machines: the API is not served");
            return;
        }
        InformerHandlers.addTyped(
                informer,
                Watched.MACHINES,
                o -> MachineMapping.toSnapshot(o.getRaw()),
                (before, after) -> handler.accept(
                        before.filter(InformerHandlers::isWindows), after.filter(InformerHandlers::isWindows)));
    }

    /** Starts every informer and the event recorder. Idempotent; returns at once (sync happens in background). */
    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("this KubernetesCluster is closed; connect a new one");
        }
        if (started.compareAndSet(false, true)) {
            events.start();
            factory.startAllRegisteredInformers();
            userDataExecutor.submit(userDataInformer::run);
            ownInformers.forEach(i -> ownExecutor.submit(i::run));
        }
    }

    /** Readiness: true once every informer has listed its objects. */
    public boolean hasSynced() {
        return started.get() && informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** Which informers have not synced yet, for readiness reports. */
    public List<Watched> notSynced() {
        List<Watched> out = new ArrayList<>();
        informers.forEach((w, i) -> {
            if (!started.get() || !i.hasSynced()) {
                out.add(w);
            }
        });
        return out;
    }

    /** Stops informers and the event recorder. Idempotent. Events still queued may be dropped. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                factory.stopAllRegisteredInformers(true);
                userDataInformer.stop();
                ownInformers.forEach(SharedIndexInformer::stop);
            } finally {
                userDataExecutor.shutdownNow();
                ownExecutor.shutdownNow();
                events.close();
            }
        }
    }
}
