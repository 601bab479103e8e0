package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cdctoolkit.engine.config.HttpSettings;
import io.cdctoolkit.engine.runtime.PipelineCounts;
import io.cdctoolkit.engine.runtime.PipelineStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The {@code http} endpoint of {@code run}: {@code /metrics} (Prometheus text), {@code /health}
 * (liveness), {@code /ready} (readiness) and {@code /status} (JSON). GET only; every answer is made of
 * meters, states, positions, counts and error reasons, never of row values or config secrets.
 *
 * <p>The JDK's own {@link HttpServer}: four read-only GET routes need no framework, and it adds no
 * dependency. It lives in the CLI, not in the engine: a library user embeds pipelines in an
 * application that has its own HTTP stack and binds the pipelines' meters to its own registry.
 */
final class OpsEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads;
    private final PrometheusMeterRegistry registry;
    private final Duration maxCommitLag;
    // Empty until the pipelines are built: /ready is 503 and /status lists nothing until then.
    private volatile List<MonitoredPipeline> pipelines = List.of();

    private OpsEndpoint(HttpServer server, ExecutorService threads, PrometheusMeterRegistry registry,
                        Duration maxCommitLag) {
        this.server = server;
        this.threads = threads;
        this.registry = registry;
        this.maxCommitLag = maxCommitLag;
    }

    /**
     * Binds {@code settings.host():settings.port()} and starts answering, before any pipeline is built:
     * a port that cannot be bound then stops the run before a source's state is locked.
     *
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    static OpsEndpoint start(HttpSettings settings, PrometheusMeterRegistry registry) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "http-endpoint");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        OpsEndpoint endpoint = new OpsEndpoint(server, threads, registry,
                Duration.ofMillis(settings.readyMaxCommitLagMs()));
        server.createContext("/metrics", endpoint::metrics);
        server.createContext("/health", endpoint::health);
        server.createContext("/ready", endpoint::ready);
        server.createContext("/status", endpoint::status);
        server.start();
        LOG.info("serving /metrics, /health, /ready and /status on http://{}:{}", settings.host(), endpoint.port());
        return endpoint;
    }

    /** From now on, reports these pipelines. */
    void watch(List<MonitoredPipeline> running) {
        pipelines = List.copyOf(running);
    }

    /** The bound port (the chosen one when the settings said 0). */
    int port() {
        return server.getAddress().getPort();
    }

    private void metrics(HttpExchange exchange) throws IOException {
        if (!isGet(exchange)) return;
        send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
    }

    private void health(HttpExchange exchange) throws IOException {
        if (!isGet(exchange)) return;
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("pipelines");
        boolean ok = true;
        for (MonitoredPipeline p : this.pipelines) {
            MonitoredPipeline.Verdict verdict = p.health(p.pipeline().status());
            ok &= verdict.ok();
            list.addObject().put("pipeline", p.pipeline().name()).put("alive", verdict.ok())
                    .put("reason", verdict.reason());
        }
        body.put("status", ok ? "UP" : "DOWN");
        sendJson(exchange, ok ? 200 : 503, body);
    }

    private void ready(HttpExchange exchange) throws IOException {
        if (!isGet(exchange)) return;
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("pipelines");
        boolean ok = !pipelines.isEmpty();
        for (MonitoredPipeline p : pipelines) {
            MonitoredPipeline.Verdict verdict = p.readiness(p.pipeline().status(), registry, maxCommitLag);
            ok &= verdict.ok();
            list.addObject().put("pipeline", p.pipeline().name()).put("ready", verdict.ok())
                    .put("reason", verdict.reason());
        }
        body.put("status", ok ? "READY" : "NOT_READY");
        sendJson(exchange, ok ? 200 : 503, body);
    }

    private void status(HttpExchange exchange) throws IOException {
        if (!isGet(exchange)) return;
        sendJson(exchange, 200, statusJson());
    }

    /** The {@code /status} document (see docs/operations.md). */
    ObjectNode statusJson() {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("pipelines");
        for (MonitoredPipeline p : pipelines) {
            PipelineStatus status = p.pipeline().status();
            MonitoredPipeline.Verdict ready = p.readiness(status, registry, maxCommitLag);
            ObjectNode node = list.addObject();
            node.put("pipeline", status.pipeline()).put("source", p.source()).put("sink", p.sink())
                    .put("state", status.state().name()).put("ready", ready.ok()).put("not_ready_because", ready.reason());
            ObjectNode committed = node.putObject("last_committed");
            if (status.lastCommitted() != null) {
                status.lastCommitted().offset().forEach((k, v) -> committed.putPOJO(k, v));
            }
            PipelineCounts c = status.counts();
            ObjectNode counts = node.putObject("counts");
            counts.put("events_in", c.eventsIn()).put("records_out", c.recordsOut()).put("skipped", c.skipped())
                    .put("dead_lettered", c.deadLettered()).put("dropped", c.dropped()).put("failed", c.failed())
                    .put("in_flight_records", c.inFlightRecords()).put("in_flight_bytes", c.inFlightBytes());
            ObjectNode perTopic = counts.putObject("records_per_topic");
            c.recordsPerTopic().forEach(perTopic::put);
            ObjectNode lag = node.putObject("lag");
            lag.put("commit_lag_events", status.lag().commitLagEvents())
                    .put("commit_lag_seconds", status.lag().commitLag().toMillis() / 1000.0);
            if (status.lag().sourceLag() != null) {
                lag.put("source_lag_seconds", status.lag().sourceLag().toMillis() / 1000.0);
            }
            if (status.lastError() != null) {
                node.putObject("last_error").put("reason", status.lastError().reason())
                        .put("at", status.lastError().at().toString());
            }
        }
        return body;
    }

    private static boolean isGet(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("GET") || exchange.getRequestMethod().equals("HEAD")) return true;
        exchange.getResponseHeaders().add("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "only GET\n");
        return false;
    }

    private static void sendJson(HttpExchange exchange, int code, ObjectNode body) throws IOException {
        send(exchange, code, "application/json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n");
    }

    private static void send(HttpExchange exchange, int code, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
