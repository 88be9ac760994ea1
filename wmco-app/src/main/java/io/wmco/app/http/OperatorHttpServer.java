package io.wmco.app.http;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wmco.app.metrics.OperatorMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Serves {@code /healthz} (the process is alive), {@code /readyz} (informers have synced) and {@code /metrics}
 * (Prometheus text format) on one port, with the JDK's HTTP server: probes and a scrape need nothing more.
 */
public final class OperatorHttpServer implements AutoCloseable {
    private final HttpServer server;

    /**
     * Starts serving at once.
     *
     * @param port port to bind on all interfaces; 0 picks a free one (see {@link #port()})
     * @param ready whether the operator is ready to serve (caches synced)
     * @param metrics metrics to expose
     */
    public OperatorHttpServer(int port, BooleanSupplier ready, OperatorMetrics metrics) {
        requireNonNull(ready, "ready cannot be null");
        requireNonNull(metrics, "metrics cannot be null");
        try {
            server = HttpServer.create(new InetSocketAddress(port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on port " + port + " for /healthz, /readyz and /metrics;"
                            + " choose another with --http-port",
                    e);
        }
        server.createContext("/healthz", ex -> respond(ex, 200, "text/plain", "ok\n"));
        server.createContext("/readyz", ex -> {
            boolean ok = ready.getAsBoolean();
            respond(ex, ok ? 200 : 503, "text/plain", ok ? "ok\n" : "informers not synced\n");
        });
        server.createContext("/metrics", ex -> {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            metrics.writeTo(buf);
            respond(ex, 200, OperatorMetrics.contentType(), buf.toByteArray());
        });
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "wmco-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
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
        server.stop(0);
    }
}
