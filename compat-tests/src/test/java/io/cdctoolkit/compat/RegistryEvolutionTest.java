package io.cdctoolkit.compat;

import io.cdctoolkit.compat.ApicurioReader.Format;
import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.runtime.PipelineResult;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.schema.registry.RegistryClient;
import io.cdctoolkit.schema.registry.rest.ConfluentRestRegistryClient;
import io.cdctoolkit.schema.registry.rest.RestRegistrySettings;
import io.cdctoolkit.testing.ApicurioRegistry;
import io.cdctoolkit.testing.KafkaClusterExtension;
import io.cdctoolkit.testing.PostgresServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import static io.cdctoolkit.compat.KafkaRecords.header;
import static io.cdctoolkit.compat.KafkaRecords.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL → pipeline ({@code schema_registry.mode: external} against a real Apicurio Registry
 * 3.3.3, through its Confluent-compatible API) → Kafka, read back by Apicurio's own deserializers, in
 * each format: the snapshot and every streamed change (keys and tombstones included) decode; an
 * {@code ALTER TABLE … ADD COLUMN} mid-stream registers version 2 and records of both versions decode;
 * a table change the subject's {@code BACKWARD} level rejects sends the next change to the dead-letter
 * topic with the registry's reason while capture goes on; and once the schemas are registered, more
 * changes of the same schemas make no registry request at all.
 */
class RegistryEvolutionTest {

    /**
     * Per format, a table change that {@code BACKWARD} rejects (a reader with the new schema must read
     * data written with the old one).
     */
    enum Scenario {
        /** {@code int} → {@code string} is not one of Avro's promotions: the new reader cannot read the old ints. */
        AVRO(Format.AVRO, "stock int NOT NULL DEFAULT 7", "ALTER TABLE items ALTER COLUMN qty TYPE text USING qty::text",
                "INSERT INTO items (id, name, qty, color) VALUES (5, 'kiwi', 'fifty', 'green'), (6, 'lime', 'sixty', 'green')",
                // Avro's SchemaCompatibility, as Apicurio reports it: the changed row record no longer fits
                // the before/after unions.
                "[AVRO]", "reader union lacking writer type: RECORD"),
        /**
         * {@code int32} → {@code string}: different wire types, incompatible under Confluent's rules; Apicurio
         * 3.3.3's Protobuf rule (protolock-style) rejects any change of a field's type — and label — at
         * every level but NONE, so it rejects this too (it would also reject int32 → int64, which Confluent allows).
         */
        PROTOBUF(Format.PROTOBUF, "stock int NOT NULL DEFAULT 7", "ALTER TABLE items ALTER COLUMN qty TYPE text USING qty::text",
                "INSERT INTO items (id, name, qty, color) VALUES (5, 'kiwi', 'fifty', 'green'), (6, 'lime', 'sixty', 'green')",
                "[PROTOBUF]", "Field type changed, message Envelope.Value , before: int32 , after string"),
        /**
         * Our rows are closed ({@code additionalProperties: false}): after {@code DROP COLUMN} a reader with
         * the new schema rejects old records that still carry the column, so the drop is BACKWARD-incompatible
         * (docs/formats/json-schema.md), while adding a nullable column is compatible.
         */
        JSON_SCHEMA(Format.JSON_SCHEMA, "stock int DEFAULT 7", "ALTER TABLE items DROP COLUMN qty",
                "INSERT INTO items (id, name, color) VALUES (5, 'kiwi', 'green'), (6, 'lime', 'green')",
                "[JSON]", "Combined type subschema not compatible at /properties/after");

        final Format format;
        /**
         * The second column of the compatible {@code ADD COLUMN} (with {@code color text}). A NOT NULL column
         * with a default is BACKWARD-compatible in Avro (the field has the default) and Protobuf (a new
         * number). In JSON Schema it becomes a required property with a default: compatible by Confluent's
         * rules, but Apicurio 3.3.3 rejects it ("Combined type subschema not compatible at /properties/after")
         * — so that scenario adds it nullable.
         */
        final String stockColumn;
        final String incompatibleChange;
        /** Two rows (ids 5 and 6) of the rejected table version. */
        final String insertAfterIt;
        /** Apicurio's words for the rejection (its 409 message), which the dead letter must carry. */
        final String[] registryReason;

        Scenario(Format format, String stockColumn, String incompatibleChange, String insertAfterIt,
                 String... registryReason) {
            this.format = format;
            this.stockColumn = stockColumn;
            this.incompatibleChange = incompatibleChange;
            this.insertAfterIt = insertAfterIt;
            this.registryReason = registryReason;
        }
    }

    /** Changes of already registered schemas made to show the steady state asks the registry nothing. */
    private static final int STEADY_CHANGES_PER_TABLE = 5;

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    @TempDir
    Path stateDir;

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyChangeDecodesWithApicurioAcrossVersionsAndAnIncompatibleChangeIsDeadLettered(Scenario scenario)
            throws Exception {
        ApicurioRegistry apicurio = ApicurioRegistry.shared();
        PostgresServer pg = PostgresServer.shared();
        String db = "e2e_registry_" + scenario.name().toLowerCase(Locale.ROOT);
        String itemsTopic = db + ".public.items";
        String notesTopic = db + ".public.notes";
        pg.createDatabase(db);
        pg.execute(db, "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, qty int)",
                "CREATE TABLE notes (id int PRIMARY KEY, body text)",
                "INSERT INTO items VALUES (1, 'apple', 10), (2, 'pear', 20)",
                "INSERT INTO notes VALUES (1, 'first')");

        MeterRegistry meters = new SimpleMeterRegistry();
        Pipeline pipeline = ConfiguredPipeline.assemble(RegistryPipelineConfig.yaml(stateDir, pg, db,
                kafka.bootstrapServers(), scenario.format.configName, apicurio.ccompatUrl(), 3), meters).build();
        PipelineResult result;
        double requestsAtSteadyState;
        double requestsAfterSteadyChanges;
        double requestsAfterTheRejection;
        double registrationsAfterSteadyChanges;
        double registrationsForTheRejection;
        boolean runningAfterTheRejection;
        try (ConfiguredPipeline running = ConfiguredPipeline.start(pipeline);
             RegistryClient registry = new ConfluentRestRegistryClient(RestRegistrySettings.of(apicurio.ccompatUrl()))) {
            awaitRecordsOut(running, 3, 0);
            // Apicurio's global default is NONE: the rule under test is the subject's own BACKWARD level.
            apicurio.setSubjectCompatibility(itemsTopic + "-value", "BACKWARD");
            apicurio.setSubjectCompatibility(notesTopic + "-value", "BACKWARD");

            pg.execute(db, "INSERT INTO items VALUES (3, 'plum', 30)",
                    "UPDATE items SET qty = 11 WHERE id = 1",
                    "DELETE FROM items WHERE id = 2",
                    "UPDATE notes SET body = 'first, edited' WHERE id = 1");
            awaitRecordsOut(running, 8, 0);
            assertThat(registry.versions(itemsTopic + "-value")).containsExactly(1);

            pg.execute(db, "ALTER TABLE items ADD COLUMN color text, ADD COLUMN " + scenario.stockColumn,
                    "INSERT INTO items VALUES (4, 'fig', 40, 'purple')",
                    "UPDATE items SET color = 'red' WHERE id = 3");
            awaitRecordsOut(running, 10, 0);
            assertThat(registry.versions(itemsTopic + "-value")).as("ADD COLUMN registers version 2").containsExactly(1, 2);

            requestsAtSteadyState = registryRequests(meters);
            assertThat(requestsAtSteadyState).as("the registrations were counted").isPositive();
            for (int i = 0; i < STEADY_CHANGES_PER_TABLE; i++) {
                pg.execute(db, "INSERT INTO items VALUES (%d, 'item %d', %d, 'green')".formatted(10 + i, 10 + i, 100 + i),
                        "INSERT INTO notes VALUES (%d, 'note %d')".formatted(10 + i, 10 + i));
            }
            awaitRecordsOut(running, 10 + 2 * STEADY_CHANGES_PER_TABLE, 0);
            requestsAfterSteadyChanges = registryRequests(meters);
            registrationsAfterSteadyChanges = registryRequests(meters, "register");

            pg.execute(db, scenario.incompatibleChange, scenario.insertAfterIt,
                    "INSERT INTO notes VALUES (3, 'after the rejection')");
            // Two changes of the rejected version (a dead letter counts as a record out) and a change of another table.
            awaitRecordsOut(running, 10 + 2 * STEADY_CHANGES_PER_TABLE + 3, 2);
            requestsAfterTheRejection = registryRequests(meters);
            registrationsForTheRejection = registryRequests(meters, "register") - registrationsAfterSteadyChanges;
            runningAfterTheRejection = !running.isDone();
            result = running.stop();

            assertThat(registry.versions(itemsTopic + "-value")).as("the rejected schema is not registered")
                    .containsExactly(1, 2);
            assertThat(registry.versions(itemsTopic + "-key")).containsExactly(1);
            assertThat(registry.versions(notesTopic + "-value"))
                    .as("the snapshot and the stream of an unchanged table give one schema").containsExactly(1);

            List<ConsumerRecord<byte[], byte[]>> items = KafkaRecords.readAll(kafka.bootstrapServers(), itemsTopic::equals);
            int v1 = registry.version(itemsTopic + "-value", 1).id();
            int v2 = registry.version(itemsTopic + "-value", 2).id();
            assertThat(items.stream().filter(r -> r.value() != null).map(r -> ApicurioReader.schemaId(r.value())).distinct())
                    .as("records of both versions, by their ids").containsExactly(v1, v2);
        }

        assertThat(runningAfterTheRejection).as("capture goes on after the rejection").isTrue();
        assertThat(result.failure()).isNull();
        assertThat(result.status()).isEqualTo(PipelineResult.Status.STOPPED);
        assertThat(result.counts().deadLettered()).isEqualTo(2);
        assertThat(requestsAfterSteadyChanges).as("registry requests for %d changes of registered schemas",
                2 * STEADY_CHANGES_PER_TABLE).isEqualTo(requestsAtSteadyState);
        assertThat(registrationsForTheRejection)
                .as("registrations for two changes of a rejected table version: one attempt").isEqualTo(1);
        // Protobuf derives the new version against the subject's versions (their field numbers): read once for both
        // changes — the latest, the list, versions 2 and 1 (neither is this table version).
        assertThat(requestsAfterTheRejection - requestsAfterSteadyChanges - registrationsForTheRejection)
                .as("registry reads for two changes of a rejected table version")
                .isEqualTo(scenario.format == Format.PROTOBUF ? 4 : 0);

        try (ApicurioReader reader = new ApicurioReader(scenario.format, apicurio.nativeV3Url())) {
            Map<Integer, List<String>> itemChanges = reader.changesByKey(
                    KafkaRecords.readAll(kafka.bootstrapServers(), itemsTopic::equals), "qty", "color", "stock");
            Map<Integer, List<String>> expectedItems = new LinkedHashMap<>();
            expectedItems.put(1, List.of("r qty=10", "u qty=11"));
            expectedItems.put(2, List.of("r qty=20", "d", "tombstone"));
            expectedItems.put(3, List.of("c qty=30", "u qty=30 color=red stock=7"));
            expectedItems.put(4, List.of("c qty=40 color=purple stock=7"));
            IntStream.range(0, STEADY_CHANGES_PER_TABLE).forEach(i ->
                    expectedItems.put(10 + i, List.of("c qty=" + (100 + i) + " color=green stock=7")));
            assertThat(itemChanges).as("items, per key, as Apicurio's deserializer reads them").isEqualTo(expectedItems);

            Map<Integer, List<String>> noteChanges = reader.changesByKey(
                    KafkaRecords.readAll(kafka.bootstrapServers(), notesTopic::equals), "body");
            Map<Integer, List<String>> expectedNotes = new LinkedHashMap<>();
            expectedNotes.put(1, List.of("r body=first", "u body=first, edited"));
            IntStream.range(0, STEADY_CHANGES_PER_TABLE).forEach(i ->
                    expectedNotes.put(10 + i, List.of("c body=note " + (10 + i))));
            expectedNotes.put(3, List.of("c body=after the rejection"));
            assertThat(noteChanges).isEqualTo(expectedNotes);
        }

        List<ConsumerRecord<byte[], byte[]>> dead = KafkaRecords.readAll(kafka.bootstrapServers(), ("dlq." + db)::equals);
        assertThat(dead).extracting(r -> json(r.key()).path("id").asInt()).containsExactly(5, 6);
        assertThat(dead).allSatisfy(rejected -> {
            assertThat(header(rejected, "cdc.error.stage")).isEqualTo("schema-registry");
            assertThat(header(rejected, "cdc.error.table")).isEqualTo(itemsTopic);
            assertThat(header(rejected, "cdc.error.topic")).isEqualTo(itemsTopic);
            assertThat(header(rejected, "cdc.error.op")).isEqualTo("c");
            assertThat(header(rejected, "cdc.error.format")).isEqualTo("json");
            // Ours, then the registry's 409 answer with its reason.
            assertThat(header(rejected, "cdc.error.message"))
                    .contains("subject '" + itemsTopic + "-value'", "rejected the value schema", "HTTP 409",
                            "Incompatible artifact: " + itemsTopic + "-value")
                    .contains(scenario.registryReason);
        });
        // The events themselves, as plain JSON: nothing is lost.
        assertThat(dead).extracting(r -> json(r.value()).path("after").path("name").asText()).containsExactly("kiwi", "lime");
    }

    /**
     * Protobuf and {@code DROP COLUMN} at BACKWARD, against Apicurio 3.3.3: the columns after the dropped one keep their
     * field numbers and its number is reserved, so Apicurio's Protobuf rule — which refuses any change of a number's
     * type — accepts the table version (by position, qty, an int32, would take name's number, a string). Apicurio's
     * deserializer reads the records of both versions with the values written.
     */
    @Test
    void aProtobufDropColumnRegistersAtBackwardAndApicurioReadsBothVersions() throws Exception {
        ApicurioRegistry apicurio = ApicurioRegistry.shared();
        PostgresServer pg = PostgresServer.shared();
        String db = "e2e_registry_proto_drop";
        String topic = db + ".public.items";
        pg.createDatabase(db);
        pg.execute(db, "CREATE TABLE items (id int PRIMARY KEY, name text, qty int, note text)",
                "INSERT INTO items VALUES (1, 'apple', 10, 'a')");
        Pipeline pipeline = ConfiguredPipeline.assemble(RegistryPipelineConfig.yaml(stateDir, pg, db,
                kafka.bootstrapServers(), "protobuf", apicurio.ccompatUrl(), 3, "stop"), new SimpleMeterRegistry()).build();
        PipelineResult result;
        try (ConfiguredPipeline running = ConfiguredPipeline.start(pipeline);
             RegistryClient registry = new ConfluentRestRegistryClient(RestRegistrySettings.of(apicurio.ccompatUrl()))) {
            awaitRecordsOut(running, 1, 0);
            apicurio.setSubjectCompatibility(topic + "-value", "BACKWARD");
            pg.execute(db, "ALTER TABLE items DROP COLUMN name", "INSERT INTO items VALUES (2, 20, 'b')",
                    "UPDATE items SET qty = 11 WHERE id = 1");
            awaitRecordsOut(running, 3, 0);
            result = running.stop();
            assertThat(registry.versions(topic + "-value")).containsExactly(1, 2);
            assertThat(registry.latest(topic + "-value").schema().text())
                    .contains("optional int32 qty = 3;").contains("reserved 2;");
        }
        assertThat(result.failure()).isNull();
        try (ApicurioReader reader = new ApicurioReader(Format.PROTOBUF, apicurio.nativeV3Url())) {
            Map<Integer, List<String>> changes = reader.changesByKey(
                    KafkaRecords.readAll(kafka.bootstrapServers(), topic::equals), "name", "qty", "note");
            assertThat(changes).isEqualTo(Map.of(1, List.of("r name=apple qty=10 note=a", "u qty=11 note=a"),
                    2, List.of("c qty=20 note=b")));
        }
    }

    /**
     * {@code on_error: stop}: the rejected change stops the pipeline with the registry's reason, and its
     * position is not committed — a restart (here with {@code dead_letter}) meets the same change again
     * rather than skipping it. Once an operator relaxes the subject's level, the next change of that table
     * version registers and arrives, without a restart.
     */
    @Test
    void underOnErrorStopARejectedChangeStopsThePipelineWithTheRegistrysReasonAndIsNotSkipped(
            @TempDir Path stopStateDir) throws Exception {
        ApicurioRegistry apicurio = ApicurioRegistry.shared();
        PostgresServer pg = PostgresServer.shared();
        String db = "e2e_registry_stop";
        String itemsTopic = db + ".public.items";
        pg.createDatabase(db);
        pg.execute(db, "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, qty int)",
                "INSERT INTO items VALUES (1, 'apple', 10)");

        PipelineResult stopped;
        try (ConfiguredPipeline running = ConfiguredPipeline.start(RegistryPipelineConfig.yaml(stopStateDir, pg, db,
                kafka.bootstrapServers(), "avro", apicurio.ccompatUrl(), 3, "stop"))) {
            awaitRecordsOut(running, 1, 0);
            apicurio.setSubjectCompatibility(itemsTopic + "-value", "BACKWARD");
            pg.execute(db, "ALTER TABLE items ALTER COLUMN qty TYPE text USING qty::text",
                    "INSERT INTO items VALUES (2, 'pear', 'twenty')");
            stopped = running.awaitResult();
        }
        assertThat(stopped.status()).isEqualTo(PipelineResult.Status.FAILED);
        assertThat(stopped.failure()).hasMessageContaining("subject '" + itemsTopic + "-value'")
                .hasMessageContaining("HTTP 409")
                .hasMessageContaining("Incompatible artifact: " + itemsTopic + "-value [AVRO]");
        assertThat(stopped.counts().recordsOut()).isEqualTo(1);

        // Rejections not remembered (rejection_cache_ms: 0), so relaxing the level takes effect at the next change.
        String restartYaml = RegistryPipelineConfig.yaml(stopStateDir, pg, db, kafka.bootstrapServers(), "avro",
                apicurio.ccompatUrl(), 3, "dead_letter").replace("    retries: 3\n", "    retries: 3\n    rejection_cache_ms: 0\n");
        PipelineResult restarted;
        try (ConfiguredPipeline running = ConfiguredPipeline.start(restartYaml);
             RegistryClient registry = new ConfluentRestRegistryClient(RestRegistrySettings.of(apicurio.ccompatUrl()))) {
            awaitRecordsOut(running, 1, 1);
            apicurio.setSubjectCompatibility(itemsTopic + "-value", "NONE");
            pg.execute(db, "INSERT INTO items VALUES (3, 'plum', 'thirty')");
            awaitRecordsOut(running, 2, 1);
            restarted = running.stop();
            assertThat(registry.versions(itemsTopic + "-value")).as("registered once the level allowed it")
                    .containsExactly(1, 2);
        }
        assertThat(restarted.failure()).isNull();
        assertThat(KafkaRecords.readAll(kafka.bootstrapServers(), ("dlq." + db)::equals))
                .extracting(r -> json(r.key()).path("id").asInt()).containsExactly(2);
        try (ApicurioReader reader = new ApicurioReader(Format.AVRO, apicurio.nativeV3Url())) {
            assertThat(reader.changesByKey(KafkaRecords.readAll(kafka.bootstrapServers(), itemsTopic::equals), "qty"))
                    .isEqualTo(Map.of(1, List.of("r qty=10"), 3, List.of("c qty=thirty")));
        }
    }

    private static void awaitRecordsOut(ConfiguredPipeline running, long records, long deadLetters) {
        Pipeline pipeline = running.pipeline();
        Await.until(records + " records out, " + deadLetters + " of them dead letters", () -> running.isDone()
                || pipeline.counts().recordsOut() >= records && pipeline.counts().deadLettered() >= deadLetters,
                pipeline::counts);
        assertThat(running.isDone()).as("the pipeline ended early").isFalse();
    }

    /** Every request that reached the registry (the caching client's cache misses). */
    private static double registryRequests(MeterRegistry meters) {
        return meters.find("cdc.registry.requests").counters().stream().mapToDouble(Counter::count).sum();
    }

    /** The requests of one kind ({@code register}, {@code lookup}, {@code read}, {@code other}). */
    private static double registryRequests(MeterRegistry meters, String operation) {
        return meters.find("cdc.registry.requests").tag("operation", operation).counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
