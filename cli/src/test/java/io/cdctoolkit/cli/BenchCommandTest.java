package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.SourceFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bench} on a datagen orders source (quantity 1 to 9, inserts/updates/deletes): every configured
 * stage appears in run order, and the events in and out of each are those the datagen stream implies,
 * counted here from the datagen source itself with the filter's rule written out. No timing is asserted.
 */
class BenchCommandTest {

    private static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final int WARMUP = 1_000;
    private static final int EVENTS = 3_000;

    @TempDir
    Path tmp;

    private Path config(String extraPipelines) throws Exception {
        Path file = tmp.resolve("bench.yaml");
        Files.writeString(file, """
                version: "1.0"
                state_dir: %s
                schema_registry:
                  mode: external
                  format: avro
                  external: { url: "mock://bench-test" }
                sources:
                  gen:
                    connector: datagen
                    topic: shop.orders
                    config:
                      pattern: orders
                      namespace: shop
                      stream_name: orders
                      cdc_mode: true
                      events_per_second: 10
                      max_events: 5
                      transforms:
                        - { type: filter, config: { condition: "quantity > 5" } }
                        - { type: mask_field, config: { fields: [product] } }
                      cdc_features:
                        encryption: { fields: [currency], key: "%s" }
                        tombstones: { enabled: true, emit_tombstone_after_delete: true }
                sinks:
                  out: { connector: stdout }
                pipelines:
                  p:
                    source: gen
                    sink: out
                    transforms:
                      - { type: insert_field, config: { static.field: origin, static.value: bench } }
                %s""".formatted(tmp.resolve("state"), KEY, extraPipelines));
        return file;
    }

    @Test
    void every_stage_in_run_order_with_the_counts_the_datagen_stream_implies() throws Exception {
        Path file = config("");

        CliHarness.Result result = CliHarness.run("bench", "--config", file.toString(), "--events", "" + EVENTS,
                "--warmup", "" + WARMUP, "--format", "json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(result.out());
        List<String> stages = new ArrayList<>();
        report.get("stages").forEach(s -> stages.add(s.get("stage").asText()));
        assertThat(stages).containsExactly("transforms[0] filter", "transforms[1] mask_field",
                "pipelines.p.transforms[0] insert_field", "cdc_features.encryption", "cdc_features.tombstones",
                "encoder avro (external mock://bench-test)", "sink null", "stage acknowledgements");

        // The oracle: the same datagen stream read here, the measured part being the events after the warm-up.
        List<ChangeEvent> measured = datagenOrders(WARMUP + EVENTS).subList(WARMUP, WARMUP + EVENTS);
        long kept = measured.stream().filter(e -> quantity(e) > 5).count();
        long keptDeletes = measured.stream().filter(e -> quantity(e) > 5 && e.op() == Op.DELETE).count();
        assertThat(kept).isBetween(1L, EVENTS - 1L); // the filter really drops a share
        assertThat(keptDeletes).isPositive();

        assertThat(report.get("events").asLong()).isEqualTo(EVENTS);
        assertThat(report.get("warmup_events").asLong()).isEqualTo(WARMUP);
        assertThat(report.at("/source/events").asLong()).isEqualTo(WARMUP + EVENTS);
        JsonNode rows = report.get("stages");
        assertCounts(rows.get(0), EVENTS, kept);
        for (int i = 1; i <= 3; i++) assertCounts(rows.get(i), kept, kept);
        assertCounts(rows.get(4), kept, kept + keptDeletes); // a tombstone after each delete
        assertCounts(rows.get(5), kept + keptDeletes, kept + keptDeletes);
        assertCounts(rows.get(6), kept + keptDeletes, kept + keptDeletes);
        assertCounts(rows.get(7), kept + keptDeletes, kept + keptDeletes);
        assertThat(report.at("/total/records_out").asLong()).isEqualTo(kept + keptDeletes);
        assertThat(result.out() + result.err()).doesNotContain(KEY);
    }

    @Test
    void the_table_lists_the_source_each_stage_and_a_total_in_order() throws Exception {
        Path file = config("");

        CliHarness.Result result = CliHarness.run("bench", "--config", file.toString(), "--events", "500",
                "--warmup", "0");

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).contains("pipeline p", "500 events");
        assertThat(lines.get(1)).contains("stage", "events in", "events out", "ns/event", "events/s", "share");
        List<String> firstColumn = lines.subList(2, lines.size()).stream().map(l -> l.split("  ")[0].trim()).toList();
        assertThat(firstColumn).containsExactly("source datagen (orders)", "transforms[0] filter",
                "transforms[1] mask_field", "pipelines.p.transforms[0] insert_field", "cdc_features.encryption",
                "cdc_features.tombstones", "encoder avro (external mock://bench-test)", "sink null", "stage acknowledgements",
                "total (chain)");
        assertThat(lines.get(2)).contains("500"); // the source generated --events + --warmup events
    }

    @Test
    void an_unknown_pipeline_is_a_config_error_naming_the_file_and_the_pipelines() throws Exception {
        Path file = config("");

        CliHarness.Result result = CliHarness.run("bench", "--config", file.toString(), "--pipeline", "nope");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(result.err()).contains("no pipeline named 'nope'", file.toString(), "pipelines: p");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void several_enabled_pipelines_need_one_named() throws Exception {
        Path file = config("  q: { source: other, sink: out }\n");
        Files.writeString(file, Files.readString(file).replace("sinks:", """
                  other:
                    connector: datagen
                    config: { pattern: users }
                sinks:"""));

        CliHarness.Result unnamed = CliHarness.run("bench", "--config", file.toString(), "--events", "100");
        CliHarness.Result named = CliHarness.run("bench", "--config", file.toString(), "--events", "100",
                "--warmup", "0", "--pipeline", "q");

        assertThat(unnamed.exitCode()).as(unnamed.err()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(unnamed.err()).contains("several pipelines", "--pipeline", "p, q");
        assertThat(named.exitCode()).as(named.err()).isZero();
        assertThat(named.out()).contains("source datagen (users)", "encoder avro").doesNotContain("filter");
    }

    @Test
    void a_bad_transform_option_is_a_config_error_naming_the_file_and_the_key_path() throws Exception {
        Path file = config("");
        Files.writeString(file, Files.readString(file).replace("fields: [product]", "fieldz: [product]"));

        CliHarness.Result result = CliHarness.run("bench", "--config", file.toString(), "--events", "100");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(result.err()).contains(file.toString(), "sources.gen.config.transforms[1].config.fieldz");
    }

    @Test
    void a_registry_that_cannot_be_reached_exits_three_saying_so() throws Exception {
        int port = CliHarness.freePort();
        Path file = config("");
        Files.writeString(file, Files.readString(file).replace("url: \"mock://bench-test\"",
                "url: \"http://127.0.0.1:" + port + "\", username: bench, password: s3cret"));

        CliHarness.Result result = CliHarness.run("bench", "--config", file.toString(), "--events", "10",
                "--warmup", "0");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(result.err()).contains("schema registry cannot be reached").doesNotContain("s3cret");
    }

    private static void assertCounts(JsonNode row, long in, long out) {
        assertThat(row.get("events_in").asLong()).as(row.get("stage").asText() + " in").isEqualTo(in);
        assertThat(row.get("events_out").asLong()).as(row.get("stage").asText() + " out").isEqualTo(out);
        assertThat(row.get("rejected").asLong()).as(row.get("stage").asText() + " rejected").isZero();
    }

    /** The filter's rule: quantity read from after, or before for a delete. */
    private static int quantity(ChangeEvent event) {
        Row row = (Row) (event.value().get("after") != null ? event.value().get("after") : event.value().get("before"));
        return ((Number) row.get("quantity")).intValue();
    }

    private List<ChangeEvent> datagenOrders(int count) throws Exception {
        SourceFactory factory = ComponentCatalog.load().source("datagen").orElseThrow();
        Map<String, Object> options = Map.of("pattern", "orders", "namespace", "shop", "stream_name", "orders",
                "cdc_mode", true, "events_per_second", 0, "max_events", count);
        List<ChangeEvent> events = new ArrayList<>();
        try (CdcReader reader = factory.create(Options.of("oracle", factory.spec().options(), options),
                new ComponentContext("gen", "oracle", "shop.orders", tmp.resolve("oracle"), new SimpleMeterRegistry()))) {
            reader.start();
            while (!reader.isExhausted()) events.addAll(reader.poll(Duration.ofMillis(100)));
        }
        assertThat(events).hasSize(count);
        return events;
    }
}
