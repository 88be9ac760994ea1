package io.wmco.app.access;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.extended.controller.reconciler.Reconciler;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.controller.reconciler.Result;
import io.wmco.app.metrics.OperatorMetrics;
import io.wmco.domain.access.UserData;
import io.wmco.domain.event.EventReason;
import io.wmco.domain.event.Notice;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.platform.Platform;
import io.wmco.ports.PortException;
import io.wmco.ports.cluster.EventRecorder;
import io.wmco.ports.cluster.MetricsEndpoints;
import io.wmco.ports.cluster.ObjectRef;
import io.wmco.ports.cluster.SecretStore;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@code windows-user-data} Secret (in the Machine API namespace) equal to the user data derived from
 * the current public key, so new Windows Machines boot with OpenSSH enabled for the operator's key. Skipped while
 * the Machine API namespace does not exist (plain Kubernetes).
 *
 * <p>It runs on every change of the operator's Secrets, so it is also where a missing or unreadable private key is
 * reported ({@link EventReason#PRIVATE_KEY_MISSING}, {@link EventReason#INVALID_PRIVATE_KEY}), once per change of
 * the problem: the instance loops wait quietly until the key is there.
 */
public final class UserDataController implements Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(UserDataController.class);
    /** The single work-queue key of this controller. */
    public static final Request KEY = new Request("windows-user-data");

    private final KeyMaterial keys;
    private final SecretStore secrets;
    private final MetricsEndpoints namespaces;
    private final Platform platform;
    private final OperatorMetrics metrics;
    private final String namespace;
    private final EventRecorder events;
    private volatile boolean announcedSkip;
    private volatile Notice keyProblem;

    /**
     * @param namespace the operator namespace (where the private key Secret lives)
     */
    public UserDataController(
            KeyMaterial keys,
            SecretStore secrets,
            MetricsEndpoints namespaces,
            Platform platform,
            OperatorMetrics metrics,
            String namespace,
            EventRecorder events) {
        this.keys = requireNonNull(keys, "keys cannot be null");
        this.secrets = requireNonNull(secrets, "secrets cannot be null");
        this.namespaces = requireNonNull(namespaces, "namespaces cannot be null");
        this.platform = requireNonNull(platform, "platform cannot be null");
        this.metrics = requireNonNull(metrics, "metrics cannot be null");
        this.namespace = requireNonNull(namespace, "namespace cannot be null");
        this.events = requireNonNull(events, "events cannot be null");
    }

    /**
     * Why Machines must not be configured yet: the {@code windows-user-data} Secret is missing or does not hold the
     * user data of the given key. Empty when it is current, or when the Machine API namespace does not exist.
     *
     * @throws PortException when the Secret cannot be read (retryable as the exception says)
     */
    public Optional<String> problem(KeyMaterial.Keys current) {
        requireNonNull(current, "current cannot be null");
        if (namespaces.namespaceLabels(MetadataKeys.MACHINE_API_NAMESPACE).isEmpty()) {
            return Optional.empty();
        }
        String where = "Secret " + MetadataKeys.MACHINE_API_NAMESPACE + "/" + MetadataKeys.USER_DATA_SECRET;
        Optional<byte[]> live = secrets.data(MetadataKeys.MACHINE_API_NAMESPACE, MetadataKeys.USER_DATA_SECRET)
                .map(d -> d.get(MetadataKeys.USER_DATA_SECRET_KEY));
        if (live.isEmpty()) {
            return Optional.of(where + " (key " + MetadataKeys.USER_DATA_SECRET_KEY + ") is missing; the operator"
                    + " writes it from the private key Secret");
        }
        String wanted = UserData.render(platform, current.publicKey());
        if (!wanted.equals(new String(live.get(), StandardCharsets.UTF_8))) {
            return Optional.of(where + " does not match the current public key "
                    + current.hash().value() + "; the operator is rewriting it");
        }
        return Optional.empty();
    }

    /** Records a problem of the private key Secret when it differs from the last one recorded. */
    private void reportKey(Notice notice) {
        if (!notice.equals(keyProblem)) {
            keyProblem = notice;
            LOG.warn("{}: {}", notice.reason(), notice.message());
            events.record(new ObjectRef("v1", "Secret", namespace, MetadataKeys.PRIVATE_KEY_SECRET, ""), notice);
        }
    }

    @Override
    public Result reconcile(Request request) {
        metrics.reconciled("user-data");
        Optional<KeyMaterial.Keys> k;
        try {
            k = keys.current();
        } catch (PortException e) {
            reportKey(new Notice(EventReason.INVALID_PRIVATE_KEY, e.getMessage()));
            return new Result(false);
        }
        if (k.isEmpty()) {
            reportKey(new Notice(
                    EventReason.PRIVATE_KEY_MISSING,
                    "Secret " + MetadataKeys.PRIVATE_KEY_SECRET + " with key " + MetadataKeys.PRIVATE_KEY_SECRET_KEY
                            + " is missing in namespace " + namespace
                            + ": create it to let the operator reach Windows hosts"));
            return new Result(false);
        }
        keyProblem = null;
        try {
            if (namespaces.namespaceLabels(MetadataKeys.MACHINE_API_NAMESPACE).isEmpty()) {
                if (!announcedSkip) {
                    LOG.info(
                            "namespace {} does not exist: not writing {}",
                            MetadataKeys.MACHINE_API_NAMESPACE,
                            MetadataKeys.USER_DATA_SECRET);
                    announcedSkip = true;
                }
                return new Result(false);
            }
            byte[] userData = UserData.render(platform, k.get().publicKey()).getBytes(StandardCharsets.UTF_8);
            if (secrets.apply(
                    MetadataKeys.MACHINE_API_NAMESPACE,
                    MetadataKeys.USER_DATA_SECRET,
                    Map.of(MetadataKeys.USER_DATA_SECRET_KEY, userData),
                    Map.of())) {
                LOG.info(
                        "{}/{} updated for public key {}",
                        MetadataKeys.MACHINE_API_NAMESPACE,
                        MetadataKeys.USER_DATA_SECRET,
                        k.get().hash().value());
            }
            return new Result(false);
        } catch (PortException e) {
            metrics.failed("user-data", e.retryable());
            LOG.warn("{}: {}", MetadataKeys.USER_DATA_SECRET, e.getMessage());
            return new Result(e.retryable());
        }
    }
}
