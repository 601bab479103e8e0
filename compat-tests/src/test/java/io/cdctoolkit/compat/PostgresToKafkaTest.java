package io.cdctoolkit.compat;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.routing.CaseConversion;
import io.cdctoolkit.engine.routing.TopicResolver;
import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.runtime.PipelineResult;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.testing.KafkaTestCluster;
import io.cdctoolkit.testing.PostgresServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static io.cdctoolkit.compat.ChangeAssertions.TOMBSTONE;
import static io.cdctoolkit.compat.KafkaRecords.header;
import static io.cdctoolkit.compat.KafkaRecords.json;
import static io.cdctoolkit.compat.KafkaRecords.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Embedded PostgreSQL → postgres-cdc → tombstones → Kafka, configured from YAML as a user would: a
 * snapshot, then inserts, updates and deletes (one transaction spanning two tables) while the pipeline
 * runs, read back with a plain consumer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresToKafkaTest {

    private static final String DB = "e2e_pg";
    private static final String PATTERN = "cdc.{schema}.{table}";

    private KafkaTestCluster kafka;
    private PipelineResult result;
    private List<ConsumerRecord<byte[], byte[]>> records;

    @BeforeAll
    void captureChanges(@TempDir Path stateDir) throws Exception {
        kafka = KafkaTestCluster.start();
        PostgresServer pg = PostgresServer.shared();
        pg.createDatabase(DB);
        pg.execute(DB,
                "CREATE TABLE \"UserAccounts\" (id int PRIMARY KEY, name text NOT NULL)",
                "ALTER TABLE \"UserAccounts\" REPLICA IDENTITY FULL",
                "CREATE TABLE orders (id int PRIMARY KEY, amount int NOT NULL)",
                "ALTER TABLE orders REPLICA IDENTITY FULL",
                "CREATE TABLE audit_log (entry text NOT NULL)",
                "ALTER TABLE audit_log REPLICA IDENTITY FULL",
                "INSERT INTO \"UserAccounts\" VALUES (1, 'ada'), (2, 'bob'), (3, 'cy')",
                "INSERT INTO orders VALUES (1, 10), (2, 20)",
                "INSERT INTO audit_log VALUES ('created')");

        Pipeline pipeline = ConfiguredPipeline.assemble(yaml(pg, stateDir)).build();
        try (ConfiguredPipeline running = ConfiguredPipeline.start(pipeline)) {
            Await.until("the 6 snapshot rows in Kafka", () -> running.isDone() || pipeline.counts().recordsOut() >= 6,
                    pipeline::counts);
            pg.execute(DB,
                    "INSERT INTO \"UserAccounts\" VALUES (4, 'dee')",
                    "UPDATE \"UserAccounts\" SET name = 'ada lovelace' WHERE id = 1",
                    "DELETE FROM \"UserAccounts\" WHERE id = 2");
            try (Connection c = pg.connect(DB); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("INSERT INTO orders VALUES (3, 30)");
                st.execute("UPDATE orders SET amount = 11 WHERE id = 1");
                st.execute("UPDATE \"UserAccounts\" SET name = 'dee2' WHERE id = 4");
                c.commit();
            }
            pg.execute(DB,
                    "DELETE FROM orders WHERE id = 1",
                    "DELETE FROM \"UserAccounts\" WHERE id = 4",
                    "DELETE FROM audit_log");
            // 6 snapshot rows + 9 changes + 3 tombstones (the keyless audit_log's delete gets none).
            Await.until("18 records in Kafka", () -> running.isDone() || pipeline.counts().recordsOut() >= 18,
                    pipeline::counts);
            result = running.stop();
        }
        records = KafkaRecords.readAll(kafka.bootstrapServers(), topic -> topic.startsWith("cdc."));
    }

    @AfterAll
    void stopKafka() throws Exception {
        if (kafka != null) kafka.close();
    }

    private String yaml(PostgresServer pg, Path stateDir) {
        return """
                version: "1.0"
                state_dir: %s
                sources:
                  pg_e2e:
                    connector: postgres-cdc
                    config:
                      host: %s
                      port: %d
                      database: %s
                      user: %s
                      ssl_mode: disable
                      poll_interval_ms: 50
                      topic_routing: "%s"
                      normalization: { case_conversion: snake_case }
                      cdc_features:
                        tombstones: { enabled: true }
                sinks:
                  kafka:
                    connector: kafka
                    config:
                      bootstrap_servers: %s
                      linger_ms: 1
                      topic_creation: { enabled: true, partitions: 3 }
                pipelines:
                  pg_to_kafka:
                    source: pg_e2e
                    sink: kafka
                    settings: { batch_size: 100 }
                """.formatted(stateDir, pg.host(), pg.port(), DB, PostgresServer.SUPERUSER, PATTERN,
                kafka.bootstrapServers());
    }

    @Test
    void thePipelineStopsCleanlyWithEverythingDelivered() {
        assertThat(result.failure()).isNull();
        assertThat(result.status()).isEqualTo(PipelineResult.Status.STOPPED);
        assertThat(result.counts().recordsOut()).isEqualTo(18);
        assertThat(records).hasSize(18);
    }

    @Test
    void everyChangeIsInKafkaInItsKeysOrder() {
        assertThat(ChangeAssertions.opsByKey(records)).isEqualTo(Map.of(
                DB + ".public.UserAccounts", Map.of(
                        "{\"id\":1}", List.of("r", "u"),
                        "{\"id\":2}", List.of("r", "d", TOMBSTONE),
                        "{\"id\":3}", List.of("r"),
                        "{\"id\":4}", List.of("c", "u", "d", TOMBSTONE)),
                DB + ".public.orders", Map.of(
                        "{\"id\":1}", List.of("r", "u", "d", TOMBSTONE),
                        "{\"id\":2}", List.of("r"),
                        "{\"id\":3}", List.of("c")),
                DB + ".public.audit_log", java.util.Collections.singletonMap(null, List.of("r", "d"))));
        ConsumerRecord<byte[], byte[]> update = records.stream()
                .filter(r -> (DB + ".public.UserAccounts").equals(header(r, "cdc.table"))
                        && "{\"id\":1}".equals(text(r.key())) && ChangeAssertions.op(r).equals("u"))
                .findFirst().orElseThrow();
        assertThat(json(update.value()).path("before").path("name").asText()).isEqualTo("ada");
        assertThat(json(update.value()).path("after").path("name").asText()).isEqualTo("ada lovelace");
    }

    @Test
    void aTombstoneFollowsEachDeleteOfATableWithAKey() {
        ChangeAssertions.assertTombstoneRightAfterEachDelete(records);
    }

    @Test
    void everyRecordCarriesTheCdcHeaders() {
        ChangeAssertions.assertCdcHeaders(records);
    }

    @Test
    void topicsAreNamedByTheTopicResolver() {
        TopicResolver resolver = TopicResolver.builder(PATTERN).caseConversion(CaseConversion.SNAKE_CASE).build();
        assertThat(resolver.resolve(new TableId(DB, "public", "UserAccounts"))).isEqualTo("cdc.public.user_accounts");
        ChangeAssertions.assertTopics(records, Map.of(
                DB + ".public.UserAccounts", resolver.resolve(new TableId(DB, "public", "UserAccounts")),
                DB + ".public.orders", resolver.resolve(new TableId(DB, "public", "orders")),
                DB + ".public.audit_log", resolver.resolve(new TableId(DB, "public", "audit_log"))));
    }
}
