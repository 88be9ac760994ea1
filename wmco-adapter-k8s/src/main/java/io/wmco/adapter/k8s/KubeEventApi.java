package io.wmco.adapter.k8s;

import com.google.gson.JsonObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.util.PatchUtils;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The three calls {@link KubeEventRecorder} makes on core {@code v1} Events; a seam for its unit tests. Errors are the
 * client's {@link ApiException}s, which the recorder classifies (409 and 404 are expected). Thread-safe.
 */
interface KubeEventApi {

    void create(String namespace, CoreV1Event event) throws ApiException;

    /** The Event, or empty when it does not exist. */
    Optional<CoreV1Event> read(String namespace, String name) throws ApiException;

    /** Sets {@code count} and {@code lastTimestamp} (merge patch); throws 404 when the Event is gone. */
    void patchCount(String namespace, String name, int count, OffsetDateTime last) throws ApiException;

    /** The calls on the API server. */
    static KubeEventApi on(ApiClient client) {
        CoreV1Api core = new CoreV1Api(client);
        return new KubeEventApi() {
            @Override
            public void create(String namespace, CoreV1Event event) throws ApiException {
                core.createNamespacedEvent(namespace, event).execute();
            }

            @Override
            public Optional<CoreV1Event> read(String namespace, String name) throws ApiException {
                try {
                    return Optional.of(core.readNamespacedEvent(name, namespace).execute());
                } catch (ApiException e) {
                    if (e.getCode() == 404) {
                        return Optional.empty();
                    }
                    throw e;
                }
            }

            @Override
            public void patchCount(String namespace, String name, int count, OffsetDateTime last) throws ApiException {
                JsonObject body = new JsonObject();
                body.addProperty("count", count);
                body.addProperty("lastTimestamp", last.format(DateTimeFormatter.ISO_INSTANT));
                PatchUtils.patch(
                        CoreV1Event.class,
                        () -> core.patchNamespacedEvent(name, namespace, new V1Patch(body.toString()))
                                .buildCall(null),
                        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                        client);
            }
        };
    }
}
