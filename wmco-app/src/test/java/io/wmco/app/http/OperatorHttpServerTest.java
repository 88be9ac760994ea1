package io.wmco.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.app.metrics.OperatorMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OperatorHttpServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readinessFollowsTheSuppliedState() throws Exception {
        AtomicBoolean ready = new AtomicBoolean(false);
        try (OperatorHttpServer server =
                new OperatorHttpServer(0, ready::get, 0, new OperatorMetrics(), Optional.empty())) {
            assertEquals(200, get(server.port(), "/healthz").statusCode());
            assertEquals(503, get(server.port(), "/readyz").statusCode());
            ready.set(true);
            assertEquals(200, get(server.port(), "/readyz").statusCode());
        }
    }

    @Test
    void metricsExposeReconcilesAndPhaseHistogram() throws Exception {
        OperatorMetrics metrics = new OperatorMetrics();
        metrics.reconciled("byoh");
        metrics.reconciled("byoh");
        metrics.phase("transfer-files", Duration.ofMillis(1500));
        try (OperatorHttpServer server = new OperatorHttpServer(0, () -> true, 0, metrics, Optional.empty())) {
            String body = get(server.metricsPort(), "/metrics").body();
            assertEquals(404, get(server.port(), "/metrics").statusCode(), "metrics are not on the probe port");
            assertTrue(body.contains("wmco_reconciles_total{controller=\"byoh\"} 2.0"), body);
            assertTrue(
                    body.contains("wmco_configuration_phase_seconds_bucket{phase=\"transfer-files\",le=\"2.5\"} 1"),
                    body);
            assertTrue(
                    body.contains("wmco_configuration_phase_seconds_bucket{phase=\"transfer-files\",le=\"1.0\"} 0"),
                    body);
        }
    }
}
