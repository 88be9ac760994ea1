package io.wmco.adapter.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiException;
import io.wmco.ports.cluster.ClusterException;
import io.wmco.ports.cluster.ClusterException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiErrorsTest {

    private static final String STATUS_BODY =
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"nodes \\\"w1\\\" is forbidden\",\"code\":403}";

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({
        "0, UNAVAILABLE, true",
        "400, REJECTED, false",
        "401, REJECTED, false",
        "403, REJECTED, false",
        "404, REJECTED, false",
        "408, UNAVAILABLE, true",
        "409, CONFLICT, true",
        "410, UNAVAILABLE, true",
        "415, REJECTED, false",
        "422, REJECTED, false",
        "429, UNAVAILABLE, true",
        "500, UNAVAILABLE, true",
        "503, UNAVAILABLE, true",
        "504, UNAVAILABLE, true",
    })
    void classifiesStatus(int status, Kind expected, boolean retryable) {
        ClusterException e = ApiErrors.translate("patch node w1", new ApiException(status, "x"), false);
        assertEquals(expected, e.kind());
        assertEquals(retryable, e.retryable());
        assertEquals(status, e.status());
    }

    @Test
    void namesTheActionAndQuotesTheServerExplanation() {
        ClusterException e = ApiErrors.translate("patch node w1", new ApiException(403, Map.of(), STATUS_BODY), false);
        assertTrue(e.getMessage().startsWith("patch node w1 failed: nodes \"w1\" is forbidden"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(HTTP 403)"), e.getMessage());
    }

    @Test
    void leavesTheServerExplanationOutForSecrets() {
        String body = "{\"kind\":\"Status\",\"message\":\"data[password]: value c2VjcmV0 rejected\"}";
        ClusterException e = ApiErrors.translate("update Secret ns/s", new ApiException(422, Map.of(), body), true);
        assertFalse(e.getMessage().contains("c2VjcmV0"), e.getMessage());
        assertTrue(e.getMessage().contains("update Secret ns/s"), e.getMessage());
    }

    @Test
    void ignoresBodiesThatAreNotStatusObjects() {
        assertEquals(Optional.empty(), ApiErrors.serverMessage("404 page not found"));
        assertEquals(Optional.empty(), ApiErrors.serverMessage(""));
        assertEquals(Optional.of("nodes \"w1\" is forbidden"), ApiErrors.serverMessage(STATUS_BODY));
    }

    @Test
    void ioFailureIsUnavailableAndKeepsTheCause() {
        ApiException io = new ApiException(new ConnectException("refused"));
        ClusterException e = ApiErrors.translate("list pods", io, false);
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertSame(io, e.getCause());
        assertTrue(e.getMessage().contains("ConnectException"), e.getMessage());
    }

    @Test
    void readTurnsNotFoundIntoEmpty() {
        assertEquals(Optional.empty(), ApiErrors.read("read node x", false, () -> {
            throw new ApiException(404, "not found");
        }));
        assertEquals(Optional.of("v"), ApiErrors.read("read node x", false, () -> "v"));
    }

    @Test
    void deleteTreatsNotFoundAsDone() {
        assertFalse(ApiErrors.delete("delete node x", () -> {
            throw new ApiException(404, "not found");
        }));
        assertTrue(ApiErrors.delete("delete node x", () -> null));
    }

    @Test
    void callThrowsClassifiedException() {
        ClusterException e = assertThrows(
                ClusterException.class,
                () -> ApiErrors.call("create x", false, () -> {
                    throw new ApiException(409, "conflict");
                }));
        assertEquals(Kind.CONFLICT, e.kind());
    }

    @Test
    void ioExceptionWithoutCodeIsRetryable() {
        ClusterException e = ApiErrors.translate("watch", new ApiException(new IOException("reset")), false);
        assertTrue(e.retryable());
    }
}
