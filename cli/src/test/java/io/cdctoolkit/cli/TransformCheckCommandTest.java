package io.cdctoolkit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code check} and {@code topics} with the real transforms (module smt) on a datagen orders source
 * (table shop.orders: order_id, customer_id, product, quantity, unit_price, total_amount, currency,
 * status, created_at, updated_at): the bar — a {@code cast} naming a missing field and a
 * {@code filter} syntax error exit 2 with the key path (and the column).
 */
class TransformCheckCommandTest {

    @TempDir
    Path tmp;

    private Path config(String transforms) throws Exception {
        Path file = tmp.resolve("gen.yaml");
        Files.writeString(file, """
                version: "1.0"
                state_dir: %s
                sources:
                  gen:
                    connector: datagen
                    topic: shop.orders
                    config:
                      pattern: orders
                      namespace: shop
                      stream_name: orders
                      max_events: 1
                      transforms: %s
                sinks:
                  out: { connector: stdout }
                pipelines:
                  p: { source: gen, sink: out }
                """.formatted(tmp.resolve("state"), transforms));
        return file;
    }

    @Test
    void aCastOfAMissingFieldExitsTwoWithTheKeyPathAndTable() throws Exception {
        Path file = config("[{type: cast, config: {spec: \"quantity:int64,qty:int32\"}}]");

        CliHarness.Result result = CliHarness.run("check", "--config", file.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(2);
        assertThat(result.out()).contains("✗ transforms gen")
                .contains("sources.gen.config.transforms[0].config.spec")
                .contains("does not fit table shop.orders")
                .contains("'qty'");
    }

    @Test
    void aFilterSyntaxErrorExitsTwoWithTheKeyPathAndColumn() throws Exception {
        Path file = config("[{type: filter, config: {condition: \"quantity > 2 and (status = 'shipped'\"}}]");

        CliHarness.Result result = CliHarness.run("check", "--config", file.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(2);
        assertThat(result.out() + result.err()).contains("sources.gen.config.transforms[0].config.condition")
                .contains("expected ')' at column 37 (end of input)");
    }

    @Test
    void aChainThatFitsPassesCheckAndTopicsShowsTheRoutedTopic() throws Exception {
        Path file = config("""
                [{type: extract_new_record_state, config: {delete.tombstone.handling.mode: rewrite}},
                 {type: "org.apache.kafka.connect.transforms.Cast$Value", config: {spec: "quantity:int64"}},
                 {type: mask_field, predicate: {operations: [c, u]}, config: {fields: [product]}},
                 {type: regex_router, config: {regex: "shop\\\\.(.*)", replacement: "warehouse.$1"}}]""");

        CliHarness.Result check = CliHarness.run("check", "--config", file.toString());
        CliHarness.Result topics = CliHarness.run("topics", "--config", file.toString());

        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(topics.exitCode()).as(topics.out() + topics.err()).isZero();
        assertThat(topics.out()).contains("warehouse.orders");
    }
}
