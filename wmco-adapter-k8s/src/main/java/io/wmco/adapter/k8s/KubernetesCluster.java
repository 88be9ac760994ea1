package io.wmco.adapter.k8s;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.extended.event.legacy.LegacyEventBroadcaster;
import io.kubernetes.client.informer.ListerWatcher;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.informer.impl.DefaultSharedIndexInformer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestList;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1EventSource;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretList;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Watchable;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.ListOptions;
import io.wmco.ports.cluster.CertificateSigningRequests;
import io.wmco.ports.cluster.ClusterInfo;
import io.wmco.ports.cluster.ConfigMapSource;
import io.wmco.ports.cluster.EventRecorder;
import io.wmco.ports.cluster.MachineRepository;
import io.wmco.ports.cluster.MetricsEndpoints;
import io.wmco.ports.cluster.NodeRepository;
import io.wmco.ports.cluster.ObjectRef;
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
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster side of the operator on the official Kubernetes Java client: shared informers and the port
 * implementations that read their caches and write to the API server.
 *
 * <p>Life cycle: {@link #connect} discovers which APIs exist and registers the informers (no watch runs yet); the
 * caller may then add handlers ({@link #onChange}) or controllers on {@link #informerFactory()}; {@link #start()}
 * starts every informer and the event recorder; {@link #hasSynced()} is the readiness signal; {@link #close()} stops
 * everything. Reads from the ports before sync see an empty or partial cache.
 *
 * <p>Informers: all Nodes; ConfigMaps and Secrets of the operator namespace; the user-data Secret only (by field
 * selector) in the Machine API namespace, so that no other Secret of the cluster is cached; all CSRs; Machines of the
 * Machine API namespace when {@code machine.openshift.io/v1beta1} is served. The factory holds one informer per type,
 * so the user-data Secret informer lives beside it (see {@link #onChange} with {@link Watched#USER_DATA_SECRET}).
 *
 * <p>Cached objects lack {@code metadata.managedFields} and Node {@code status.images} (see {@link #trim}); informers
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
        MACHINES(KubeMachineRepository.GROUP + "/" + KubeMachineRepository.VERSION, "Machine");

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
    private final LegacyEventBroadcaster broadcaster;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private final NodeRepository nodes;
    private final ConfigMapSource configMaps;
    private final SecretStore secrets;
    private final CertificateSigningRequests csrs;
    private final MachineRepository machines;
    private final ClusterInfo clusterInfo;
    private final MetricsEndpoints metrics;
    private final EventRecorder events;

    private KubernetesCluster(ApiClient client, ClusterOptions options, boolean machineApi, Clock clock) {
        this.options = options;
        this.factory = new SharedInformerFactory(client);
        String opNs = options.operatorNamespace();
        String machineNs = options.machineApiNamespace();

        SharedIndexInformer<V1Node> nodeInformer = factory.sharedIndexInformerFor(
                new GenericKubernetesApi<>(V1Node.class, V1NodeList.class, "", "v1", "nodes", client), V1Node.class, 0);
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
                new GenericKubernetesApi<>(
                        V1CertificateSigningRequest.class,
                        V1CertificateSigningRequestList.class,
                        "certificates.k8s.io",
                        "v1",
                        "certificatesigningrequests",
                        client),
                V1CertificateSigningRequest.class,
                0);
        this.userDataInformer = new DefaultSharedIndexInformer<>(
                V1Secret.class,
                singleSecret(
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
            typed.setTransform(KubernetesCluster::trim);
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

        this.broadcaster = new LegacyEventBroadcaster(new CoreV1Api(client));
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
        this.events =
                new KubeEventRecorder(broadcaster.newRecorder(new V1EventSource().component(options.eventComponent())));
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
        return new KubernetesCluster(client, options, machineApi, clock);
    }

    /** Whether {@code machine.openshift.io/v1beta1} serves {@code machines}. */
    static boolean machineApiServed(ApiClient client) {
        return ApiErrors.read(
                        "discover " + KubeMachineRepository.GROUP + "/" + KubeMachineRepository.VERSION,
                        false,
                        () -> new CustomObjectsApi(client)
                                .getAPIResources(KubeMachineRepository.GROUP, KubeMachineRepository.VERSION)
                                .execute())
                .map(list -> list.getResources() != null
                        && list.getResources().stream().anyMatch(r -> KubeMachineRepository.PLURAL.equals(r.getName())))
                .orElse(false);
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
        addHandler(informer, what, handler);
    }

    private static <T extends KubernetesObject> void addHandler(
            SharedIndexInformer<T> informer, Watched what, Consumer<ObjectRef> handler) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                deliver(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                deliver(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                deliver(obj);
            }

            private void deliver(T obj) {
                try {
                    if (obj != null && obj.getMetadata() != null) {
                        handler.accept(what.ref(obj));
                    }
                } catch (RuntimeException e) {
                    LOG.warn("change handler for {} failed", what, e);
                }
            }
        });
    }

    /** Starts every informer and the event recorder. Idempotent; returns at once (sync happens in background). */
    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("this KubernetesCluster is closed; connect a new one");
        }
        if (started.compareAndSet(false, true)) {
            broadcaster.startRecording();
            factory.startAllRegisteredInformers();
            userDataExecutor.submit(userDataInformer::run);
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
            } finally {
                userDataExecutor.shutdownNow();
                broadcaster.shutdown();
            }
        }
    }

    /**
     * Drops what no reader here needs before objects enter the caches: managed fields everywhere and the container
     * image list of Nodes (often the largest part of a Node).
     */
    static KubernetesObject trim(KubernetesObject object) {
        if (object.getMetadata() != null) {
            object.getMetadata().setManagedFields(null);
        }
        if (object instanceof V1Node node && node.getStatus() != null) {
            node.getStatus().setImages(null);
        }
        return object;
    }

    /** Lists and watches one Secret by name, so the cache holds nothing else of that namespace. */
    static ListerWatcher<V1Secret, V1SecretList> singleSecret(
            GenericKubernetesApi<V1Secret, V1SecretList> api, String namespace, String name) {
        String selector = "metadata.name=" + name;
        return new ListerWatcher<>() {
            @Override
            public V1SecretList list(CallGeneratorParams params) throws ApiException {
                return api.list(namespace, options(params)).throwsApiException().getObject();
            }

            @Override
            public Watchable<V1Secret> watch(CallGeneratorParams params) throws ApiException {
                return api.watch(namespace, options(params));
            }

            private ListOptions options(CallGeneratorParams params) {
                return new ListOptions()
                        .fieldSelector(selector)
                        .resourceVersion(params.resourceVersion)
                        .timeoutSeconds(params.timeoutSeconds);
            }
        };
    }
}
