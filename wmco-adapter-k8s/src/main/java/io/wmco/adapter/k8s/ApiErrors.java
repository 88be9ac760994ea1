package io.wmco.adapter.k8s;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiException;
import io.wmco.ports.cluster.ClusterException;
import java.util.Optional;

/**
 * The one place where the Java client's {@link ApiException} becomes a {@link ClusterException}. Every API call of
 * this adapter goes through {@link #call}, {@link #read} or {@link #delete}, so the rest of the operator never sees
 * transport types.
 *
 * <p>Table: 404 is not an error for reads and deletes (empty / done); elsewhere (e.g. a create in a missing namespace)
 * it is {@link ClusterException.Kind#REJECTED}. 409 is {@link ClusterException.Kind#CONFLICT}. 408, 410, 429, every
 * 5xx and "no response" (status 0: I/O failure, timeout) are {@link ClusterException.Kind#UNAVAILABLE}. Every other
 * status (400, 401, 403, 405, 415, 422, ...) is {@link ClusterException.Kind#REJECTED}.
 *
 * <p>Messages name the attempted action and object. The API server's own explanation (the {@code message} of its
 * Status body) is appended only when the caller says the object holds no secret data.
 */
final class ApiErrors {
    private static final int MAX_SERVER_MESSAGE = 300;

    private ApiErrors() {}

    /** A call to the API server. */
    @FunctionalInterface
    interface ApiCall<T> {
        T call() throws ApiException;
    }

    /** Whether the error is a 404. */
    static boolean isNotFound(ApiException e) {
        return e.getCode() == 404;
    }

    /** The failure class of an HTTP status (0 when no response arrived). Never called for a handled 404. */
    static ClusterException.Kind kindOf(int status) {
        if (status == 409) {
            return ClusterException.Kind.CONFLICT;
        }
        if (status == 0 || status == 408 || status == 410 || status == 429 || status >= 500) {
            return ClusterException.Kind.UNAVAILABLE;
        }
        return ClusterException.Kind.REJECTED;
    }

    /**
     * @param action what was attempted, naming the object, e.g. {@code "patch node win-1"}
     * @param e the client's exception
     * @param sensitive true when the object holds secret data: the server's explanation is then left out
     */
    static ClusterException translate(String action, ApiException e, boolean sensitive) {
        StringBuilder message = new StringBuilder(action).append(" failed");
        if (e.getCode() == 0) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            message.append(": no response from the API server (")
                    .append(cause.getClass().getSimpleName())
                    .append(')');
        } else if (!sensitive) {
            serverMessage(e.getResponseBody())
                    .ifPresent(m -> message.append(": ").append(m));
        }
        return new ClusterException(kindOf(e.getCode()), e.getCode(), message.toString(), e);
    }

    /** Runs a call, translating every failure. */
    static <T> T call(String action, boolean sensitive, ApiCall<T> call) {
        try {
            return call.call();
        } catch (ApiException e) {
            throw translate(action, e, sensitive);
        }
    }

    /** Runs a read; 404 becomes {@code Optional.empty()}. */
    static <T> Optional<T> read(String action, boolean sensitive, ApiCall<T> call) {
        try {
            return Optional.ofNullable(call.call());
        } catch (ApiException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw translate(action, e, sensitive);
        }
    }

    /**
     * Runs a delete; 404 means done.
     *
     * @return false when the object did not exist
     */
    static boolean delete(String action, ApiCall<?> call) {
        try {
            call.call();
            return true;
        } catch (ApiException e) {
            if (isNotFound(e)) {
                return false;
            }
            throw translate(action, e, false);
        }
    }

    /** The {@code message} field of a Kubernetes Status body, shortened; empty when the body is not a Status. */
    static Optional<String> serverMessage(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonElement parsed = JsonParser.parseString(body);
            if (parsed.isJsonObject()) {
                JsonObject o = parsed.getAsJsonObject();
                if (o.has("message") && o.get("message").isJsonPrimitive()) {
                    String m = o.get("message").getAsString();
                    return Optional.of(
                            m.length() > MAX_SERVER_MESSAGE ? m.substring(0, MAX_SERVER_MESSAGE) + "..." : m);
                }
            }
        } catch (RuntimeException notJson) {
            // Not a Status object (e.g. "404 page not found"): say nothing rather than echo arbitrary text.
        }
        return Optional.empty();
    }
}
