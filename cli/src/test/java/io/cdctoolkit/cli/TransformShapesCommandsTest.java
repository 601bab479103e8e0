package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code check}, {@code topics} and {@code schema derive} see a table's events after the transforms,
 * without running: with the test-only {@code test_*} transforms ({@link ShapeTestTransforms}) on a
 * datagen source, whose table schemas need no database.
 */
class TransformShapesCommandsTest {

    @TempDir
    Path tmp;

    /** A datagen orders source (table shop.orders, topic orders) with these source and pipeline transforms. */
    private Path config(String sourceTransforms, String pipelineTransforms) throws Exception {
        return config(sourceTransforms, pipelineTransforms, "{}");
    }

    /** As {@link #config(String, String)}, with these {@code cdc_features}. */
    private Path config(String sourceTransforms, String pipelineTransforms, String cdcFeatures) throws Exception {
        Path file = tmp.resolve("gen.yaml");
        Files.writeString(file, """
                version: "1.0"
                state_dir: %s
                schema_registry: { mode: external, external: { url: "mock://shapes" } }
                sources:
                  gen:
                    connector: datagen
                    config:
                      pattern: orders
                      namespace: shop
                      stream_name: orders
                      max_events: 1
                      transforms: %s
                      cdc_features: %s
                sinks:
                  out: { connector: stdout }
                pipelines:
                  p:
                    source: gen
                    sink: out
                    transforms: %s
                """.formatted(tmp.resolve("state"), sourceTransforms, cdcFeatures, pipelineTransforms));
        return file;
    }

    @Test
    void checkExitsTwoNamingTheKeyPathAndTableOfATransformThatDoesNotFit() throws Exception {
        Path file = config("[{type: test_require, config: {field: product}}, {type: test_require, config: {field: sku}}]",
                "[]");

        CliHarness.Result result = CliHarness.run("check", "--config", file.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(2);
        assertThat(result.out()).contains("✗ transforms gen")
                .contains("sources.gen.config.transforms[1].config.field: test_require does not fit table shop.orders:"
                        + " it has no field 'sku'")
                .contains("fix: name one of its fields")
                .doesNotContain("'product'");
    }

    @Test
    void aPipelinesTransformIsCheckedAtItsOwnKeyPath() throws Exception {
        Path file = config("[{type: test_route, config: {prefix: x.}}]", "[{type: test_require, config: {field: colour}}]");

        CliHarness.Result result = CliHarness.run("check", "--config", file.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(2);
        assertThat(result.out()).contains("pipelines.p.transforms[0].config.field: test_require does not fit table"
                + " shop.orders: it has no field 'colour'");
    }

    @Test
    void checkPassesWhenEveryTransformFitsEveryTable() throws Exception {
        Path file = config("[{type: test_require, config: {field: product}}]", "[{type: test_route, config: {prefix: x.}}]");

        CliHarness.Result result = CliHarness.run("check", "--config", file.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("✓ transforms gen").contains("2 transform(s) fit 1 table(s)");
    }

    /**
     * extract_new_record_state turns a delete into a tombstone that keeps the key it has then; a value_to_key after
     * it rekeys every other record: the tombstones compact nothing away. Built the other way round, the keys agree.
     */
    @Test
    void checkWarnsWhenTombstonesAreKeyedOtherwiseThanTheOtherRecords() throws Exception {
        Path late = config("[{type: extract_new_record_state}, {type: value_to_key, config: {fields: [customer_id, order_id]}}]",
                "[]");
        CliHarness.Result mismatch = CliHarness.run("check", "--config", late.toString());

        assertThat(mismatch.exitCode()).as(mismatch.out() + mismatch.err()).isZero();
        assertThat(mismatch.out()).contains("! transforms gen").contains("table shop.orders: its tombstones are keyed by"
                        + " (order_id), its other records by (customer_id, order_id): a tombstone does not remove the"
                        + " row's records from a compacted topic")
                .contains("fix: build the key before the transform that turns deletes into tombstones");

        Path early = config("[{type: value_to_key, config: {fields: [customer_id, order_id]}}, {type: extract_new_record_state}]",
                "[]");
        CliHarness.Result agreeing = CliHarness.run("check", "--config", early.toString());
        assertThat(agreeing.exitCode()).as(agreeing.out() + agreeing.err()).isZero();
        assertThat(agreeing.out()).contains("✓ transforms gen").doesNotContain("tombstones are keyed");
    }

    /**
     * Tombstones on a table keyed (value_to_key) by a column its rows share: on a compacted topic one row's delete
     * removes the records of every row of that key. Whether the tombstones feature or extract_new_record_state makes
     * the tombstones; keyed by the table's own key too, or without tombstones, nothing to warn of.
     */
    @Test
    void checkWarnsWhenTombstonedRecordsAreKeyedByFieldsRowsCanShare() throws Exception {
        String tombstones = "{tombstones: {enabled: true}}";
        String byCustomer = "[{type: value_to_key, config: {fields: [customer_id]}}]";
        String warning = "table shop.orders: its deletes get tombstones and its records are keyed by (customer_id),"
                + " which leaves out part of its own key (order_id): rows can share a record key, and on a compacted"
                + " topic one row's delete removes the records of every row of that key";
        for (Path shared : List.of(config(byCustomer, "[]", tombstones), config("[{type: value_to_key, config:"
                + " {fields: [customer_id]}}, {type: extract_new_record_state}]", "[]"))) {
            CliHarness.Result result = CliHarness.run("check", "--config", shared.toString());
            assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
            assertThat(result.out()).contains("! transforms gen").contains(warning)
                    .contains("fix: keep order_id in the record key (value_to_key fields), or turn tombstones off");
        }

        for (Path unique : List.of(config("[{type: value_to_key, config: {fields: [customer_id, order_id]}}]", "[]",
                tombstones), config(byCustomer, "[]"), config(byCustomer, "[]", "{tombstones: {enabled: true,"
                + " exclude_tables: [shop.orders]}}"))) {
            CliHarness.Result result = CliHarness.run("check", "--config", unique.toString());
            assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
            assertThat(result.out()).contains("✓ transforms gen").doesNotContain("rows can share a record key");
        }
    }

    /**
     * value_to_key for inserts, reads and updates alone leaves the deletes keyed by the reader's key: they land on
     * another key than the row's other records. Applied to every operation, or with the deletes dropped, nothing to
     * warn of. (The shapes did not carry operations before: check could not tell.)
     */
    @Test
    void checkWarnsWhenDeletesAreKeyedOtherwiseThanTheOtherRecords() throws Exception {
        Path rowsOnly = config("[{type: value_to_key, config: {fields: [customer_id, order_id]},"
                + " predicate: {operations: [c, r, u]}}]", "[]");
        CliHarness.Result mismatch = CliHarness.run("check", "--config", rowsOnly.toString());

        assertThat(mismatch.exitCode()).as(mismatch.out() + mismatch.err()).isZero();
        assertThat(mismatch.out()).contains("! transforms gen").contains("table shop.orders: its deletes are keyed by"
                        + " (order_id), its other records by (customer_id, order_id) (topic orders): a delete lands on"
                        + " another key than the row's other records")
                .contains("fix: key every operation alike");

        for (String transforms : List.of("[{type: value_to_key, config: {fields: [customer_id, order_id]}}]",
                "[{type: value_to_key, config: {fields: [customer_id, order_id]}, predicate: {operations: [c, r, u]}},"
                        + " {type: filter, config: {condition: \"op != 'd'\"}}]",
                "[{type: value_to_key, config: {fields: [customer_id, order_id]}, predicate: {operations: [d]}},"
                        + " {type: regex_router, config: {regex: orders, replacement: deleted.orders}, predicate: {operations: [d]}}]")) {
            CliHarness.Result agreeing = CliHarness.run("check", "--config", config(transforms, "[]").toString());
            assertThat(agreeing.exitCode()).as(agreeing.out() + agreeing.err()).isZero();
            assertThat(agreeing.out()).as(transforms).contains("✓ transforms gen").doesNotContain("deletes are keyed");
        }
    }

    /**
     * value_to_key under a predicate on a field's value keys a row's records one way while the field has the value
     * and the other way after: the same operations' records on one topic keyed two ways. check says so once (not
     * also as deletes keyed otherwise); the oracle is a run: one order's records do come out under both keys.
     */
    @Test
    void checkWarnsWhenTheKeyDependsOnAFieldValue() throws Exception {
        Path byStatus = config("[{type: value_to_key, config: {fields: [customer_id, order_id]},"
                + " predicate: {field_value: {field: status, value: pending}}}]", "[]");
        CliHarness.Result check = CliHarness.run("check", "--config", byStatus.toString());

        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("! transforms gen").contains("table shop.orders: its records of the same"
                        + " operations (c, r, u, d, t) are keyed two ways, by (customer_id, order_id) and by (order_id)"
                        + " (topic orders): the key depends on each event")
                .contains("fix: build the key alike for every record of a table")
                .doesNotContain("its deletes are keyed");

        Files.writeString(byStatus, Files.readString(byStatus).replace("max_events: 1", "max_events: 300\n      events_per_second: 0\n      cdc_mode: true")
                .replace("mode: external, external: { url: \"mock://shapes\" }", "mode: disabled"));
        CliHarness.Result run = CliHarness.run("run", "--config", byStatus.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<Object, Set<Set<String>>> keysPerOrder = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : run.out().split("\n")) {
            if (!line.startsWith("{")) continue;
            JsonNode key = json.readTree(line).get("key");
            Set<String> fields = new TreeSet<>();
            key.fieldNames().forEachRemaining(fields::add);
            keysPerOrder.computeIfAbsent(key.get("order_id").asLong(), k -> new HashSet<>()).add(fields);
        }
        assertThat(keysPerOrder.values()).as("an order whose records got both keys")
                .anyMatch(keys -> keys.size() == 2);

        for (String transforms : List.of("[{type: value_to_key, config: {fields: [customer_id, order_id]}}]",
                "[{type: value_to_key, config: {fields: [customer_id, order_id]},"
                        + " predicate: {field_exists: status}}]")) {
            CliHarness.Result agreeing = CliHarness.run("check", "--config", config(transforms, "[]").toString());
            assertThat(agreeing.exitCode()).as(agreeing.out() + agreeing.err()).isZero();
            assertThat(agreeing.out()).as(transforms).contains("✓ transforms gen").doesNotContain("keyed two ways");
        }
    }

    /**
     * A transform whose predicate matches none of the tables, a regex_router whose regex matches none of their
     * topics, a mask_field or replace_field none of whose fields they have (missing_fields: ignore), changes nothing — a misspelt table name keeps a mask off the column it was meant for: check warns,
     * naming the transform. One that matches, or may match an event (on a field), is not warned of, nor is one no event
     * reaches (a filter before it keeps none), nor a flatten of flat rows (nothing to do by design).
     */
    @Test
    void checkWarnsOfATransformThatActsOnNoTable() throws Exception {
        Path misspelt = config("[{type: mask_field, config: {fields: [customer_id]}, predicate: {tables: [shop.ordrs]}},"
                        + " {type: regex_router, config: {regex: 'pg\\.public\\.(.*)', replacement: 'x.$1'}}]",
                "[{type: regex_router, config: {regex: orders, replacement: x.orders}, predicate: {schemas: [nowhere]}}]");
        CliHarness.Result idle = CliHarness.run("check", "--config", misspelt.toString());

        assertThat(idle.exitCode()).as(idle.out() + idle.err()).isZero();
        assertThat(idle.out()).contains("! transforms gen               sources.gen.config.transforms[0] (mask_field)"
                        + " acts on none of the 1 table(s) checked (shop.orders): it changes no event (its predicate"
                        + " matches none of them)")
                .contains("fix: correct the predicate: tables are regexes searched in schema.table")
                .contains("! transforms gen               sources.gen.config.transforms[1] (regex_router) acts on none"
                        + " of the 1 table(s) checked (shop.orders): it changes no event (its regex matches none of"
                        + " their topics whole)")
                .contains("fix: correct sources.gen.config.transforms[1].config.regex (`cdc-toolkit topics` lists the"
                        + " topics)")
                .contains("! transforms gen               pipelines.p.transforms[0] (regex_router) acts on none of the"
                        + " 1 table(s) checked (shop.orders): it changes no event (its predicate matches none of them,"
                        + " or its regex matches none of their topics whole)");

        // missing_fields: ignore and a misspelt field: the mask masks nothing
        Path ignored = config("[{type: mask_field, config: {fields: [custmer_id], missing_fields: ignore}},"
                + " {type: replace_field, config: {exclude: [prodct], missing_fields: ignore}}]", "[]");
        CliHarness.Result unmasked = CliHarness.run("check", "--config", ignored.toString());
        assertThat(unmasked.exitCode()).as(unmasked.out() + unmasked.err()).isZero();
        assertThat(unmasked.out()).contains("sources.gen.config.transforms[0] (mask_field) acts on none of the 1 table(s)"
                        + " checked (shop.orders): it changes no event (none of the fields it names is in them)")
                .contains("sources.gen.config.transforms[1] (replace_field) acts on none")
                .contains("fix: correct the field names (missing_fields: ignore passes a table without them silently)");

        for (String transforms : List.of(
                "[{type: mask_field, config: {fields: [customer_id]}, predicate: {tables: [orders]}},"
                        + " {type: regex_router, config: {regex: orders, replacement: x.orders},"
                        + " predicate: {field_value: {field: product, value: tea}}}]",
                "[{type: filter, config: {condition: \"table = 'none'\"}},"
                        + " {type: mask_field, config: {fields: [customer_id]}, predicate: {tables: [shop.ordrs]}}]",
                "[{type: mask_field, config: {fields: [customer_id, nowhere], missing_fields: ignore}},"
                        + " {type: replace_field, config: {renames: ['product:item'], missing_fields: ignore}},"
                        + " {type: flatten}]")) {
            CliHarness.Result acting = CliHarness.run("check", "--config", config(transforms, "[]").toString());
            assertThat(acting.exitCode()).as(acting.out() + acting.err()).isZero();
            assertThat(acting.out()).as(transforms).contains("✓ transforms gen").doesNotContain("changes no event");
        }
    }

    /**
     * A filter that keeps none of the tables' events (a condition on a misspelt table name) writes nothing: check warns.
     * One that keeps some of them is not warned of.
     */
    @Test
    void checkWarnsWhenTheTransformsDropEveryEventOfEveryTable() throws Exception {
        CliHarness.Result none = CliHarness.run("check", "--config",
                config("[{type: filter, config: {condition: \"table = 'ordrs'\"}}]", "[]").toString());
        assertThat(none.exitCode()).as(none.out() + none.err()).isZero();
        assertThat(none.out()).contains("! transforms gen               the transforms drop every event of the 1 table(s)"
                + " checked (shop.orders): no table's change is written");

        CliHarness.Result some = CliHarness.run("check", "--config",
                config("[{type: filter, config: {condition: \"quantity > 1\"}}]", "[]").toString());
        assertThat(some.exitCode()).as(some.out() + some.err()).isZero();
        assertThat(some.out()).doesNotContain("drop every event");
    }

    @Test
    void topicsShowsTheTopicAfterTheTransformsAndWhereItWasRoutedFrom() throws Exception {
        Path file = config("[{type: test_route, config: {prefix: cdc.}}]", "[{type: test_route, config: {prefix: eu.}}]");

        CliHarness.Result table = CliHarness.run("topics", "--config", file.toString());
        CliHarness.Result json = CliHarness.run("topics", "--config", file.toString(), "--format", "json");

        assertThat(table.exitCode()).as(table.err()).isZero();
        // Source transforms first, then the pipeline's: eu. is prefixed last.
        assertThat(table.out()).contains("shop.orders").contains("eu.cdc.orders")
                .contains("eu.cdc.orders-key, eu.cdc.orders-value").contains("routed from orders");
        JsonNode row = new ObjectMapper().readTree(json.out()).get(0);
        assertThat(row.get("topic").asText()).isEqualTo("eu.cdc.orders");
        assertThat(row.get("topic_before_transforms").asText()).isEqualTo("orders");
        assertThat(row.get("value_subject").asText()).isEqualTo("eu.cdc.orders-value");
        assertThat(row.get("shapes").asInt()).isEqualTo(1);
    }

    /**
     * Two tables a {@code regex_router} sends to one topic (merged shards, say): no collision error, but a note that
     * their schemas are versions of the same subjects — named as the config's registry names them (Glue: the value
     * schema after the topic alone, as the pipeline and {@code --schemas} name it).
     */
    @Test
    void topicsNotesTablesTheTransformsSendToOneTopicWithTheRegistrysSubjectNames() throws Exception {
        for (String registry : List.of("{ mode: external, external: { url: \"mock://shapes\" } }",
                "{ mode: glue, glue: { region: eu-west-1, registry_name: r } }")) {
            Path file = Files.writeString(tmp.resolve("merged.yaml"), """
                    version: "1.0"
                    state_dir: %s
                    schema_registry: %s
                    sources:
                      a:
                        connector: datagen
                        config:
                          pattern: orders
                          namespace: shop
                          stream_name: orders
                          transforms: [{type: regex_router, config: {regex: ".*", replacement: merged}}]
                      b:
                        connector: datagen
                        config:
                          pattern: users
                          namespace: shop
                          stream_name: users
                          transforms: [{type: regex_router, config: {regex: ".*", replacement: merged}}]
                    sinks:
                      out: { connector: stdout }
                    pipelines:
                      pa: { source: a, sink: out }
                      pb: { source: b, sink: out }
                    """.formatted(tmp.resolve("state"), registry));
            boolean glue = registry.contains("glue");
            String subjects = glue ? "merged-key, merged" : "merged-key, merged-value";

            CliHarness.Result topics = CliHarness.run("topics", "--config", file.toString());

            assertThat(topics.exitCode()).as(topics.out() + topics.err()).isZero();
            assertThat(topics.out()).contains("shop.orders").contains("shop.users").contains(subjects + "   [transforms:"
                    + " routed from orders]").contains(subjects + "   [transforms: routed from users]");
            assertThat(topics.err()).contains("note: topic merged receives the events of 2 tables after the transforms"
                    + " (shop.orders, shop.users): their key and value schemas are versions of the same subjects ("
                    + subjects + ")").doesNotContain("error:");
            JsonNode row = new ObjectMapper().readTree(CliHarness.run("topics", "--config", file.toString(), "--format",
                    "json").out()).get(0);
            assertThat(row.get("value_subject").asText()).isEqualTo(glue ? "merged" : "merged-value");
        }
    }

    @Test
    void topicsSaysWhenTheTransformsDropEveryEventOrEmitSeveralShapes() throws Exception {
        CliHarness.Result dropped = CliHarness.run("topics", "--config", config("[{type: test_drop}]", "[]").toString());
        CliHarness.Result fanOut = CliHarness.run("topics", "--config", config("[{type: test_unwrap}]", "[]").toString());

        assertThat(dropped.exitCode()).as(dropped.err()).isZero();
        assertThat(dropped.out()).contains("(dropped)").contains("the transforms drop every event");
        assertThat(fanOut.exitCode()).as(fanOut.err()).isZero();
        assertThat(fanOut.out()).contains("2 shapes incl. tombstones");
    }

    @Test
    void topicsWithoutTransformsIsUnchanged() throws Exception {
        CliHarness.Result json = CliHarness.run("topics", "--config", config("[]", "[]").toString(), "--format", "json");

        JsonNode row = new ObjectMapper().readTree(json.out()).get(0);
        assertThat(row.get("topic").asText()).isEqualTo("orders");
        assertThat(row.has("topic_before_transforms")).isFalse();
    }

    @Test
    void schemaDeriveShowsTheSchemasAfterTheTransformsIncludingATombstoneWithoutValueSchema() throws Exception {
        Path plain = config("[]", "[]");
        CliHarness.Result before = CliHarness.run("schema", "derive", "--config", plain.toString(), "--table",
                "shop.orders", "--format", "avro", "--only", "value");
        Path unwrapped = config("[{type: test_unwrap}]", "[{type: test_route, config: {prefix: flat.}}]");

        CliHarness.Result after = CliHarness.run("schema", "derive", "--config", unwrapped.toString(), "--table",
                "shop.orders", "--format", "avro");
        CliHarness.Result onlyValue = CliHarness.run("schema", "derive", "--config", unwrapped.toString(), "--table",
                "shop.orders", "--format", "avro", "--only", "value");

        assertThat(before.exitCode()).as(before.err()).isZero();
        assertThat(after.exitCode()).as(after.err()).isZero();
        assertThat(onlyValue.exitCode()).as(onlyValue.err()).isZero();
        assertThat(after.err()).doesNotContain("NOT applied").contains("after its transforms: test_unwrap"
                + " (sources.gen.config.transforms[0]), test_route (pipelines.p.transforms[0])");
        assertThat(after.out()).contains("transforms emit 2 shapes").contains("-> topic flat.orders")
                .contains("# value subject: flat.orders-value")
                .contains("# value: none (tombstones: a null value, no value schema is registered)");
        // The oracle: the unwrapped value has exactly the fields of the untransformed envelope's after row.
        Schema envelope = new Schema.Parser().parse(before.out());
        Schema afterRow = envelope.getField("after").schema().getTypes().stream()
                .filter(s -> s.getType() == Schema.Type.RECORD).findFirst().orElseThrow();
        Schema flat = new Schema.Parser().parse(onlyValue.out());
        assertThat(fieldNames(flat)).isEqualTo(fieldNames(afterRow)).contains("product").doesNotContain("after");
        assertThat(onlyValue.err()).contains("subject: flat.orders-value");
    }

    @Test
    void schemaDeriveAndTopicsSchemasReportATransformThatDoesNotFitAsAConfigError() throws Exception {
        Path file = config("[{type: test_require, config: {field: sku}}]", "[]");

        CliHarness.Result derive = CliHarness.run("schema", "derive", "--config", file.toString(), "--table",
                "shop.orders", "--format", "avro");
        CliHarness.Result topics = CliHarness.run("topics", "--config", file.toString(), "--schemas",
                "--schema-format", "avro");

        for (CliHarness.Result r : List.of(derive, topics)) {
            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
            assertThat(r.err()).contains("sources.gen.config.transforms[0].config.field")
                    .contains("does not fit table shop.orders");
        }
    }

    @Test
    void topicsSchemasUseTheTopicAfterTheTransforms() throws Exception {
        Path file = config("[{type: test_route, config: {prefix: cdc.}}]", "[]");

        CliHarness.Result json = CliHarness.run("topics", "--config", file.toString(), "--schemas",
                "--schema-format", "avro", "--format", "json");

        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode row = new ObjectMapper().readTree(json.out()).get(0);
        assertThat(row.get("topic").asText()).isEqualTo("cdc.orders");
        assertThat(row.get("value_subject").asText()).isEqualTo("cdc.orders-value");
        assertThat(new Schema.Parser().parse(row.get("value_schema").asText()).getField("after")).isNotNull();
    }

    private static List<String> fieldNames(Schema record) {
        return record.getFields().stream().map(Schema.Field::name).toList();
    }
}
