package io.wmco.app.http;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import io.wmco.app.metrics.OperatorMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Serves the probes {@code /healthz} (the process is alive) and {@code /readyz} (informers have synced) over plain
 * HTTP on one port, and {@code /metrics} (Prometheus text format) on another, over TLS ({@link MetricsTls}) unless
 * plain HTTP was asked for. The probes carry nothing worth protecting and must answer even when the certificate
 * cannot be read; the metrics name the cluster's hosts and states. The JDK's HTTP server does both.
 */
public final class OperatorHttpServer implements AutoCloseable {
    private final HttpServer probes;
    private final HttpServer metrics;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "wmco-http");
        t.setDaemon(true);
        return t;
    });

    /**
     * Starts serving at once.
     *
     * @param port port of the probes, on all interfaces; 0 picks a free one (see {@link #port()})
     * @param ready whether the operator is ready to serve (caches synced)
     * @param metricsPort port of {@code /metrics}; 0 picks a free one (see {@link #metricsPort()})
     * @param operatorMetrics metrics to expose
     * @param tls TLS of {@code /metrics}; empty for plain HTTP
     */
    public OperatorHttpServer(
            int port,
            BooleanSupplier ready,
            int metricsPort,
            OperatorMetrics operatorMetrics,
            Optional<MetricsTls> tls) {
        requireNonNull(ready, "ready cannot be null");
        requireNonNull(operatorMetrics, "operatorMetrics cannot be null");
        requireNonNull(tls, "tls cannot be null");
        probes = bind(port, "/healthz and /readyz", "--http-port", Optional.empty());
        try {
            metrics = bind(metricsPort, "/metrics", "--metrics-port", tls);
        } catch (RuntimeException e) {
            probes.stop(0);
            executor.shutdownNow();
            throw e;
        }
        probes.createContext("/healthz", ex -> respond(ex, 200, "text/plain", "ok\n"));
        probes.createContext("/readyz", ex -> {
            boolean ok = ready.getAsBoolean();
            respond(ex, ok ? 200 : 503, "text/plain", ok ? "ok\n" : "informers not synced\n");
        });
        metrics.createContext("/metrics", ex -> {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            operatorMetrics.writeTo(buf);
            respond(ex, 200, OperatorMetrics.contentType(), buf.toByteArray());
        });
        probes.setExecutor(executor);
        metrics.setExecutor(executor);
        probes.start();
        metrics.start();
    }

    private static HttpServer bind(int port, String what, String flag, Optional<MetricsTls> tls) {
        try {
            InetSocketAddress address = new InetSocketAddress(port);
            if (tls.isEmpty()) {
                return HttpServer.create(address, 16);
            }
            HttpsServer server = HttpsServer.create(address, 16);
            server.setHttpsConfigurator(tls.get().configurator());
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on port " + port + " for " + what + "; choose another with " + flag, e);
        }
    }

    /** The bound port of the probes. */
    public int port() {
        return probes.getAddress().getPort();
    }

    /** The bound port of {@code /metrics}. */
    public int metricsPort() {
        return metrics.getAddress().getPort();
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        respond(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        metrics.stop(0);
        probes.stop(0);
        executor.shutdownNow();
    }
}
