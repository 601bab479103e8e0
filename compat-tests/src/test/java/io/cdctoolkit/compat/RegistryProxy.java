package io.cdctoolkit.compat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A schema registry as a client meets it behind a gate: requests the {@link Gate} lets through are passed to a real
 * registry (Apicurio) and its answer returned; the others get the gate's own answer, as Confluent Schema Registry (or
 * the gateway in front of Confluent Cloud's) gives it. Counts both, so a test can tell what happened.
 */
final class RegistryProxy implements AutoCloseable {

    /** The proxy's own answer to a request it does not pass on. */
    record Refusal(int status, String body, Map<String, String> headers) {
    }

    /** Decides, per request, whether it reaches the registry. */
    @FunctionalInterface
    interface Gate {
        /** @return null to pass the request on, or the answer to give instead */
        Refusal refusal(HttpExchange request);
    }

    /** Passes only requests with the right {@code Authorization: Basic} header; 401 to the others. */
    static Gate basicAuth(String user, String password) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        Refusal unauthorized = new Refusal(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}",
                Map.of("WWW-Authenticate", "Basic realm=\"registry\""));
        return request -> expected.equals(request.getRequestHeaders().getFirst("Authorization")) ? null : unauthorized;
    }

    /** While {@code limiting} holds, 429 with Confluent Cloud's rate-limit body and {@code Retry-After: 1} to all. */
    static Gate rateLimitedWhile(BooleanSupplier limiting) {
        Refusal tooMany = new Refusal(429, "{\"error_code\":42901,\"message\":\"Rate limit exceeded\"}",
                Map.of("Retry-After", "1"));
        return request -> limiting.getAsBoolean() ? tooMany : null;
    }

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final String upstream;
    private final Gate gate;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    /** Listens on a free loopback port in front of {@code upstream} ({@code http://host:port}). */
    RegistryProxy(String upstream, Gate gate) throws IOException {
        this.upstream = upstream;
        this.gate = gate;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:port} — append the upstream's path (e.g. {@code /apis/ccompat/v7}). */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requests passed to the registry. */
    int accepted() {
        return accepted.get();
    }

    /** Requests the gate answered itself. */
    int refused() {
        return refused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Refusal refusal = gate.refusal(exchange);
            if (refusal != null) {
                refused.incrementAndGet();
                byte[] answer = refusal.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                refusal.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                exchange.sendResponseHeaders(refusal.status(), answer.length);
                exchange.getResponseBody().write(answer);
                return;
            }
            accepted.incrementAndGet();
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), body.length == 0
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null) forward.header("Content-Type", contentType);
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            if (accept != null) forward.header("Accept", accept);
            HttpResponse<byte[]> answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().add("Content-Type", v));
            byte[] bytes = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
