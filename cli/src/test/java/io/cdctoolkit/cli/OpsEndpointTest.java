package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run} with an {@code http} block serves /metrics, /health, /ready and /status while a datagen
 * pipeline runs; {@code status} prints it; without a run, {@code status} exits 3.
 */
class OpsEndpointTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int code(String url) {
        try {
            return get(url).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void aRunServesMetricsHealthReadinessAndStatusAndStatusPrintsThem(@TempDir Path dir) throws Exception {
        int port = CliHarness.freePort();
        Path config = dir.resolve("ops.yaml");
        Files.writeString(config, """
                version: "1.0"
                state_dir: %s
                sources:
                  gen:
                    connector: datagen
                    topic: cdc.demo.orders
                    config: { pattern: orders, seed: 7, events_per_second: 200, max_events: 1000000 }
                sinks:
                  out:
                    connector: stdout
                pipelines:
                  orders:
                    source: gen
                    sink: out
                http:
                  port: %d
                """.formatted(dir.resolve("state"), port));
        String base = "http://127.0.0.1:" + port;
        CompletableFuture<CliHarness.Result> run = CompletableFuture.supplyAsync(
                () -> CliHarness.run("run", "--config", config.toString(), "--duration", "15s"));
        try {
            until("/ready answers 200", () -> run.isDone() || code(base + "/ready") == 200);
            assertThat(run.isDone()).as("run still running").isFalse();

            HttpResponse<String> health = get(base + "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"UP\"");

            until("events counted", () -> statusOf(base).path("counts").path("events_in").asLong() > 10);
            HttpResponse<String> metrics = get(base + "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(metrics.body())
                    .contains("cdc_events_in_total{pipeline=\"orders\",table=")
                    .contains("cdc_records_out_total{pipeline=\"orders\",topic=\"cdc.demo.orders\"}")
                    .contains("cdc_commit_lag_seconds{pipeline=\"orders\"}")
                    .contains("cdc_commit_lag_events{pipeline=\"orders\"}")
                    .contains("cdc_sink_latency_seconds_bucket{pipeline=\"orders\",topic=\"cdc.demo.orders\"")
                    .contains("cdc_encode_latency_seconds_count{pipeline=\"orders\"}")
                    .contains("jvm_memory_used_bytes");

            JsonNode status = statusOf(base);
            assertThat(status.path("state").asText()).isEqualTo("RUNNING");
            assertThat(status.path("source").asText()).isEqualTo("gen");
            assertThat(status.path("ready").asBoolean()).isTrue();
            assertThat(status.path("last_committed").path("seq").isNumber()).as(status.toString()).isTrue();

            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/status"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(405);

            CliHarness.Result printed = CliHarness.run("status", "--url", base);
            assertThat(printed.exitCode()).as(printed.err()).isZero();
            assertThat(printed.out()).contains("PIPELINE").contains("LAST COMMITTED")
                    .containsPattern("orders\\s+RUNNING\\s+yes\\s+\\d+")
                    .contains("seq=");
            // The run's own config says where it answers.
            CliHarness.Result fromConfig = CliHarness.run("status", "--config", config.toString(), "--json");
            assertThat(fromConfig.exitCode()).as(fromConfig.err()).isZero();
            JsonNode answered = new ObjectMapper().readTree(fromConfig.out());
            assertThat(answered.path("pipelines").path(0).path("pipeline").asText()).isEqualTo("orders");
        } finally {
            CliHarness.Result result = run.get();
            assertThat(result.exitCode()).as(result.err()).isZero();
        }
        assertThat(code(base + "/health")).as("the endpoint closes with the run").isEqualTo(-1);
    }

    /** Polls {@code condition} every 100 ms for up to 30 s. */
    private static void until(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    private static JsonNode statusOf(String base) throws Exception {
        return new ObjectMapper().readTree(get(base + "/status").body()).path("pipelines").path(0);
    }

    @Test
    void statusOfAConfigWithoutAnHttpBlockOrWithAFreePortSaysWhy(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("plain.yaml");
        String plain = """
                sources:
                  gen: { connector: datagen }
                  db: { connector: postgres-cdc, config: { host: db, database: app, user: cdc, password: "${DB_PASSWORD}" } }
                sinks:
                  out: { connector: stdout }
                """;
        // Only the http block is read: a source's password need not be set to ask a run for its status.
        Files.writeString(config, plain);
        CliHarness.Result none = CliHarness.run("status", "--config", config.toString());
        Files.writeString(config, plain + "http: { port: 0 }\n");
        CliHarness.Result anyPort = CliHarness.run("status", "--config", config.toString());
        CliHarness.Result both = CliHarness.run("status", "--config", config.toString(), "--url", "http://127.0.0.1:1");

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("has no http: block, so its run serves no /status");
        assertThat(anyPort.exitCode()).as("no run of it recorded its port").isEqualTo(3);
        assertThat(anyPort.err()).contains("http.port is 0").contains("no run of it has recorded").contains("--url");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(StatusCommand.endpoint(new io.cdctoolkit.engine.config.HttpSettings("0.0.0.0", 9779, 60_000), 9779))
                .isEqualTo("http://127.0.0.1:9779");
        assertThat(StatusCommand.endpoint(new io.cdctoolkit.engine.config.HttpSettings("::", 9779, 60_000), 9779))
                .isEqualTo("http://[::1]:9779");
    }

    @Test
    void statusOfAConfigWhoseRunPickedAFreePortAsksThatPortAndTheRecordEndsWithTheRun(@TempDir Path dir)
            throws Exception {
        Path config = dir.resolve("anyport.yaml");
        Path state = dir.resolve("state");
        Files.writeString(config, """
                state_dir: %s
                sources:
                  gen:
                    connector: datagen
                    topic: cdc.demo.orders
                    config: { pattern: orders, events_per_second: 200, max_events: 1000000 }
                sinks: { out: { connector: stdout } }
                pipelines: { orders: { source: gen, sink: out } }
                http: { port: 0 }
                """.formatted(state));
        Path recorded = state.resolve(EndpointFile.NAME);
        CompletableFuture<CliHarness.Result> run = CompletableFuture.supplyAsync(
                () -> CliHarness.run("run", "--config", config.toString(), "--duration", "10s"));
        try {
            until("the run records its endpoint", () -> run.isDone() || Files.exists(recorded));
            assertThat(run.isDone()).as("run still running").isFalse();
            String url = Files.readString(recorded).strip();
            assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+").isNotEqualTo("http://127.0.0.1:0");

            CliHarness.Result fromConfig = CliHarness.run("status", "--config", config.toString(), "--json");
            assertThat(fromConfig.exitCode()).as(fromConfig.err()).isZero();
            assertThat(new ObjectMapper().readTree(fromConfig.out()).path("pipelines").path(0).path("pipeline").asText())
                    .isEqualTo("orders");
            assertThat(code(url + "/health")).as("the recorded endpoint is the run's").isEqualTo(200);
        } finally {
            CliHarness.Result result = run.get();
            assertThat(result.exitCode()).as(result.err()).isZero();
        }
        assertThat(recorded).as("removed when the run ends").doesNotExist();
        CliHarness.Result after = CliHarness.run("status", "--config", config.toString());
        assertThat(after.exitCode()).isEqualTo(3);
        assertThat(after.err()).contains("no run of it has recorded");
    }

    @Test
    void statusWithNothingListeningExitsThree() throws Exception {
        CliHarness.Result result = CliHarness.run("status", "--url", "http://127.0.0.1:" + CliHarness.freePort());
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains("cannot reach").contains("/status");
    }

    @Test
    void aTakenPortIsSaidAndTheRunDoesNotStart(@TempDir Path dir) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path config = dir.resolve("ops.yaml");
            Files.writeString(config, """
                    state_dir: %s
                    sources: { gen: { connector: datagen, topic: t, config: { pattern: orders, max_events: 10 } } }
                    sinks: { out: { connector: stdout } }
                    http: { port: %d }
                    """.formatted(dir.resolve("state"), taken.getLocalPort()));
            CliHarness.Result result = CliHarness.run("run", "--config", config.toString());
            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("http: cannot serve on 127.0.0.1:" + taken.getLocalPort());
            assertThat(result.out()).isEmpty();
        }
    }
}
