package io.cdctoolkit.compat;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.routing.CaseConversion;
import io.cdctoolkit.engine.routing.TopicResolver;
import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.runtime.PipelineResult;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.testing.KafkaTestCluster;
import io.cdctoolkit.testing.MariaDbServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.cdctoolkit.compat.ChangeAssertions.TOMBSTONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CI's MariaDB → mariadb-cdc → tombstones → Kafka, configured from YAML: a snapshot, then changes
 * while the pipeline runs, read back with a plain consumer. Skips without a MariaDB server
 * ({@link MariaDbServer#UNAVAILABLE} says how to provide one).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbToKafkaTest {

    private static final String DB = "e2e_maria";
    private static final String PATTERN = "cdc.{database}.{table}";

    private KafkaTestCluster kafka;
    private PipelineResult result;
    private List<ConsumerRecord<byte[], byte[]>> records;

    @BeforeAll
    void captureChanges(@TempDir Path stateDir) throws Exception {
        Optional<MariaDbServer> found = MariaDbServer.fromEnvironment();
        if (found.isEmpty()) return; // each test then skips, saying how to provide a server
        MariaDbServer maria = found.get();
        maria.createDatabase(DB);
        maria.execute(DB,
                "CREATE TABLE CustomerOrders (id INT PRIMARY KEY, status VARCHAR(20) NOT NULL)",
                "INSERT INTO CustomerOrders VALUES (1, 'new'), (2, 'new')");
        kafka = KafkaTestCluster.start();

        Pipeline pipeline = ConfiguredPipeline.assemble(yaml(maria, stateDir)).build();
        try (ConfiguredPipeline running = ConfiguredPipeline.start(pipeline)) {
            Await.until("the 2 snapshot rows in Kafka", () -> running.isDone() || pipeline.counts().recordsOut() >= 2,
                    pipeline::counts);
            maria.execute(DB, "INSERT INTO CustomerOrders VALUES (3, 'new')");
            try (Connection c = maria.connect(DB); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("UPDATE CustomerOrders SET status = 'paid' WHERE id = 1");
                st.execute("DELETE FROM CustomerOrders WHERE id = 2");
                c.commit();
            }
            maria.execute(DB, "DELETE FROM CustomerOrders WHERE id = 3");
            // 2 snapshot rows + 4 changes + 2 tombstones.
            Await.until("8 records in Kafka", () -> running.isDone() || pipeline.counts().recordsOut() >= 8,
                    pipeline::counts);
            result = running.stop();
        }
        records = KafkaRecords.readAll(kafka.bootstrapServers(), topic -> topic.startsWith("cdc."));
    }

    @BeforeEach
    void requireMariaDb() {
        assumeTrue(MariaDbServer.fromEnvironment().isPresent(), MariaDbServer.UNAVAILABLE);
    }

    @AfterAll
    void stopKafka() throws Exception {
        if (kafka != null) kafka.close();
    }

    private String yaml(MariaDbServer maria, Path stateDir) {
        return """
                version: "1.0"
                state_dir: %s
                sources:
                  maria_e2e:
                    connector: mariadb-cdc
                    config:
                      host: %s
                      port: %d
                      database: %s
                      user: %s
                      password: "%s"
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
                      topic_creation: { enabled: true, partitions: 2 }
                pipelines:
                  maria_to_kafka: { source: maria_e2e, sink: kafka }
                """.formatted(stateDir, maria.host(), maria.port(), DB, maria.user(), maria.password(), PATTERN,
                kafka.bootstrapServers());
    }

    @Test
    void thePipelineStopsCleanlyWithEverythingDelivered() {
        assertThat(result.failure()).isNull();
        assertThat(result.status()).isEqualTo(PipelineResult.Status.STOPPED);
        assertThat(records).hasSize(8);
    }

    @Test
    void everyChangeIsInKafkaInItsKeysOrder() {
        assertThat(ChangeAssertions.opsByKey(records)).isEqualTo(Map.of(
                DB + ".CustomerOrders", Map.of(
                        "{\"id\":1}", List.of("r", "u"),
                        "{\"id\":2}", List.of("r", "d", TOMBSTONE),
                        "{\"id\":3}", List.of("c", "d", TOMBSTONE))));
    }

    @Test
    void aTombstoneFollowsEachDelete() {
        ChangeAssertions.assertTombstoneRightAfterEachDelete(records);
    }

    @Test
    void everyRecordCarriesTheCdcHeaders() {
        ChangeAssertions.assertCdcHeaders(records);
    }

    @Test
    void topicsAreNamedByTheTopicResolver() {
        TopicResolver resolver = TopicResolver.builder(PATTERN).caseConversion(CaseConversion.SNAKE_CASE).build();
        String expected = resolver.resolve(new TableId(DB, null, "CustomerOrders"));
        assertThat(expected).isEqualTo("cdc.e2e_maria.customer_orders");
        ChangeAssertions.assertTopics(records, Map.of(DB + ".CustomerOrders", expected));
    }
}
