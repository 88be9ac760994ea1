package io.wmco.adapter.k8s;

import com.sun.net.httpserver.HttpServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted HTTP server on loopback standing in for the API server in unit tests: answers queued per
 * "METHOD path", the last answer repeating; every request is recorded. Unmatched requests get 404.
 */
final class FakeApiServer implements AutoCloseable {
    record Answer(int status, String body) {}

    record Request(String method, String path, String query, String contentType, String body) {}

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(
                    method,
                    path,
                    exchange.getRequestURI().getQuery(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    body));
            Deque<Answer> queue = answers.get(method + " " + path);
            Answer a;
            if (queue == null || queue.isEmpty()) {
                a = new Answer(
                        404,
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}");
            } else {
                synchronized (queue) {
                    a = queue.size() > 1 ? queue.removeFirst() : queue.peekFirst();
                }
            }
            byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
    }

    /** Queues answers for "METHOD path"; the last one repeats. */
    FakeApiServer on(String method, String path, Answer... queued) {
        answers.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).addAll(List.of(queued));
        return this;
    }

    static Answer ok(String json) {
        return new Answer(200, json);
    }

    static Answer status(int code, String reason) {
        return new Answer(
                code,
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"" + reason
                        + "\",\"message\":\"" + reason + "\",\"code\":" + code + "}");
    }

    List<Request> requests(String method, String path) {
        return requests.stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path))
                .toList();
    }

    List<Request> writes() {
        return requests.stream().filter(r -> !r.method().equals("GET")).toList();
    }

    ApiClient client() {
        return new ClientBuilder()
                .setBasePath("http://127.0.0.1:" + server.getAddress().getPort())
                .build();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
