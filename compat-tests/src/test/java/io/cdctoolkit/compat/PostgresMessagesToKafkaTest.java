package io.cdctoolkit.compat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.runtime.PipelineResult;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.testing.KafkaTestCluster;
import io.cdctoolkit.testing.PostgresServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static io.cdctoolkit.compat.KafkaRecords.header;
import static io.cdctoolkit.compat.KafkaRecords.json;
import static io.cdctoolkit.compat.KafkaRecords.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code message_prefixes} through a whole pipeline configured from YAML, with each engine: logical decoding
 * messages of the listed prefixes arrive in Kafka on {@code message_topic} as Debezium's message records
 * (key {@code {prefix}}, value {@code {op: m, ts_ms, source, message {prefix, content}}}), past a chain that
 * flattens the table events (extract_new_record_state passes messages on) and masks a column only of
 * them (a predicate keeps the mask off the messages); unlisted prefixes and the heartbeat's own give nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresMessagesToKafkaTest {

    private static final String TOPIC = "app.outbox";

    private KafkaTestCluster kafka;

    @BeforeAll
    void startKafka() throws Exception {
        kafka = KafkaTestCluster.start();
    }

    @AfterAll
    void stopKafka() throws Exception {
        if (kafka != null) kafka.close();
    }

    @ParameterizedTest(name = "engine: {0}")
    @ValueSource(strings = {"native", "debezium"})
    void listedMessagesArriveInKafkaAsDebeziumMessageRecords(String engine, @TempDir Path stateDir) throws Exception {
        String db = "messages_" + engine;
        PostgresServer pg = PostgresServer.shared();
        pg.createDatabase(db);
        pg.execute(db, "CREATE TABLE orders (id int PRIMARY KEY, card text)", "INSERT INTO orders VALUES (0, '3700-0000')");
        String topic = TOPIC + "." + engine;

        Path config = stateDir.resolve("pipeline.yaml");
        Files.writeString(config, yaml(pg, db, engine, stateDir, "msg", """
                heartbeat_interval_ms: 200
                message_prefixes: ["outbox.*"]
                message_topic: %s
                transforms:
                  - type: extract_new_record_state
                  - type: mask_field
                    predicate: { operations: [m], negate: true }
                    config: { fields: [card], replacement: "****" }
                """.formatted(topic)));
        Pipeline pipeline = ConfiguredPipeline.assemble(Files.readString(config)).build();
        PipelineResult result;
        try (ConfiguredPipeline running = ConfiguredPipeline.start(pipeline)) {
            Await.until("the snapshot row in Kafka", () -> running.isDone() || pipeline.counts().recordsOut() >= 1,
                    pipeline::counts);
            pg.execute(db,
                    "BEGIN; INSERT INTO orders VALUES (1, '4111-1111');"
                            + " SELECT pg_logical_emit_message(true, 'outbox.orders', convert_to('{\"order\": 1}', 'UTF8'));"
                            + " SELECT pg_logical_emit_message(true, 'internal', 'not listed'); COMMIT",
                    "SELECT pg_logical_emit_message(false, 'cdc-toolkit-heartbeat', '')",
                    "SELECT pg_logical_emit_message(false, 'outbox.audit', 'at once')",
                    "INSERT INTO orders VALUES (2, '5500-0000')");
            Await.until("2 more orders and 2 messages in Kafka", () -> running.isDone() || pipeline.counts().recordsOut() >= 5,
                    pipeline::counts);
            result = running.stop();
        }
        assertThat(result.failure()).isNull();
        assertThat(result.counts().recordsOut()).as("nothing else was produced").isEqualTo(5);

        List<ConsumerRecord<byte[], byte[]>> messages = KafkaRecords.readAll(kafka.bootstrapServers(), topic::equals);
        assertThat(messages).extracting(r -> text(r.key()))
                .containsExactly("{\"prefix\":\"outbox.orders\"}", "{\"prefix\":\"outbox.audit\"}");
        JsonNode inTransaction = json(messages.get(0).value());
        assertThat(inTransaction.path("op").asText()).isEqualTo("m");
        assertThat(inTransaction.path("message").path("prefix").asText()).isEqualTo("outbox.orders");
        assertThat(new String(Base64.getDecoder().decode(inTransaction.path("message").path("content").asText()),
                StandardCharsets.UTF_8)).isEqualTo("{\"order\": 1}");
        assertThat(inTransaction.path("source").path("db").asText()).isEqualTo(db);
        assertThat(inTransaction.path("source").path("txId").isNumber()).as("transactional: its txId").isTrue();
        assertThat(inTransaction.has("before")).as("no envelope").isFalse();
        JsonNode atOnce = json(messages.get(1).value());
        assertThat(atOnce.path("source").path("txId").isNull()).as("non-transactional: no txId").isTrue();
        assertThat(new String(Base64.getDecoder().decode(atOnce.path("message").path("content").asText()),
                StandardCharsets.UTF_8)).isEqualTo("at once");
        assertThat(messages).allSatisfy(r -> {
            assertThat(header(r, "cdc.op")).isEqualTo("m");
            assertThat(header(r, "cdc.table")).isEqualTo(db + ".message");
        });

        List<ConsumerRecord<byte[], byte[]>> orders = KafkaRecords.readAll(kafka.bootstrapServers(),
                t -> t.equals("msg." + engine + ".public.orders"));
        assertThat(orders).extracting(r -> json(r.value()).path("card").asText())
                .as("flattened and masked").containsExactly("****", "****", "****");
    }

    /**
     * {@code transaction_metadata} through a whole pipeline, with each engine: a BEGIN and an END record per
     * transaction on {@code transaction_topic} (keyed by the transaction id, the END counting its events per table),
     * each change's envelope with its transaction block, in Kafka as JSON.
     */
    @ParameterizedTest(name = "engine: {0}")
    @ValueSource(strings = {"native", "debezium"})
    void transactionMetadataArrivesInKafka(String engine, @TempDir Path stateDir) throws Exception {
        String db = "txmeta_" + engine;
        PostgresServer pg = PostgresServer.shared();
        pg.createDatabase(db);
        pg.execute(db, "CREATE TABLE orders (id int PRIMARY KEY)", "CREATE TABLE lines (id int PRIMARY KEY, qty int)",
                "INSERT INTO orders VALUES (0)");
        String topic = "app.tx." + engine;
        String yaml = yaml(pg, db, engine, stateDir, "txmeta", """
                transaction_metadata: true
                transaction_topic: %s
                """.formatted(topic));
        Pipeline pipeline = ConfiguredPipeline.assemble(yaml).build();
        PipelineResult result;
        try (ConfiguredPipeline running = ConfiguredPipeline.start(pipeline)) {
            Await.until("the snapshot row in Kafka", () -> running.isDone() || pipeline.counts().recordsOut() >= 1,
                    pipeline::counts);
            pg.execute(db, "BEGIN; INSERT INTO orders VALUES (1); INSERT INTO lines VALUES (1, 2), (2, 5); COMMIT");
            // snapshot row + BEGIN + 3 changes + END
            Await.until("the transaction in Kafka", () -> running.isDone() || pipeline.counts().recordsOut() >= 6,
                    pipeline::counts);
            result = running.stop();
        }
        assertThat(result.failure()).isNull();
        assertThat(result.counts().recordsOut()).isEqualTo(6);

        List<ConsumerRecord<byte[], byte[]>> boundaries = KafkaRecords.readAll(kafka.bootstrapServers(), topic::equals);
        assertThat(boundaries).extracting(r -> json(r.value()).path("status").asText()).containsExactly("BEGIN", "END");
        JsonNode end = json(boundaries.get(1).value());
        String id = end.path("id").asText();
        assertThat(json(boundaries.get(0).key()).path("id").asText()).as("the BEGIN's key").matches("\\d+:\\d+");
        assertThat(end.path("event_count").asLong()).isEqualTo(3);
        assertThat(end.path("data_collections").toString()).contains("{\"data_collection\":\"public.orders\",\"event_count\":1}")
                .contains("{\"data_collection\":\"public.lines\",\"event_count\":2}");
        assertThat(boundaries).allSatisfy(r -> assertThat(header(r, "cdc.op")).isEqualTo("tx"));

        List<ConsumerRecord<byte[], byte[]>> lines = KafkaRecords.readAll(kafka.bootstrapServers(),
                t -> t.equals("txmeta." + engine + ".public.lines"));
        assertThat(lines).extracting(r -> json(r.value()).path("transaction").path("total_order").asLong() + "/"
                + json(r.value()).path("transaction").path("data_collection_order").asLong()).containsExactly("2/1", "3/2");
        assertThat(json(lines.get(1).value()).path("transaction").path("id").asText()).startsWith(id.split(":")[0] + ":");
        List<ConsumerRecord<byte[], byte[]>> orders = KafkaRecords.readAll(kafka.bootstrapServers(),
                t -> t.equals("txmeta." + engine + ".public.orders"));
        assertThat(json(orders.get(0).value()).path("op").asText()).isEqualTo("r");
        assertThat(json(orders.get(0).value()).path("transaction").isNull()).as("a snapshot row has no block").isTrue();
    }

    /**
     * A pipeline postgres-cdc → Kafka on slot {@code <name>_<engine>}, topics {@code <name>.<engine>.<schema>.<table>},
     * with {@code sourceOptions} (YAML lines of the source's config) added.
     */
    private String yaml(PostgresServer pg, String db, String engine, Path stateDir, String name, String sourceOptions) {
        return """
                version: "1.0"
                state_dir: %s
                sources:
                  pg:
                    connector: postgres-cdc
                    config:
                      host: %s
                      port: %d
                      database: %s
                      user: %s
                      ssl_mode: disable
                      poll_interval_ms: 50
                      engine: %s
                      slot_name: %s_%s
                      topic_routing: "%s.%s.{schema}.{table}"
                %s
                sinks:
                  kafka:
                    connector: kafka
                    config:
                      bootstrap_servers: %s
                      linger_ms: 1
                pipelines:
                  p:
                    source: pg
                    sink: kafka
                """.formatted(stateDir, pg.host(), pg.port(), db, PostgresServer.SUPERUSER, engine, name, engine, name, engine,
                sourceOptions.indent(6).stripTrailing(), kafka.bootstrapServers());
    }
}
